"""The response cache: readers who are not editors, asking the same query with the same
variables, get the same answer until content changes.

An exhibition's kiosks ask the same few queries all day, and the public website's visitors the
same pages: executing ~400 fields again for each costs several times more than the answer's
bytes. Like envelop's `useResponseCache`, an extension of the execution step keys a result by
the document, operation name and variables, plus what decides visibility
(`hub.access.rule_key`), and skips execution on a hit.

What keeps it from serving something it must not:
- it serves only viewers who are not editors, and only what such a viewer would be served
  (the key holds the visibility rule's key): drafts never reach it;
- every entry carries the content version read BEFORE the query ran (`hub.content.versions`),
  and only an entry of the current version is served. Triggers bump the version in the same
  transaction as any change to content, so an unpublished story is gone from the cache as soon
  as its change commits, in every process;
- what depends on more than the database's content is never stored: results with errors,
  mutations, and fields that mark their request (`Context.cacheable`, e.g. `search`, which
  reads an index that catches up after the commit). Filters on the clock (upcoming events and
  courses) are why an entry also has an age limit (`HUB_RESPONSE_CACHE_SECONDS`).
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable, Hashable
from dataclasses import dataclass
from typing import Any

import orjson
from graphql import ExecutionResult
from strawberry.extensions import SchemaExtension
from strawberry.types.graphql import OperationType

from hub.access import rule_key
from hub.content import versions


@dataclass(frozen=True)
class _Stored:
    version: int
    expires: float
    result: ExecutionResult


class ResponseStore:
    """The results of the `entries` most recently used keys, each served while the content
    version it was computed at is current and for `seconds` at most. One per app."""

    def __init__(
        self, entries: int, seconds: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.entries = entries
        self.seconds = seconds
        self.clock = clock
        self._stored: OrderedDict[Hashable, _Stored] = OrderedDict()

    @property
    def enabled(self) -> bool:
        return self.entries > 0

    def __len__(self) -> int:
        return len(self._stored)

    def get(self, key: Hashable, version: int) -> ExecutionResult | None:
        stored = self._stored.get(key)
        if stored is None:
            return None
        if stored.version != version or stored.expires <= self.clock():
            del self._stored[key]
            return None
        self._stored.move_to_end(key)
        return stored.result

    def put(self, key: Hashable, version: int, result: ExecutionResult) -> None:
        self._stored[key] = _Stored(version, self.clock() + self.seconds, result)
        self._stored.move_to_end(key)
        if len(self._stored) > self.entries:
            self._stored.popitem(last=False)

    def clear(self) -> None:
        self._stored.clear()


class ResponseCache(SchemaExtension):
    """Serves a stored result instead of executing, or stores the result executed."""

    async def on_execute(self) -> AsyncIterator[None]:
        execution = self.execution_context
        context: Any = execution.context
        store: ResponseStore = context.services.responses
        key = _key(execution, context) if store.enabled else None
        version = await versions.current() if key is not None else None
        if key is None or version is None:
            yield
            return
        cached = store.get(key, version)
        if cached is not None:
            execution.result = cached  # strawberry then skips execution
            yield
            return
        yield
        result = execution.result
        if type(result) is ExecutionResult and not result.errors and context.cacheable:
            store.put(key, version, result)


def _key(execution: Any, context: Any) -> Hashable | None:
    if context.viewer.is_editor or execution.query is None:
        return None
    if execution.operation_type is not OperationType.QUERY:
        return None
    try:
        variables = orjson.dumps(execution.variables, option=orjson.OPT_SORT_KEYS)
    except TypeError:  # not JSON (an upload): nothing a cached query would take
        return None
    return (execution.query, execution.operation_name, variables, rule_key(context.viewer))
