"""`computed`: a GraphQL field without arguments, computed from the object, at the cost of a
plain attribute.

Strawberry runs a field with a resolver through its whole machinery (an Info object, argument
conversion, the field-extension chain) even when the resolver takes nothing and reads one
column: about 5 us a field, or 1-2 ms of a kiosk page's ~350 fields. A field without a
resolver takes its fast path instead, which asks the field for its value with `get_result`; this
field answers that with its function of the object. Use it for every field without arguments:
an entry reaches its request (viewer, loaders) through its chain, so relations are computed too
(`hub.schema.relations`). Fields with arguments stay `strawberry.field` resolvers.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from strawberry.types.field import StrawberryField


class ComputedField(StrawberryField):
    def __init__(self, *args: Any, compute: Callable[[Any], Any] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        # Computed, never passed to the constructor: keep it out of the dataclass __init__.
        self.init = False
        self.compute = compute

    def get_result(self, source: Any, info: Any, args: Any, kwargs: Any) -> Any:
        return self.compute(source)  # type: ignore[misc]

    def __copy__(self) -> ComputedField:
        # Strawberry copies fields into subclasses and generic specialisations.
        copied = super().__copy__()
        copied.compute = self.compute
        return copied


def computed(compute: Callable[[Any], Any], *, description: str) -> Any:
    """A field whose value is `compute(obj)`; annotate it with its GraphQL type."""
    return ComputedField(compute=compute, description=description)


def stored(column: str, *, description: str) -> Any:
    """A column as it is stored."""
    return ComputedField(compute=lambda obj: obj.row[column], description=description)


def translated(name: str, *, description: str) -> Any:
    """A text in the entry's served locale, falling back along its chain (`Entry.text`)."""
    return ComputedField(compute=lambda entry: entry.text(name), description=description)


def rich_text(name: str, *, description: str) -> Any:
    """Formatted text in the entry's served locale (`Entry.rich`)."""
    return ComputedField(compute=lambda entry: entry.rich(name), description=description)
