"""The hub's enums as GraphQL enums: names from hub.enums, descriptions for the public docs."""

from __future__ import annotations

import strawberry

from hub import enums, errors

Status = strawberry.enum(
    enums.Status, description="Workflow state; the public sees PUBLISHED only."
)
Locale = strawberry.enum(enums.Locale, description="Content languages: Tajik, Russian, English.")
Region = strawberry.enum(enums.Region, description="Regions of Tajikistan.")
Discipline = strawberry.enum(enums.Discipline, description="An artist's disciplines.")
StoryFormat = strawberry.enum(enums.StoryFormat, description="How a story is told.")
ContentWarning = strawberry.enum(
    enums.ContentWarning, description="Sensitive topics a front end may filter out or warn about."
)
Availability = strawberry.enum(enums.Availability, description="Whether an artwork can be bought.")
Currency = strawberry.enum(enums.Currency, description="ISO 4217 currency codes.")
CourseCategory = strawberry.enum(enums.CourseCategory, description="What a course teaches.")
CourseFormat = strawberry.enum(enums.CourseFormat, description="Where a course takes place.")
CampaignTheme = strawberry.enum(
    enums.CampaignTheme, description="What a campaign stands against or for."
)
EventKind = strawberry.enum(enums.EventKind, description="The kind of an event.")
PartnerKind = strawberry.enum(enums.PartnerKind, description="The kind of a partner organisation.")
ImageFormat = strawberry.enum(enums.ImageFormat, description="Encoding of an image derivative.")
ImageFit = strawberry.enum(enums.ImageFit, description="How an image fits the requested box.")
ContentType = strawberry.enum(
    enums.ContentType, description="Types of content that search returns."
)
ErrorCode = strawberry.enum(errors.ErrorCode, description="Why a mutation input was refused.")
