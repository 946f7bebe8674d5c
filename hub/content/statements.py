"""Selects that every request runs, compiled to SQL once per shape instead of once per call.

Piccolo builds a select's SQL from its column, join and condition objects each time it runs:
about 0.25 ms for a dataloader's batch through a join table, more than SQLite takes to answer it
(a kiosk page of 20 stories ran three such batches). A batch statement differs between calls
only in its list of keys, so its SQL is built once per (name, number of keys) with stand-in keys,
and each call swaps the real keys in. The statement then runs as a query frozen with piccolo's
own `frozen_querystrings` (what `Query.freeze()` makes), so rows come back exactly as from the
select it was built from.

A list page differs between calls in its conditions, order and page: `Frozen` keeps the most
recently used pages frozen with `Query.freeze()`, keyed by the SQL of their conditions, which
costs a tenth of building the whole statement.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Any

from piccolo.query.base import FrozenQuery
from piccolo.query.methods.select import Select
from piccolo.querystring import QueryString
from piccolo.table import Table

# Stand-in keys: integers no table holds, told apart from every other argument by value.
_STAND_IN = -(2**52)


@dataclass(frozen=True)
class _Shape:
    template: str  # the SQL, with piccolo's `{}` for each argument
    args: tuple[Any, ...]
    slots: tuple[tuple[int, int], ...]  # (argument position, key position)
    query: Select  # what it was built from: its output settings shape the rows


class Statements:
    """Compiled batch selects, by name, engine type and batch size, the `size` most recently
    used (batch sizes vary with the query). One per process: the SQL depends on nothing else,
    never on a request."""

    def __init__(self, size: int = 2048) -> None:
        self.size = size
        self._shapes: OrderedDict[tuple[Hashable, str, int], _Shape] = OrderedDict()

    def clear(self) -> None:
        self._shapes.clear()

    async def run(
        self,
        table: type[Table],
        name: Hashable,
        build: Callable[[list[int]], Select],
        keys: Sequence[int],
    ) -> list[dict[str, Any]]:
        """Rows of `build(keys)`, a select of `table`; `build` must use each key as one
        argument (`is_in`) and return the same statement for the same `name` whatever the
        keys."""
        key = (name, table._meta.db.engine_type, len(keys))
        shape = self._shapes.get(key)
        if shape is None:
            shape = self._shapes[key] = _compile(build, len(keys))
            if len(self._shapes) > self.size:
                self._shapes.popitem(last=False)
        else:
            self._shapes.move_to_end(key)
        args = list(shape.args)
        for position, key in shape.slots:
            args[position] = keys[key]
        frozen = Select(
            table=shape.query.table,
            frozen_querystrings=[QueryString(shape.template, *args)],
        )
        frozen.output_delegate = shape.query.output_delegate.copy()
        return await frozen.run()  # type: ignore[no-any-return]


def _compile(build: Callable[[list[int]], Select], size: int) -> _Shape:
    stand_ins = [_STAND_IN - i for i in range(size)]
    query = build(stand_ins)
    (querystring,) = query.querystrings
    _, fragments, args = querystring.bundle(start_index=1, bundled=[], combined_args=[])
    template = "".join(f.prefix + ("" if f.no_arg else "{}") for f in fragments)
    by_value = {value: i for i, value in enumerate(stand_ins)}
    slots = tuple(
        (position, by_value[arg])
        for position, arg in enumerate(args)
        if type(arg) is int and arg in by_value
    )
    if sorted(key for _, key in slots) != list(range(size)):
        raise ValueError(f"each key must be one argument of the statement: {query}")
    if "{" in template.replace("{}", ""):
        raise ValueError(f"the statement's SQL holds a brace: {query}")
    return _Shape(template=template, args=tuple(args), slots=slots, query=query)


class Frozen:
    """Queries frozen with piccolo's `Query.freeze()`, the `size` most recently used by key. A
    key must name everything the SQL holds, values included (e.g. the SQL of the conditions)."""

    def __init__(self, size: int = 512) -> None:
        self.size = size
        self._queries: OrderedDict[Hashable, FrozenQuery] = OrderedDict()

    def get(self, key: Hashable, build: Callable[[], Any]) -> FrozenQuery:
        query = self._queries.get(key)
        if query is None:
            query = self._queries[key] = build().freeze()
            if len(self._queries) > self.size:
                self._queries.popitem(last=False)
        else:
            self._queries.move_to_end(key)
        return query


STATEMENTS = Statements()
PAGES = Frozen()
