"""TajikHeritage content hub: a GraphQL headless CMS for stories, art and courses."""

__version__ = "0.1.0"
