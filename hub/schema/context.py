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
from hub.schema.responses import ResponseStore
from hub.search.backend import SearchBackend
from hub.settings import Settings


@dataclass(frozen=True)
class Services:
    """Clients made once by create_app and shared by every request (never module globals)."""

    form_limiter: RateLimitProvider
    search: SearchBackend
    storage: Storage
    responses: ResponseStore


class Chain(tuple[Locale, ...]):
    """A locale fallback chain that also holds the request it serves. Every entry is read in
    one, so its fields reach the viewer and the loaders without strawberry's `info`, which a
    field only gets through the resolver machinery (see `hub.schema.fields.computed`)."""

    context: Context

    def __new__(cls, locales: tuple[Locale, ...], context: Context) -> Chain:
        chain = super().__new__(cls, locales)
        chain.context = context
        return chain


@dataclass
class Context:
    request: Request | None
    response: Response | None
    viewer: Viewer
    settings: Settings
    services: Services
    loaders: Loaders = field(init=False)
    # False once a field reads more than the database's content (the search index): the
    # response cache must not keep this request's result.
    cacheable: bool = field(init=False, default=True)
    _chains: dict[Locale | None, Chain] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        self.loaders = Loaders(self.viewer)

    def chain(self, locale: Locale | None) -> Chain:
        if locale not in self._chains:
            locales = chain_for(locale, self.settings.locale_fallback)
            self._chains[locale] = Chain(locales, self)
        return self._chains[locale]


Info = _Info[Context, None]
