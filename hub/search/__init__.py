"""Full-text search: one backend interface, an embedded and a Meilisearch implementation."""
