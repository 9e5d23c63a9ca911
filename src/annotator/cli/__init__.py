"""The ``annotator`` command: the window, and headless work on the same project file.

Exit status: 0 on success, 1 on a user error (one line per problem on stderr, never a
traceback), 2 on wrong usage (argparse), 141 when the reader of the output went away
(``annotator tags P | head -1``; see :data:`READER_GONE`). Importing this module does not
load Qt; only ``annotator open`` (or no command) does.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

from ..domain.errors import UserError
from ..services.project import acting_coder
from .commands import HANDLERS
from .parser import build_parser
from .status import READER_GONE, USAGE_ERROR, USER_ERROR

__all__ = ["READER_GONE", "USAGE_ERROR", "USER_ERROR", "build_parser", "main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (also used as the process's).

    Standard output is flushed before this returns, so that a reader that went away is
    noticed here rather than in the interpreter's last flush (which would print
    "Exception ignored ... BrokenPipeError"): the command then returns
    :data:`READER_GONE`, silently.
    """
    try:
        try:
            return _run(argv)
        finally:
            if sys.stdout is not None:
                sys.stdout.flush()
    except BrokenPipeError:
        _discard_further_output()
        return READER_GONE


def _discard_further_output() -> None:
    """Point standard output at the null device: what is still buffered in
    ``sys.stdout`` goes nowhere at exit instead of failing on the closed pipe again."""
    try:
        descriptor = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):  # no stdout, or not a file (tests)
        return
    null = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(null, descriptor)
    finally:
        os.close(null)


def _run(argv: Sequence[str] | None) -> int:
    args = build_parser().parse_args(argv)
    handler = HANDLERS.get(args.command or "open")
    assert handler is not None
    try:
        with acting_coder(args.coder):
            return handler(args)
    except UserError as error:
        print(f"annotator: {error}", file=sys.stderr)
        return USER_ERROR
    except KeyboardInterrupt:
        print("annotator: interrupted", file=sys.stderr)
        return 130
