"""Deterministic demo content, written through hub.content (filled in by the seed work)."""
