"""Piccolo tables: declarations only, no logic. `ALL_TABLES` lists them in dependency order."""

from hub.tables.artists import Artist
from hub.tables.artworks import Artwork, ArtworkImage, ArtworkTag
from hub.tables.campaigns import Campaign, CampaignPartner
from hub.tables.courses import Course, CourseMentor, Lesson
from hub.tables.events import Event, EventArtwork, EventPartner
from hub.tables.images import Image
from hub.tables.inquiries import ArtworkInquiry, CourseApplication, MentorshipRequest
from hub.tables.mentors import Mentor
from hub.tables.outbox import OutboxEntry
from hub.tables.partners import Partner
from hub.tables.stories import Story, StoryImage, StoryTag
from hub.tables.tags import Tag
from hub.tables.tokens import ApiToken
from hub.tables.versions import ContentVersion

ALL_TABLES = [
    Image,
    Tag,
    Partner,
    Artist,
    Campaign,
    CampaignPartner,
    Story,
    StoryTag,
    StoryImage,
    Artwork,
    ArtworkTag,
    ArtworkImage,
    Event,
    EventArtwork,
    EventPartner,
    Mentor,
    Course,
    Lesson,
    CourseMentor,
    ArtworkInquiry,
    CourseApplication,
    MentorshipRequest,
    ApiToken,
    OutboxEntry,
    ContentVersion,
]

__all__ = [
    "ALL_TABLES",
    "ApiToken",
    "Artist",
    "Artwork",
    "ArtworkImage",
    "ArtworkInquiry",
    "ArtworkTag",
    "Campaign",
    "CampaignPartner",
    "ContentVersion",
    "Course",
    "CourseApplication",
    "CourseMentor",
    "Event",
    "EventArtwork",
    "EventPartner",
    "Image",
    "Lesson",
    "Mentor",
    "MentorshipRequest",
    "OutboxEntry",
    "Partner",
    "Story",
    "StoryImage",
    "StoryTag",
    "Tag",
]
