"""Piccolo migrations of the hub app (shipped in the wheel as hub.migrations)."""
