"""The request context: who is asking, their loaders, settings and the locale chain."""

from __future__ import annotations

from dataclasses import dataclass, field

from piccolo_api.rate_limiting.middleware import RateLimitProvider
from starlette.requests import Request
from starlette.responses import Response
from strawberry.types import Info as _Info

from hub.access import Viewer
from hub.enums import Locale
from hub.i18n import chain_for
from hub.media.storage import Storage
from hub.schema.loaders import Loaders
from hub.search.backend import SearchBackend
from hub.settings import Settings


@dataclass(frozen=True)
class Services:
    """Clients made once by create_app and shared by every request (never module globals)."""

    form_limiter: RateLimitProvider
    search: SearchBackend
    storage: Storage


@dataclass
class Context:
    request: Request | None
    response: Response | None
    viewer: Viewer
    settings: Settings
    services: Services
    loaders: Loaders = field(init=False)

    def __post_init__(self) -> None:
        self.loaders = Loaders(self.viewer)

    def chain(self, locale: Locale | None) -> tuple[Locale, ...]:
        return chain_for(locale, self.settings.locale_fallback)


Info = _Info[Context, None]
