"""Image pipeline and storage."""
