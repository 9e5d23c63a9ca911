"""Where a project file lives: network file systems, on which SQLite's locks are unsafe."""

from __future__ import annotations

import re
import sys
from pathlib import Path

#: File system types (``/proc/mounts``, macOS ``mount``) on which SQLite's locks are unsafe.
NETWORK_FS_TYPES = frozenset({
    "nfs", "nfs4", "cifs", "smb", "smb2", "smb3", "smbfs", "ncpfs", "afs", "9p", "sshfs",
    "fuse.sshfs", "davfs", "fuse.davfs2", "webdav", "afpfs", "ceph", "fuse.ceph",
    "glusterfs", "fuse.glusterfs", "lustre", "gpfs", "fuse.rclone", "fuse.s3fs",
})


def network_filesystem(path: str | Path) -> str | None:
    """The type of network file system holding ``path`` (e.g. ``"nfs4"``), or ``None``.

    Linux reads ``/proc/mounts``; Windows asks for the drive type (UNC paths count as
    network); macOS parses ``mount``. Best effort: ``None`` when it cannot tell.
    """
    target = Path(path).resolve()
    try:
        if sys.platform.startswith("linux"):
            mounts = Path("/proc/mounts").read_text(encoding="utf-8", errors="replace")
            kind = mount_type(target, mounts)
        elif sys.platform == "darwin":
            kind = _macos_mount_type(target)
        elif sys.platform == "win32":
            return _windows_network_drive(target)
        else:
            return None
    except OSError:
        return None
    return kind if kind in NETWORK_FS_TYPES else None


def mount_type(target: Path, mounts: str) -> str | None:
    """The file system type of the deepest mount point holding ``target``, from a
    ``/proc/mounts`` text (fields: device, mount point with octal escapes, type, ...)."""
    best, kind = -1, None
    for line in mounts.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        point = re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), fields[1])
        # ">=": of two mounts on one point, the later line is the one in effect.
        if (target == Path(point) or Path(point) in target.parents) and len(point) >= best:
            best, kind = len(point), fields[2]
    return kind


def _macos_mount_type(target: Path) -> str | None:
    import subprocess

    lines = subprocess.run(["/sbin/mount"], capture_output=True, text=True, timeout=2).stdout
    table = []
    for line in lines.splitlines():  # "//u@host/share on /Volumes/share (smbfs, nodev)"
        if " on " in line and line.endswith(")"):
            point, _, options = line.split(" on ", 1)[1].rpartition(" (")
            table.append(f"x {point.replace(' ', chr(92) + '040')} {options.split(',')[0]}")
    return mount_type(target, "\n".join(table))


def _windows_network_drive(target: Path) -> str | None:
    import ctypes

    anchor = target.anchor
    if anchor.startswith("\\\\"):
        return "network share"
    drive_remote = 4
    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    if kernel32.GetDriveTypeW(anchor) == drive_remote:
        return "network drive"
    return None
