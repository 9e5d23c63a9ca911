"""File formats: pure converters between files and domain objects; no SQL, no Qt."""
