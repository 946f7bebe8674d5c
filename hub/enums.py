"""Every enumeration of the hub, defined once: member name = GraphQL value, value = stored."""

from __future__ import annotations

import enum


class Status(enum.Enum):
    DRAFT = "draft"
    IN_REVIEW = "in_review"
    PUBLISHED = "published"
    ARCHIVED = "archived"


class Locale(enum.Enum):
    TG = "tg"
    RU = "ru"
    EN = "en"


class Role(enum.Enum):
    EDITOR = "editor"
    KIOSK = "kiosk"


class Region(enum.Enum):
    DUSHANBE = "dushanbe"
    SUGHD = "sughd"
    KHATLON = "khatlon"
    GBAO = "gbao"
    DRS = "drs"


class Discipline(enum.Enum):
    DIGITAL_ART = "digital_art"
    ILLUSTRATION = "illustration"
    THREE_D = "three_d"
    ANIMATION = "animation"
    VIDEOGRAPHY = "videography"
    PHOTOGRAPHY = "photography"
    DESIGN = "design"
    CRAFTS = "crafts"
    TEXTILES = "textiles"
    PAINTING = "painting"
    PERFORMANCE = "performance"
    WRITING = "writing"


class StoryFormat(enum.Enum):
    TEXT = "text"
    PHOTO_ESSAY = "photo_essay"
    VIDEO = "video"
    AUDIO = "audio"


class ContentWarning(enum.Enum):
    EARLY_MARRIAGE = "early_marriage"
    DOMESTIC_VIOLENCE = "domestic_violence"
    SEXUAL_VIOLENCE = "sexual_violence"
    SELF_HARM = "self_harm"
    DISCRIMINATION = "discrimination"
    GRAPHIC_IMAGERY = "graphic_imagery"


class Availability(enum.Enum):
    AVAILABLE = "available"
    RESERVED = "reserved"
    SOLD = "sold"
    NOT_FOR_SALE = "not_for_sale"


class Currency(enum.Enum):
    TJS = "TJS"
    USD = "USD"
    EUR = "EUR"


class CourseCategory(enum.Enum):
    HUMAN_RIGHTS = "human_rights"
    GENDER_EQUALITY = "gender_equality"
    LEADERSHIP = "leadership"
    FINANCIAL_LITERACY = "financial_literacy"
    ENTREPRENEURSHIP = "entrepreneurship"
    DIGITAL_ART = "digital_art"
    ILLUSTRATION = "illustration"
    ANIMATION = "animation"
    VIDEOGRAPHY = "videography"
    DESIGN = "design"
    CRAFTS = "crafts"
    STORYTELLING = "storytelling"
    PERSONAL_BRAND = "personal_brand"
    PORTFOLIO = "portfolio"
    WELLBEING = "wellbeing"
    SAFETY = "safety"


class CourseFormat(enum.Enum):
    IN_PERSON = "in_person"
    ONLINE = "online"
    HYBRID = "hybrid"


class CampaignTheme(enum.Enum):
    EARLY_MARRIAGE = "early_marriage"
    DOMESTIC_VIOLENCE = "domestic_violence"
    DISCRIMINATION = "discrimination"
    EDUCATION_ACCESS = "education_access"
    ECONOMIC_EMPOWERMENT = "economic_empowerment"
    WELLBEING = "wellbeing"
    LEADERSHIP = "leadership"


class EventKind(enum.Enum):
    EXHIBITION = "exhibition"
    MURAL = "mural"
    PERFORMANCE = "performance"
    SCREENING = "screening"
    WORKSHOP = "workshop"
    CAMP = "camp"
    COMMUNITY_DIALOGUE = "community_dialogue"


class PartnerKind(enum.Enum):
    MEDIA = "media"
    SCHOOL = "school"
    NGO = "ngo"
    WOMENS_COALITION = "womens_coalition"
    LOCAL_AUTHORITY = "local_authority"
    BUSINESS = "business"


class ImageFormat(enum.Enum):
    ORIGINAL = "original"
    JPEG = "jpeg"
    WEBP = "webp"
    AVIF = "avif"


class ImageFit(enum.Enum):
    COVER = "cover"
    CONTAIN = "contain"


class ContentType(enum.Enum):
    STORY = "story"
    ARTIST = "artist"
    ARTWORK = "artwork"
    COURSE = "course"
    MENTOR = "mentor"
    CAMPAIGN = "campaign"
    EVENT = "event"
