"""Every content type in hub.content.registry has all its pieces; a missing one is named."""

from __future__ import annotations

import importlib

import pytest

from hub.content.registry import SPECS
from hub.enums import ContentType
from hub.i18n import LOCALES
from hub.schema import Mutation, Query, build_schema
from hub.search.documents import TABLES
from hub.settings import Settings

SCHEMA = build_schema(Settings())


def _plural(label: str) -> str:
    return f"{label[:-1]}ies" if label.endswith("y") else f"{label}s"


@pytest.mark.parametrize("type_name", sorted(SPECS))
def test_every_registered_type_has_its_modules_type_queries_and_mutations(type_name: str) -> None:
    spec = SPECS[type_name]
    plural = _plural(spec.label)
    missing = []
    for layer in ("content", "schema"):
        try:
            importlib.import_module(f"hub.{layer}.{plural}")
        except ModuleNotFoundError:
            missing.append(f"no hub/{layer}/{plural}.py")
    if SCHEMA.get_type_by_name(type_name) is None:
        missing.append(f"no GraphQL type {type_name}: add it in hub/schema/{plural}.py")
    query_fields = {f.python_name for f in Query.__strawberry_definition__.fields}
    for field in (spec.label, plural):
        if field not in query_fields:
            missing.append(f"no Query.{field}: add {type_name}Query to hub/schema/__init__.py")
    mutation_fields = {f.python_name for f in Mutation.__strawberry_definition__.fields}
    for verb in ("create", "update", "delete"):
        if f"{verb}_{spec.label}" not in mutation_fields:
            missing.append(
                f"no {verb}{type_name}: add {type_name}Mutation to hub/schema/__init__.py"
            )
    assert not missing, f"{type_name}: " + "; ".join(missing)


@pytest.mark.parametrize("type_name", sorted(SPECS))
def test_every_translated_field_has_a_column_per_locale(type_name: str) -> None:
    spec = SPECS[type_name]
    columns = {column._meta.name for column in spec.table._meta.columns}
    missing = [
        f"{name}_{locale.value}"
        for name in spec.translated
        for locale in LOCALES
        if f"{name}_{locale.value}" not in columns
    ]
    assert not missing, f"{spec.table.__name__} lacks {', '.join(missing)}"


def test_every_tg_column_has_its_ru_and_en_siblings() -> None:
    from hub.tables import ALL_TABLES

    for table in ALL_TABLES:
        names = {column._meta.name for column in table._meta.columns}
        for name in names:
            if name.endswith("_tg"):
                stem = name.removesuffix("_tg")
                assert {f"{stem}_ru", f"{stem}_en"} <= names, f"{table.__name__}.{stem}"


def test_every_searchable_type_is_registered_and_indexed() -> None:
    labels = {spec.label for spec in SPECS.values()}
    for content_type in ContentType:
        assert content_type.value in labels, f"{content_type.name}: no entry in registry.SPECS"
        assert content_type in TABLES, f"{content_type.name}: no table in search/documents.py"
