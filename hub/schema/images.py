"""Image: its GraphQL type, URLs at preset sizes, the media library, upload, update, delete."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated, Self, cast

import strawberry
from starlette.datastructures import UploadFile
from strawberry import relay
from strawberry.file_uploads import Upload

from hub import auth, tables
from hub.content import images as rules
from hub.content.lookups import Row
from hub.enums import ImageFit as Fit
from hub.enums import ImageFormat as Format
from hub.errors import HubError
from hub.i18n import pick
from hub.media import derivatives
from hub.media.limits import Refusal
from hub.schema.arguments import AfterArg, FirstArg, LocaleArg
from hub.schema.connections import Connection, page_from
from hub.schema.context import Chain, Info
from hub.schema.enums import ImageFit, ImageFormat, Locale
from hub.schema.errors import FieldError, attempt, query_error
from hub.schema.fields import computed
from hub.schema.ids import decode
from hub.schema.inputs import IdInput, locale_of

MEDIA_PREFIX = "/media/"


@strawberry.type(description="The point of interest of an image, from 0 to 1 on each axis.")
class FocalPoint:
    x: float = strawberry.field(description="0 is the left edge, 1 the right edge.")
    y: float = strawberry.field(description="0 is the top edge, 1 the bottom edge.")


@strawberry.type(description="A picture; its stored files carry no GPS or camera metadata.")
class Image(relay.Node):
    row: strawberry.Private[Row]
    chain: strawberry.Private[Chain]
    # Set when the picture is shown through an anonymous story: the credit shown instead of the
    # stored one, which may name the author ("" shows none).
    credit_as: strawberry.Private[str | None] = None

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

    @property
    def _width(self) -> int:
        return int(self.row["width"])

    @classmethod
    def from_row(cls, row: Row | None, chain: Chain, credit_as: str | None = None) -> Self | None:
        return cls(row=row, chain=chain, credit_as=credit_as) if row else None

    width: int = computed(
        lambda self: self._width,
        description="Width of the original in pixels.",
    )

    height: int = computed(
        lambda self: int(self.row["height"]),
        description="Height of the original in pixels.",
    )

    @strawberry.field(description="Alternative text in the served locale; empty if decorative.")
    def alt(self) -> str:
        if self.row["decorative"]:
            return ""
        return pick(self.row, "alt", self.chain)[0]

    decorative: bool = computed(
        lambda self: bool(self.row["decorative"]),
        description="True when the picture is decoration: screen readers skip it.",
    )

    @strawberry.field(
        description="Who made the picture; in an anonymous story the pseudonym, or null."
    )
    def credit(self) -> str | None:
        credit = str(self.row["credit"])
        if credit and self.credit_as is not None:
            return self.credit_as or None
        return credit or None

    blurhash: str = computed(
        lambda self: str(self.row["blurhash"]),
        description="A BlurHash placeholder to show while the image loads.",
    )

    dominant_color: str = computed(
        lambda self: str(self.row["dominant_color"]),
        description="The dominant colour as #rrggbb, for a placeholder background.",
    )

    focal_point: FocalPoint = computed(
        lambda self: FocalPoint(x=self.row["focal_x"], y=self.row["focal_y"]),
        description="Where the subject is, so that crops keep it.",
    )

    @strawberry.field(
        description="Path of the image under /media/. Without arguments: the stored original. "
        "With a width, format or fit: a derivative at the nearest preset width (160, 320, 640, "
        "1024, 1600, 2400, never wider than the original), so no one can have arbitrary sizes "
        "rendered."
    )
    def url(
        self,
        width: Annotated[
            int | None,
            strawberry.argument(
                description="Wanted width in pixels; snaps up to a preset (the largest if none)."
            ),
        ] = None,
        format: Annotated[
            ImageFormat | None,
            strawberry.argument(
                description="Encoding; ORIGINAL is the stored original whatever the width. "
                "Default: ORIGINAL without a width or fit, else JPEG for photos stored as JPEG "
                "and WEBP for the others (which may be transparent). AVIF falls back to WEBP "
                "where the server cannot encode it."
            ),
        ] = None,
        fit: Annotated[
            ImageFit | None,
            strawberry.argument(
                description="CONTAIN (default) keeps the proportions; COVER is a square crop "
                "around the focal point."
            ),
        ] = None,
    ) -> str:
        fmt = format or (Format.ORIGINAL if width is None and fit is None else self._default())
        if fmt is Format.ORIGINAL:
            return MEDIA_PREFIX + str(self.row["storage_key"])
        return self._derivative(derivatives.snap_width(width, self._width), fmt, fit or Fit.CONTAIN)

    @strawberry.field(
        description="A `srcset` attribute value: the URL of every preset width up to the "
        "original's, each with its `w` descriptor (CONTAIN fit)."
    )
    def srcset(
        self,
        format: Annotated[
            ImageFormat | None,
            strawberry.argument(
                description="Encoding, as for `url` with a width; ORIGINAL lists the original."
            ),
        ] = None,
    ) -> str:
        fmt = format or self._default()
        if fmt is Format.ORIGINAL:
            return f"{MEDIA_PREFIX}{self.row['storage_key']} {self._width}w"
        return ", ".join(
            f"{self._derivative(width, fmt, Fit.CONTAIN)} {width}w"
            for width in derivatives.sizes(self._width)
        )

    def _default(self) -> Format:
        return Format.JPEG if self.row["content_type"] == "image/jpeg" else Format.WEBP

    def _derivative(self, width: int, fmt: Format, fit: Fit) -> str:
        if fmt not in derivatives.FORMATS:
            fmt = Format.WEBP
        path = MEDIA_PREFIX + derivatives.key(self.row["storage_key"], width, fmt, fit)
        if fit is Fit.COVER:
            # A crop follows the focal point while its file name does not: a new point gives a
            # new URL, so that no cache keeps the old crop for the year the headers allow.
            path += f"?focus={self.row['focal_x']:.3f},{self.row['focal_y']:.3f}"
        return path


async def authorize_upload(authorization: str | None) -> None:
    """Who may send a multipart body: editors, known before a byte of the body is read."""
    try:
        viewer = await auth.viewer_from_header(authorization)
    except auth.InvalidToken as error:
        raise Refusal(401, "UNAUTHENTICATED", str(error)) from None
    if viewer.role is None:
        raise Refusal(
            401, "UNAUTHENTICATED", "Uploads are for editors: send `Authorization: Bearer <token>`."
        )
    if not viewer.is_editor:
        raise Refusal(403, "FORBIDDEN", "Only editors may upload images.")


@strawberry.type
class ImageQuery:
    @strawberry.field(description="Every stored image, newest first: the media library (editors).")
    async def images(
        self, info: Info, first: FirstArg = None, after: AfterArg = None, locale: LocaleArg = None
    ) -> Connection[Image]:
        try:
            result = await rules.list_images(info.context.viewer, page_from(first, after))
        except HubError as error:
            raise query_error(error) from None
        chain = info.context.chain(locale)
        return Connection.build(result, [Image(row=row, chain=chain) for row in result.rows])


@strawberry.input(description="A point of interest, from 0 to 1 on each axis.")
class FocalPointInput:
    x: float = strawberry.field(description="0 is the left edge, 1 the right edge.")
    y: float = strawberry.field(description="0 is the top edge, 1 the bottom edge.")


@strawberry.input(description="A new picture, sent by the GraphQL multipart request spec.")
class UploadImageInput:
    file: Upload = strawberry.field(
        description="A JPEG, PNG, WebP, AVIF or HEIC photo; metadata is removed on upload."
    )
    alt: str | None = strawberry.field(
        default=None, description="What the picture shows, in `locale`; required unless decorative."
    )
    locale: Locale | None = strawberry.field(default=None, description="Language of `alt`.")
    decorative: bool | None = strawberry.field(
        default=False, description="Decoration only: no alt text needed."
    )
    focal_point: FocalPointInput | None = strawberry.field(
        default=None, description="Where the subject is; default the centre."
    )
    credit: str | None = strawberry.field(
        default=None,
        description="Who made it; never shown in an anonymous story, which shows its pseudonym.",
    )


@strawberry.input(description="Changes to a picture: only the given fields change.")
class UpdateImageInput:
    id: relay.GlobalID = strawberry.field(description="The image's global id.")
    locale: Locale | None = strawberry.field(
        default=None, description="Language of `alt`; adds or changes that translation."
    )
    alt: str | None = strawberry.field(
        default=strawberry.UNSET, description="What the picture shows, in `locale`."
    )
    decorative: bool | None = strawberry.field(
        default=strawberry.UNSET, description="Decoration only: no alt text needed."
    )
    focal_point: FocalPointInput | None = strawberry.field(
        default=strawberry.UNSET, description="Where the subject is; COVER crops follow it."
    )
    credit: str | None = strawberry.field(default=strawberry.UNSET, description="Who made it.")


@strawberry.type(description="The image as saved, or why it was not.")
class ImagePayload:
    image: Image | None = strawberry.field(description="Null when `errors` is not empty.")
    errors: list[FieldError] = strawberry.field(description="Empty on success.")

    @classmethod
    def of(cls, result: tuple[Row | None, list[FieldError]], chain: Chain) -> Self:
        row, errors = result
        return cls(image=Image.from_row(row, chain), errors=errors)


def _point(point: FocalPointInput | None) -> tuple[float, float] | None:
    return None if point is None else (point.x, point.y)


@strawberry.type
class ImageMutation:
    @strawberry.mutation(
        description="Upload a picture (editors), as a multipart request: see the GraphQL "
        "multipart request spec. Metadata is removed; preset sizes are made."
    )
    async def upload_image(
        self,
        info: Info,
        input: Annotated[UploadImageInput, strawberry.argument(description="The picture.")],
    ) -> ImagePayload:
        async def run() -> Row:
            # strawberry types the scalar as bytes; on Starlette it is the form's UploadFile.
            file = cast(UploadFile, input.file)
            try:
                data = await file.read()
            finally:
                # Its temporary copy: nothing else closes it, and it may be on disk.
                await file.close()
            locale = locale_of(input)
            return await rules.store(
                info.context.viewer,
                info.context.services.storage,
                data,
                alt={locale: input.alt} if input.alt else {},
                decorative=bool(input.decorative),
                credit=input.credit or "",
                focal=_point(input.focal_point) or (0.5, 0.5),
            )

        return ImagePayload.of(await attempt(run()), info.context.chain(input.locale))

    @strawberry.mutation(
        description="Change a picture's alt text (in `locale`), decorative flag, focal point or "
        "credit (editors)."
    )
    async def update_image(
        self,
        info: Info,
        input: Annotated[UpdateImageInput, strawberry.argument(description="What to change.")],
    ) -> ImagePayload:
        async def run() -> Row:
            focal = input.focal_point
            return await rules.update(
                info.context.viewer,
                info.context.services.storage,
                decode(input.id, "Image", "id"),
                locale=locale_of(input),
                alt=input.alt if isinstance(input.alt, str) else None,
                decorative=input.decorative if isinstance(input.decorative, bool) else None,
                credit=input.credit if isinstance(input.credit, str) else None,
                focal=_point(focal) if isinstance(focal, FocalPointInput) else None,
            )

        return ImagePayload.of(await attempt(run()), info.context.chain(input.locale))

    @strawberry.mutation(
        description="Delete a picture with its files (editors); refused while an entry uses it."
    )
    async def delete_image(
        self,
        info: Info,
        input: Annotated[IdInput, strawberry.argument(description="The image to delete.")],
    ) -> ImagePayload:
        async def run() -> Row:
            image_id = decode(input.id, "Image", "id")
            return await rules.delete(info.context.viewer, info.context.services.storage, image_id)

        return ImagePayload.of(await attempt(run()), info.context.chain(None))
