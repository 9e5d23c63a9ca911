"""Time stamps and identifiers given to new records."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime


def utc_now() -> str:
    """The current time as ISO 8601 UTC with a ``Z`` (seconds precision)."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def new_guid() -> str:
    """A fresh lower-case RFC 4122 GUID (REFI-QDA identifiers)."""
    return str(uuid.uuid4())
