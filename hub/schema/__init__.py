"""The GraphQL schema: one Query and one Mutation class per content type, composed here."""

from __future__ import annotations

from functools import partial

import strawberry
from strawberry import relay
from strawberry.extensions import MaskErrors
from strawberry.schema.config import StrawberryConfig

from hub.schema.artists import ArtistMutation, ArtistQuery
from hub.schema.campaigns import CampaignMutation, CampaignQuery
from hub.schema.images import Image
from hub.schema.limits import limit_extensions
from hub.schema.partners import PartnerMutation, PartnerQuery
from hub.schema.stories import StoryMutation, StoryQuery
from hub.schema.tags import TagMutation, TagQuery
from hub.schema.workflow import WorkflowMutation
from hub.settings import Settings


@strawberry.type(description="Everything a front end can read.")
class Query(StoryQuery, ArtistQuery, CampaignQuery, PartnerQuery, TagQuery):
    node: relay.Node | None = relay.node(description="Any entry by its global id.")


@strawberry.type(description="Everything editors and visitors can change.")
class Mutation(
    StoryMutation, ArtistMutation, CampaignMutation, PartnerMutation, TagMutation, WorkflowMutation
):
    pass


def _unexpected(error: Exception) -> bool:
    """Mask errors that carry an exception: bugs. Coded GraphQL errors pass through."""
    return getattr(error, "original_error", None) is not None


def build_schema(settings: Settings) -> strawberry.Schema:
    extensions = list(limit_extensions(settings))
    if not settings.development:
        extensions.append(partial(MaskErrors, should_mask_error=_unexpected))
    return strawberry.Schema(
        query=Query,
        mutation=Mutation,
        types=[Image],
        extensions=extensions,
        config=StrawberryConfig(auto_camel_case=True),
    )
