"""Starting the window from the command line: checks the display first, then runs Qt.

On Linux, Qt's xcb platform plugin needs some X libraries that minimal systems lack; Qt
then aborts with a long, puzzling message. :func:`missing_display_requirement` checks
beforehand and :func:`run_window` prints one clear sentence with the fix instead.
"""

from __future__ import annotations

import ctypes
import os
import sys
from pathlib import Path

XCB_LIBRARIES = (
    "libxcb-cursor.so.0",
    "libxcb-icccm.so.4",
    "libxcb-keysyms.so.1",
    "libxcb-image.so.0",
    "libxcb-render-util.so.0",
    "libxkbcommon-x11.so.0",
    "libxcb-shape.so.0",
    "libxcb-xkb.so.1",
)
XCB_FIX = (
    "sudo apt-get install libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 "
    "libxcb-render-util0 libxcb-xkb1 libxkbcommon-x11-0 libxcb-shape0"
)


def missing_xcb_libraries() -> list[str]:
    """The X libraries from :data:`XCB_LIBRARIES` that cannot be loaded."""
    missing = []
    for name in XCB_LIBRARIES:
        try:
            ctypes.CDLL(name)
        except OSError:
            missing.append(name)
    return missing


def x_display_reachable(display: str) -> bool:
    """Whether an X server answers on ``display`` (libxcb's own connect, a few ms)."""
    try:
        xcb = ctypes.CDLL("libxcb.so.1")
    except OSError:
        return False
    xcb.xcb_connect.restype = ctypes.c_void_p
    xcb.xcb_connect.argtypes = [ctypes.c_char_p, ctypes.c_void_p]
    xcb.xcb_connection_has_error.argtypes = [ctypes.c_void_p]
    xcb.xcb_disconnect.argtypes = [ctypes.c_void_p]
    connection = xcb.xcb_connect(display.encode(), None)
    try:
        return xcb.xcb_connection_has_error(connection) == 0
    finally:
        xcb.xcb_disconnect(connection)


def missing_display_requirement(
    environ: dict[str, str] | None = None, platform: str | None = None
) -> str | None:
    """Why the window cannot start on this display, or ``None`` if it can (as far as known).

    Only Linux without an explicit ``QT_QPA_PLATFORM`` is checked: no ``DISPLAY`` nor
    ``WAYLAND_DISPLAY`` means no display; with only ``DISPLAY`` set the xcb libraries must
    load and the X server must answer.
    """
    env = os.environ if environ is None else environ
    if not (platform or sys.platform).startswith("linux") or env.get("QT_QPA_PLATFORM"):
        return None
    if not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
        return (
            "annotator: no display found (neither DISPLAY nor WAYLAND_DISPLAY is set); "
            "run it in a desktop session, or set QT_QPA_PLATFORM=offscreen for headless use."
        )
    if env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
        missing = missing_xcb_libraries()
        if missing:
            return (
                f"annotator: the window needs X libraries that are missing: "
                f"{', '.join(missing)}. Install them with: {XCB_FIX}"
            )
        if not x_display_reachable(env["DISPLAY"]):
            return (
                f"annotator: cannot connect to the X display {env['DISPLAY']!r}; is the "
                "X server running? For headless use set QT_QPA_PLATFORM=offscreen."
            )
    return None


def run_window(project_path: Path) -> int:
    """Open the window on ``project_path`` and run until it closes; return the exit code.

    Prints one message and returns 1 when there is no usable display or the project cannot
    be opened (never a traceback for a ``UserError``).
    """
    problem = missing_display_requirement()
    if problem is not None:
        print(problem, file=sys.stderr)
        return 1
    from .app import ensure_application, open_project_window

    app = ensure_application()
    window = open_project_window(Path(project_path), ask_coder=True)
    if window is None:
        return 1
    window.show()
    window.open_first_document()
    return int(app.exec())
