"""create_app(settings) -> Starlette: GraphQL, media, health check; the lifespan runs the worker."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Any

import orjson
from cross_web import HTTPException
from piccolo_api.rate_limiting.middleware import InMemoryLimitProvider
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from strawberry.asgi import GraphQL

from hub import auth, db
from hub.media.limits import UploadLimit
from hub.media.route import MediaRoute
from hub.media.storage import make_storage
from hub.schema import build_schema
from hub.schema.context import Context, Services
from hub.schema.images import authorize_upload
from hub.schema.responses import ResponseStore
from hub.search.backends import make_backend
from hub.settings import Settings
from hub.worker import Worker


class HubGraphQL(GraphQL[Context, None]):
    def __init__(self, settings: Settings, services: Services) -> None:
        super().__init__(
            build_schema(settings),
            graphql_ide="graphiql" if settings.development else None,
            # On purpose (strawberry has it off by default against CSRF): `uploadImage` needs
            # it, and UploadLimit admits multipart bodies from bearer-token editors only.
            multipart_uploads_enabled=True,
        )
        self.settings = settings
        self.services = services

    # orjson: a kiosk page's response (~10 kB of Tajik text) encodes in a fraction of the
    # stdlib's time. Its decode error is a json.JSONDecodeError, which strawberry turns into 400.
    def encode_json(self, data: object) -> bytes:
        return orjson.dumps(data)

    def decode_json(self, data: str | bytes) -> object:
        return orjson.loads(data)

    async def get_context(self, request: Any, response: Any) -> Context:
        try:
            viewer = await auth.viewer_from_header(request.headers.get("authorization"))
        except auth.InvalidToken as error:
            # A wrong token fails loudly instead of silently reading as anonymous.
            raise HTTPException(401, str(error)) from None
        return Context(
            request=request,
            response=response,
            viewer=viewer,
            settings=self.settings,
            services=self.services,
        )


async def health(request: Request) -> Response:
    return JSONResponse({"status": "ok"})


def create_app(settings: Settings) -> Starlette:
    engine = db.make_engine(settings)
    db.bind(engine)
    settings.media_dir.mkdir(parents=True, exist_ok=True)

    search = make_backend(settings)
    storage = make_storage(settings)
    worker = Worker(search, settings)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await db.open_engine(engine)
        await asyncio.to_thread(storage.check)  # a missing bucket fails here, not at an upload
        await worker.open_backend()
        stop = asyncio.Event()
        task = None
        if settings.worker == "inprocess":
            task = asyncio.create_task(worker.run_forever(stop), name="hub-worker")
        try:
            yield
        finally:
            stop.set()
            if task is not None:
                await task
            await search.close()
            await db.close_engine(engine)

    # Public forms: a few messages per client address every ten minutes, then a ten-minute block.
    limiter = InMemoryLimitProvider(timespan=600, limit=settings.form_limit, block_duration=600)
    responses = ResponseStore(settings.response_cache_entries, settings.response_cache_seconds)
    services = Services(form_limiter=limiter, search=search, storage=storage, responses=responses)
    graphql = HubGraphQL(settings, services)
    app = Starlette(
        debug=settings.development,
        routes=[
            Route("/graphql", graphql, methods=["GET", "POST"]),
            Route("/healthz", health),
            Route("/media/{key:path}", MediaRoute(storage).serve, methods=["GET", "HEAD"]),
        ],
        middleware=[
            Middleware(
                UploadLimit, max_bytes=settings.max_upload_bytes, authorize=authorize_upload
            ),
        ],
        lifespan=lifespan,
    )
    app.state.form_limiter = limiter
    app.state.responses = responses
    app.state.search = search
    app.state.storage = storage
    app.state.worker = worker
    return app
