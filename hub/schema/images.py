"""Image: dimensions, alt text, placeholders, focal point and URLs of a stored picture."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated, Self

import strawberry
from strawberry import relay

from hub import tables
from hub.content.entries import Row
from hub.i18n import pick
from hub.schema.context import Info
from hub.schema.enums import ImageFit, ImageFormat, Locale

MEDIA_PREFIX = "/media/"


@strawberry.type(description="The point of interest of an image, from 0 to 1 on each axis.")
class FocalPoint:
    x: float = strawberry.field(description="0 is the left edge, 1 the right edge.")
    y: float = strawberry.field(description="0 is the top edge, 1 the bottom edge.")


@strawberry.type(description="A picture; its stored files carry no GPS or camera metadata.")
class Image(relay.Node):
    row: strawberry.Private[Row]
    chain: strawberry.Private[tuple[Locale, ...]]

    @classmethod
    def resolve_id(cls, root: Self, *, info: Info) -> str:  # type: ignore[override]
        return str(root.row["id"])

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Self | None]:
        # An image alone says nothing about who may see it: only editors look images up by id.
        if not info.context.viewer.is_editor:
            return [None for _ in node_ids]
        ids = [int(i) if i.isdigit() else -1 for i in node_ids]
        rows = await info.context.loaders.by_id(tables.Image).load_many(ids)
        chain = info.context.chain(None)
        return [cls(row=row, chain=chain) if row else None for row in rows]

    @classmethod
    def from_row(cls, row: Row | None, chain: tuple[Locale, ...]) -> Self | None:
        return cls(row=row, chain=chain) if row else None

    @strawberry.field(description="Width of the original in pixels.")
    def width(self) -> int:
        return int(self.row["width"])

    @strawberry.field(description="Height of the original in pixels.")
    def height(self) -> int:
        return int(self.row["height"])

    @strawberry.field(description="Alternative text in the served locale; empty if decorative.")
    def alt(self) -> str:
        return pick(self.row, "alt", self.chain)[0]

    @strawberry.field(description="A BlurHash placeholder to show while the image loads.")
    def blurhash(self) -> str:
        return str(self.row["blurhash"])

    @strawberry.field(description="The dominant colour as #rrggbb, for a placeholder background.")
    def dominant_color(self) -> str:
        return str(self.row["dominant_color"])

    @strawberry.field(description="Where the subject is, so that crops keep it.")
    def focal_point(self) -> FocalPoint:
        return FocalPoint(x=self.row["focal_x"], y=self.row["focal_y"])

    @strawberry.field(description="URL of the image, at the nearest allowed width and format.")
    def url(
        self,
        width: Annotated[
            int | None,
            strawberry.argument(description="Wanted width in pixels; snaps to a preset."),
        ] = None,
        format: Annotated[
            ImageFormat | None, strawberry.argument(description="Encoding; default ORIGINAL.")
        ] = None,
        fit: Annotated[
            ImageFit | None, strawberry.argument(description="How the image fits the box.")
        ] = None,
    ) -> str:
        # Derivatives arrive with the media pipeline; until then the stored file is served as is.
        return MEDIA_PREFIX + str(self.row["storage_key"])

    @strawberry.field(description="A `srcset` attribute value for responsive <img> tags.")
    def srcset(
        self,
        format: Annotated[
            ImageFormat | None, strawberry.argument(description="Encoding; default ORIGINAL.")
        ] = None,
    ) -> str:
        return f"{self.url()} {self.row['width']}w"
