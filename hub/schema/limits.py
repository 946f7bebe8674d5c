"""Abuse limits: strawberry's depth, alias and token limiters, plus a query cost budget."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValidationContext,
    ValidationRule,
    VariableNode,
)
from strawberry.extensions import (
    AddValidationRules,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    SchemaExtension,
    ValidationCache,
)

from hub.content.pages import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from hub.settings import Settings


def _page_size(node: FieldNode, defaults: dict[str, Any]) -> int | None:
    """The `first` of a connection field; a variable counts as its default or the maximum."""
    for argument in node.arguments or ():
        if argument.name.value != "first":
            continue
        value = argument.value
        if isinstance(value, IntValueNode):
            return int(value.value)
        if isinstance(value, VariableNode):
            default = defaults.get(value.name.value)
            return default if isinstance(default, int) else MAX_PAGE_SIZE
    return None


def query_cost(context: ValidationContext, operation: OperationDefinitionNode) -> int:
    """Each field costs the product of the page sizes of the lists around it.

    Connections multiply by `first` (default 20); `edges`/`nodes` only pass it on. Plain lists
    without arguments (tags, gallery) count as one page of the default size.
    """
    defaults = {
        d.variable.name.value: int(d.default_value.value)
        for d in operation.variable_definitions or []
        if isinstance(d.default_value, IntValueNode)
    }
    fragments = {
        f.name.value: f
        for f in context.document.definitions
        if isinstance(f, FragmentDefinitionNode)
    }

    def walk(selection_set: SelectionSetNode | None, multiplier: int, seen: frozenset[str]) -> int:
        if selection_set is None:
            return 0
        total = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                size = _page_size(selection, defaults)
                child = multiplier
                if size is not None:
                    child = multiplier * max(size, 1)
                elif selection.selection_set is not None and selection.name.value in _LIST_FIELDS:
                    child = multiplier * DEFAULT_PAGE_SIZE
                total += multiplier + walk(selection.selection_set, child, seen)
            elif isinstance(selection, InlineFragmentNode):
                total += walk(selection.selection_set, multiplier, seen)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                if name not in seen and name in fragments:
                    total += walk(fragments[name].selection_set, multiplier, seen | {name})
        return total

    return walk(operation.selection_set, 1, frozenset())


# Lists without pagination arguments whose length is bounded by editors, not by the query.
_LIST_FIELDS = {"tags", "gallery", "images", "mentors", "lessons", "partners", "artworks", "events"}


def cost_rule(max_cost: int) -> type[ValidationRule]:
    class QueryCostRule(ValidationRule):
        def enter_operation_definition(self, node: OperationDefinitionNode, *_: Any) -> None:
            cost = query_cost(self.context, node)
            if cost > max_cost:
                self.report_error(
                    GraphQLError(
                        f"Query cost {cost} is over the budget of {max_cost}: ask for smaller "
                        "pages (`first`) or fewer nested lists.",
                        node,
                        extensions={"code": "QUERY_TOO_COSTLY", "cost": cost, "maxCost": max_cost},
                    )
                )

    return QueryCostRule


def limit_extensions(settings: Settings) -> list[Callable[[], SchemaExtension]]:
    """Extension factories: strawberry builds a fresh extension for every request.

    The validation rules are built once: with the same rules on every request, ValidationCache
    can reuse the verdict on a document it has seen (the kiosk asks the same query all day).
    QueryDepthLimiter and MaxAliasesLimiter would each build a new rule class per request, so
    every request would miss the cache and validate again: ~30% of the kiosk query's CPU.
    """
    rules = [
        *QueryDepthLimiter(max_depth=settings.max_depth).validation_rules,
        *MaxAliasesLimiter(max_alias_count=settings.max_aliases).validation_rules,
        cost_rule(settings.max_cost),
    ]
    return [
        partial(MaxTokensLimiter, max_token_count=settings.max_tokens),
        ParserCache,
        partial(AddValidationRules, rules),
        ValidationCache,
    ]
