"""Errors that carry a message fit to show a user as it is.

Every error the user can cause derives from :class:`UserError`; the CLI prints its
message on one line and exits 1, the window shows it in a dialog. Anything else is a bug.
"""

from __future__ import annotations


class UserError(Exception):
    """A problem the user can understand and fix; ``str(error)`` is the whole message."""


class InputFileError(UserError):
    """A file the user pointed at cannot be read: the message names the file and the reason."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class ProjectFileError(UserError):
    """The project file cannot be opened or used (not ours, damaged, too new, busy)."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class NotFoundError(UserError):
    """A document, tag or highlight named by id or name does not exist."""


class InvalidSpanError(UserError):
    """A highlight's offsets do not fit its document, or its quote is not the text slice."""
