"""Settings: read once from the environment; a bad value names its variable and the fix."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from hub.enums import Locale
from hub.settings import Settings, SettingsError


def test_defaults_are_production_on_a_local_sqlite_file():
    settings = Settings.from_env({})
    assert settings.env == "production"
    assert not settings.development
    assert not settings.is_postgres
    assert settings.sqlite_path == Path("data") / "hub.db"
    assert settings.media_dir == Path("data") / "media"
    assert (settings.host, settings.port) == ("127.0.0.1", 8000)


def test_values_are_read_from_the_environment():
    settings = Settings.from_env(
        {
            "HUB_ENV": "development",
            "HUB_DATA_DIR": "/srv/hub",
            "HUB_HOST": "0.0.0.0",
            "HUB_PORT": "9000",
            "HUB_MAX_DEPTH": "7",
            "HUB_MAX_ALIASES": "5",
            "HUB_MAX_TOKENS": "500",
            "HUB_MAX_COST": "1000",
            "HUB_LOCALE_FALLBACK": " RU , en ",
        }
    )
    assert settings.development
    assert settings.sqlite_path == Path("/srv/hub/hub.db")
    assert (settings.host, settings.port) == ("0.0.0.0", 9000)
    limits = (settings.max_depth, settings.max_aliases, settings.max_tokens, settings.max_cost)
    assert limits == (7, 5, 500, 1000)
    assert settings.locale_fallback == (Locale.RU, Locale.EN)


def test_settings_are_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        Settings().port = 1  # type: ignore[misc]


def test_sqlite_url_names_the_file():
    settings = Settings.from_env({"DATABASE_URL": "sqlite:////var/lib/hub/content.db"})
    assert not settings.is_postgres
    assert settings.sqlite_path == Path("/var/lib/hub/content.db")


@pytest.mark.parametrize("scheme", ["postgres", "postgresql"])
def test_postgres_url_gives_the_connection_arguments(scheme):
    settings = Settings.from_env({"DATABASE_URL": f"{scheme}://hub:secret@db.internal:6543/cms"})
    assert settings.is_postgres
    assert settings.postgres_config() == {
        "host": "db.internal",
        "port": 6543,
        "user": "hub",
        "password": "secret",
        "database": "cms",
    }


def test_postgres_url_parts_have_defaults():
    config = Settings.from_env({"DATABASE_URL": "postgres://db.internal"}).postgres_config()
    assert config == {
        "host": "db.internal",
        "port": 5432,
        "user": "postgres",
        "password": "",
        "database": "postgres",
    }


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("HUB_ENV", "staging"),
        ("DATABASE_URL", "mysql://localhost/hub"),
        ("DATABASE_URL", "sqlite://relative.db"),
        ("HUB_PORT", "eighty"),
        ("HUB_PORT", "0"),
        ("HUB_PORT", "70000"),
        ("HUB_MAX_DEPTH", "ten"),
        ("HUB_MAX_DEPTH", "0"),
        ("HUB_MAX_ALIASES", "1.5"),
        ("HUB_MAX_TOKENS", "-1"),
        ("HUB_MAX_COST", ""),
        ("HUB_LOCALE_FALLBACK", "tg,fr"),
        ("HUB_LOCALE_FALLBACK", " , "),
        ("HUB_RESPONSE_CACHE_ENTRIES", "-1"),
        ("HUB_RESPONSE_CACHE_SECONDS", "0"),
    ],
)
def test_bad_value_raises_an_error_naming_the_variable(variable, value):
    with pytest.raises(SettingsError) as error:
        Settings.from_env({variable: value})
    assert variable in str(error.value)


def test_response_cache_is_on_by_default_and_zero_entries_turn_it_off():
    assert Settings.from_env({}).response_cache_entries > 0
    off = Settings.from_env({"HUB_RESPONSE_CACHE_ENTRIES": "0", "HUB_RESPONSE_CACHE_SECONDS": "5"})
    assert (off.response_cache_entries, off.response_cache_seconds) == (0, 5)
