"""create_app(settings) -> Starlette: GraphQL, media, health check; the lifespan runs the worker."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Any

from cross_web import HTTPException
from piccolo_api.rate_limiting.middleware import InMemoryLimitProvider, RateLimitProvider
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from strawberry.asgi import GraphQL

from hub import auth, db
from hub.schema import build_schema
from hub.schema.context import Context
from hub.search.backend import SearchBackend
from hub.search.backends import make_backend
from hub.settings import Settings
from hub.worker import Worker


class HubGraphQL(GraphQL[Context, None]):
    def __init__(
        self, settings: Settings, form_limiter: RateLimitProvider, search: SearchBackend
    ) -> None:
        super().__init__(
            build_schema(settings),
            graphql_ide="graphiql" if settings.development else None,
            # Uploads arrive with the media pipeline, for authenticated editors only.
            multipart_uploads_enabled=False,
        )
        self.settings = settings
        self.form_limiter = form_limiter
        self.search = search

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
            form_limiter=self.form_limiter,
            search=self.search,
        )


async def health(request: Request) -> Response:
    return JSONResponse({"status": "ok"})


def create_app(settings: Settings) -> Starlette:
    engine = db.make_engine(settings)
    db.bind(engine)
    settings.media_dir.mkdir(parents=True, exist_ok=True)

    search = make_backend(settings)
    worker = Worker(search, settings)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await db.open_engine(engine)
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
    graphql = HubGraphQL(settings, limiter, search)
    app = Starlette(
        debug=settings.development,
        routes=[
            Route("/graphql", graphql, methods=["GET", "POST"]),
            Route("/healthz", health),
            Mount("/media", StaticFiles(directory=settings.media_dir), name="media"),
        ],
        lifespan=lifespan,
    )
    app.state.form_limiter = limiter
    app.state.search = search
    app.state.worker = worker
    return app
