"""The GraphQL schema: one Query and one Mutation class per content type, composed here."""

from __future__ import annotations

from functools import partial

import strawberry
from graphql import GraphQLError
from strawberry.extensions import MaskErrors
from strawberry.schema.config import StrawberryConfig

from hub.schema.artists import ArtistMutation, ArtistQuery
from hub.schema.artworks import ArtworkMutation, ArtworkQuery
from hub.schema.campaigns import CampaignMutation, CampaignQuery
from hub.schema.courses import CourseMutation, CourseQuery
from hub.schema.events import EventMutation, EventQuery
from hub.schema.images import Image, ImageMutation, ImageQuery
from hub.schema.inquiries import InquiryMutation, InquiryQuery
from hub.schema.limits import limit_extensions
from hub.schema.mentors import MentorMutation, MentorQuery
from hub.schema.node import NodeQuery
from hub.schema.partners import PartnerMutation, PartnerQuery
from hub.schema.responses import ResponseCache
from hub.schema.search import SearchQueryField
from hub.schema.stories import StoryMutation, StoryQuery
from hub.schema.tags import TagMutation, TagQuery
from hub.schema.workflow import WorkflowMutation
from hub.settings import Settings


@strawberry.type(description="Everything a front end can read.")
class Query(
    StoryQuery,
    ArtistQuery,
    CampaignQuery,
    PartnerQuery,
    TagQuery,
    ArtworkQuery,
    EventQuery,
    CourseQuery,
    MentorQuery,
    ImageQuery,
    InquiryQuery,
    NodeQuery,
    SearchQueryField,
):
    pass


@strawberry.type(description="Everything editors and visitors can change.")
class Mutation(
    StoryMutation,
    ArtistMutation,
    CampaignMutation,
    PartnerMutation,
    TagMutation,
    ArtworkMutation,
    EventMutation,
    CourseMutation,
    MentorMutation,
    WorkflowMutation,
    ImageMutation,
    InquiryMutation,
):
    pass


def _unexpected(error: Exception) -> bool:
    """Mask errors that carry an exception: bugs. Coded GraphQL errors pass through."""
    # graphql-core wraps a GraphQLError raised by a resolver (`first` over the maximum, a
    # malformed global id) in another GraphQLError: only other exceptions are bugs.
    original = getattr(error, "original_error", None)
    return original is not None and not isinstance(original, GraphQLError)


def build_schema(settings: Settings) -> strawberry.Schema:
    extensions = list(limit_extensions(settings))
    if not settings.development:
        extensions.append(partial(MaskErrors, should_mask_error=_unexpected))
    extensions.append(ResponseCache)
    return strawberry.Schema(
        query=Query,
        mutation=Mutation,
        types=[Image],
        extensions=extensions,
        config=StrawberryConfig(auto_camel_case=True),
    )
