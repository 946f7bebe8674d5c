"""Full-text search backends (filled by the search issue)."""
