"""One frozen Settings, built from a mapping: the only reader of the environment."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

from hub.enums import Locale

ENVIRONMENTS = ("development", "production", "test")


class SettingsError(ValueError):
    """A configuration value is wrong; the message names the variable and the fix."""


@dataclass(frozen=True)
class Settings:
    env: str = "production"
    data_dir: Path = Path("data")
    database_url: str = ""
    locale_fallback: tuple[Locale, ...] = (Locale.TG, Locale.RU, Locale.EN)
    host: str = "127.0.0.1"
    port: int = 8000
    # Abuse limits: a kiosk query has depth 5, about 20 aliases-free fields, cost ~ 200.
    max_depth: int = 10
    max_aliases: int = 15
    max_tokens: int = 2000
    max_cost: int = 50_000
    form_limit: int = 5
    # Uploads: a phone photo is 3-12 MB; the limit is counted while the body streams in.
    max_upload_bytes: int = 20 * 1024 * 1024
    search_backend: str = "embedded"
    worker: str = "inprocess"
    # How often the worker publishes scheduled entries whose time has come: at most this late.
    schedule_interval_seconds: int = 30
    # The response cache for anonymous and kiosk readers (`hub.schema.responses`): how many
    # responses it keeps (0 turns it off) and the longest it serves one. Any change to content
    # empties it at once; the age limit is for what changes with the clock alone ("upcoming").
    response_cache_entries: int = 512
    response_cache_seconds: int = 30
    meili_url: str = ""
    meili_key: str = ""
    meili_index_prefix: str = "hub"
    sql_echo: bool = False
    # Where image files live: a local folder (media_dir), or an S3-compatible bucket.
    storage: str = "local"
    s3_bucket: str = ""
    s3_endpoint_url: str = ""
    s3_region: str = "us-east-1"
    s3_prefix: str = ""
    aws_access_key_id: str = ""
    aws_secret_access_key: str = field(default="", repr=False)
    extra: Mapping[str, str] = field(default_factory=dict)

    @property
    def development(self) -> bool:
        return self.env == "development"

    @property
    def media_dir(self) -> Path:
        return self.data_dir / "media"

    @property
    def search_path(self) -> Path:
        """The embedded search index: its own SQLite file, whatever the content database."""
        return self.data_dir / "search.db"

    @property
    def is_postgres(self) -> bool:
        return self.database_url.startswith(("postgres://", "postgresql://"))

    @property
    def sqlite_path(self) -> Path:
        """The SQLite file: `sqlite:///path` or `<data dir>/hub.db` by default."""
        if self.database_url.startswith("sqlite:///"):
            return Path(self.database_url.removeprefix("sqlite:///"))
        return self.data_dir / "hub.db"

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> Settings:
        hub_env = env.get("HUB_ENV", "production")
        if hub_env not in ENVIRONMENTS:
            raise SettingsError(f"HUB_ENV={hub_env!r}: use one of {', '.join(ENVIRONMENTS)}")
        url = env.get("DATABASE_URL", "")
        if url and not url.startswith(("postgres://", "postgresql://", "sqlite:///")):
            raise SettingsError(
                f"DATABASE_URL={url!r}: use postgres://user@host:5432/db or sqlite:///path/hub.db"
            )
        return cls(
            env=hub_env,
            data_dir=Path(env.get("HUB_DATA_DIR", "data")),
            database_url=url,
            locale_fallback=_locales(env.get("HUB_LOCALE_FALLBACK", "tg,ru,en")),
            host=env.get("HUB_HOST", "127.0.0.1"),
            port=_int(env, "HUB_PORT", 8000, most=65535),
            max_depth=_int(env, "HUB_MAX_DEPTH", 10),
            max_aliases=_int(env, "HUB_MAX_ALIASES", 15),
            max_tokens=_int(env, "HUB_MAX_TOKENS", 2000),
            max_cost=_int(env, "HUB_MAX_COST", 50_000),
            form_limit=_int(env, "HUB_FORM_LIMIT", 5),
            max_upload_bytes=_int(env, "HUB_MAX_UPLOAD_BYTES", 20 * 1024 * 1024),
            search_backend=_search_backend(env),
            worker=_choice(env, "HUB_WORKER", ("inprocess", "external"), "inprocess"),
            schedule_interval_seconds=_int(env, "HUB_SCHEDULE_INTERVAL_SECONDS", 30),
            response_cache_entries=_int(env, "HUB_RESPONSE_CACHE_ENTRIES", 512, least=0),
            response_cache_seconds=_int(env, "HUB_RESPONSE_CACHE_SECONDS", 30),
            meili_url=env.get("MEILI_URL", ""),
            meili_key=env.get("MEILI_MASTER_KEY", ""),
            meili_index_prefix=env.get("MEILI_INDEX_PREFIX", "hub"),
            sql_echo=env.get("HUB_SQL_ECHO", "") == "1",
            storage=_storage(env),
            s3_bucket=env.get("HUB_S3_BUCKET", ""),
            s3_endpoint_url=env.get("HUB_S3_ENDPOINT_URL", ""),
            s3_region=env.get("HUB_S3_REGION", "us-east-1"),
            s3_prefix=env.get("HUB_S3_PREFIX", ""),
            aws_access_key_id=env.get("AWS_ACCESS_KEY_ID", ""),
            aws_secret_access_key=env.get("AWS_SECRET_ACCESS_KEY", ""),
        )

    def postgres_config(self) -> dict[str, object]:
        """asyncpg connection arguments parsed from DATABASE_URL."""
        url = urlparse(self.database_url)
        return {
            "host": url.hostname or "127.0.0.1",
            "port": url.port or 5432,
            "user": url.username or "postgres",
            "password": url.password or "",
            "database": url.path.lstrip("/") or "postgres",
        }


def _choice(env: Mapping[str, str], name: str, choices: tuple[str, ...], default: str) -> str:
    value = env.get(name, default)
    if value not in choices:
        raise SettingsError(f"{name}={value!r}: use one of {', '.join(choices)}")
    return value


def _search_backend(env: Mapping[str, str]) -> str:
    """`HUB_SEARCH_BACKEND`, or meilisearch when only MEILI_URL is set."""
    default = "meilisearch" if env.get("MEILI_URL") else "embedded"
    backend = env.get("HUB_SEARCH_BACKEND", default)
    if backend not in ("embedded", "meilisearch"):
        raise SettingsError(f"HUB_SEARCH_BACKEND={backend!r}: use embedded or meilisearch")
    if backend == "meilisearch" and not env.get("MEILI_URL"):
        raise SettingsError(
            "HUB_SEARCH_BACKEND=meilisearch needs MEILI_URL, e.g. http://127.0.0.1:7700"
        )
    return backend


def _int(
    env: Mapping[str, str], name: str, default: int, most: int | None = None, least: int = 1
) -> int:
    """A whole number of at least 1 unless said otherwise: a port or limit of 0 would only fail
    later, and obscurely."""
    raw = env.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SettingsError(f"{name}={raw!r}: expected a whole number") from None
    if value < least or (most is not None and value > most):
        allowed = f"from {least} to {most}" if most is not None else f"of at least {least}"
        raise SettingsError(f"{name}={raw!r}: expected a whole number {allowed}")
    return value


def _locales(raw: str) -> tuple[Locale, ...]:
    try:
        chain = tuple(Locale(part.strip().lower()) for part in raw.split(",") if part.strip())
    except ValueError:
        raise SettingsError(f"HUB_LOCALE_FALLBACK={raw!r}: use locales from tg, ru, en") from None
    if not chain:
        raise SettingsError("HUB_LOCALE_FALLBACK is empty: use e.g. tg,ru,en")
    return chain


def _storage(env: Mapping[str, str]) -> str:
    """`HUB_STORAGE`: local (the default) or s3, which needs a bucket."""
    storage = _choice(env, "HUB_STORAGE", ("local", "s3"), "local")
    if storage == "s3" and not env.get("HUB_S3_BUCKET"):
        raise SettingsError("HUB_STORAGE=s3 needs HUB_S3_BUCKET, the name of an existing bucket")
    endpoint = env.get("HUB_S3_ENDPOINT_URL", "")
    if endpoint and not endpoint.startswith(("http://", "https://")):
        raise SettingsError(
            f"HUB_S3_ENDPOINT_URL={endpoint!r}: use a URL like http://127.0.0.1:9000 (MinIO)"
        )
    return storage
