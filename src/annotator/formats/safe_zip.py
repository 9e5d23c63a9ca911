"""Open a ZIP archive the user pointed at without trusting anything inside it.

Used by every reader of a zipped format (REFI-QDA ``.qdpx``; docx, odt, xlsx). The
archive is checked from its central directory when opened, and again while reading:

* entry names must be relative paths inside the archive: no absolute paths, no drive
  letters, no ``..`` parts, no backslashes, no NUL, no two names equal up to case;
* no symbolic links and no encrypted entries;
* at most ``max_entries`` entries, at most ``max_entry_bytes`` per entry and
  ``max_total_bytes`` in all (uncompressed, as declared), and no large entry that
  expands more than ``max_ratio`` times (a zip bomb);
* reads go through :meth:`SafeZip.read`, which reads in chunks and stops at the declared
  size or the caller's cap, whichever is smaller, so a lying header cannot make it
  allocate more than that.

Entries are never extracted to disk: callers look entries up by name and read bytes.
Every refusal is an :class:`~annotator.domain.errors.InputFileError` naming the archive
and one reason; nothing else escapes (no ``BadZipFile``, ``zlib.error``, ``EOFError``).
"""

from __future__ import annotations

import re
import stat
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from annotator.domain.errors import InputFileError

_CHUNK = 64 * 1024
_DRIVE = re.compile(r"^[A-Za-z]:")


@dataclass(frozen=True)
class ZipLimits:
    """What an archive may hold; the defaults suit documents and REFI-QDA projects."""

    max_entries: int = 10_000
    max_entry_bytes: int = 2**31 - 1  # the REFI-QDA limit for one internal file
    max_total_bytes: int = 4 * 1024**3
    #: An entry may expand at most this many times, unless it is smaller than
    #: ``ratio_floor_bytes`` (tiny files of spaces compress very well and are harmless).
    max_ratio: int = 200
    ratio_floor_bytes: int = 1024**2


def unsafe_name_reason(name: str) -> str | None:
    """Why the entry name ``name`` is unsafe, or ``None`` if it is a plain relative path."""
    if not name:
        return "an entry has an empty name"
    if "\x00" in name:
        return "an entry name contains a NUL character"
    if "\\" in name:
        return f"the entry {name!r} uses backslashes (a Windows path)"
    if name.startswith("/"):
        return f"the entry {name!r} has an absolute path"
    if _DRIVE.match(name):
        return f"the entry {name!r} names a drive"
    if any(part == ".." for part in name.split("/")):
        return f"the entry {name!r} points outside the archive (..)"
    return None


class SafeZip:
    """A checked, read-only view of one ZIP archive; use as a context manager.

    Construct with :func:`open_safe_zip`. Names are the archive's own (``/``-separated);
    directory entries are listed by :meth:`names` only if ``with_directories`` is true.
    """

    def __init__(self, path: Path, archive: zipfile.ZipFile, limits: ZipLimits) -> None:
        self.path = path
        self._zip = archive
        self._limits = limits
        self._infos = {info.filename: info for info in archive.infolist()}
        self._by_folded = {name.casefold(): name for name in self._infos}

    # -- lookup ------------------------------------------------------------------------
    def names(self, *, with_directories: bool = False) -> list[str]:
        """Entry names in archive order (files only unless ``with_directories``).

        (A folder is a name ending in "/"; ``ZipInfo.is_dir`` fails on an empty name.)"""
        return [n for n, i in self._infos.items() if with_directories or not n.endswith("/")]

    def find(self, name: str) -> str | None:
        """The archive's spelling of entry ``name``, compared case-insensitively, or ``None``."""
        found = self._by_folded.get(name.casefold())
        if found is None or found.endswith("/"):
            return None
        return found

    def find_in_folder(self, folder: str, name: str) -> str | None:
        """Entry ``folder/name`` with both parts compared case-insensitively (``""``: root)."""
        return self.find(f"{folder.strip('/')}/{name}" if folder.strip("/") else name)

    def root_files(self, suffix: str) -> list[str]:
        """Files at the top level whose name ends with ``suffix`` (case-insensitive)."""
        folded = suffix.casefold()
        return [n for n in self.names() if "/" not in n and n.casefold().endswith(folded)]

    def size(self, name: str) -> int:
        """The declared uncompressed size of entry ``name``."""
        return self._infos[name].file_size

    # -- reading -----------------------------------------------------------------------
    def read(self, name: str, *, max_bytes: int | None = None) -> bytes:
        """The bytes of entry ``name`` (an exact name from :meth:`find`).

        Reads in chunks and refuses with :class:`InputFileError` once more than
        ``max_bytes`` (default: the per-entry limit) or more than the declared size would
        be produced, or when the data is damaged (bad CRC, truncated stream).
        """
        info = self._infos.get(name)
        if info is None or info.filename.endswith("/"):
            raise KeyError(name)
        cap = self._limits.max_entry_bytes if max_bytes is None else max_bytes
        if info.file_size > cap:
            raise self._error(f"the entry {name!r} is {info.file_size} bytes, more than the "
                              f"{cap} allowed")
        limit = min(cap, info.file_size)
        parts: list[bytes] = []
        total = 0
        try:
            with self._zip.open(info) as stream:
                while chunk := stream.read(_CHUNK):
                    total += len(chunk)
                    if total > limit:
                        raise self._error(f"the entry {name!r} expands beyond its declared size")
                    parts.append(chunk)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as error:
            raise self._error(f"the entry {name!r} is damaged ({error})") from None
        except NotImplementedError:
            raise self._error(f"the entry {name!r} uses an unsupported compression") from None
        return b"".join(parts)

    def close(self) -> None:
        self._zip.close()

    def __enter__(self) -> SafeZip:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def _error(self, reason: str) -> InputFileError:
        return InputFileError(str(self.path), reason)


def open_safe_zip(path: Path, limits: ZipLimits | None = None) -> SafeZip:
    """Open ``path`` and check its central directory; raise :class:`InputFileError` if unsafe.

    The caller must close the result (``with open_safe_zip(p) as archive: ...``).
    """
    limits = limits or ZipLimits()
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise InputFileError(str(path), "not a ZIP archive, or a truncated one") from None
    except (OSError, EOFError) as error:
        reason = getattr(error, "strerror", None) or str(error) or type(error).__name__
        raise InputFileError(str(path), f"cannot be read: {reason}") from None
    except (ValueError, NotImplementedError) as error:  # e.g. an absurd ZIP64 record
        raise InputFileError(str(path), f"not a usable ZIP archive ({error})") from None
    try:
        _check(archive, limits)
    except _Unsafe as error:
        archive.close()
        raise InputFileError(str(path), str(error)) from None
    return SafeZip(path, archive, limits)


class _Unsafe(Exception):
    pass


def _check(archive: zipfile.ZipFile, limits: ZipLimits) -> None:
    infos = archive.infolist()
    if len(infos) > limits.max_entries:
        raise _Unsafe(f"the archive has {len(infos)} entries, more than the "
                      f"{limits.max_entries} allowed")
    seen: set[str] = set()
    total = 0
    for info in infos:
        reason = unsafe_name_reason(info.filename)
        if reason:
            raise _Unsafe(reason)
        folded = info.filename.casefold()
        if folded in seen:
            raise _Unsafe(f"the entry name {info.filename!r} appears twice")
        seen.add(folded)
        if stat.S_ISLNK(info.external_attr >> 16):
            raise _Unsafe(f"the entry {info.filename!r} is a symbolic link")
        if info.flag_bits & 0x1:
            raise _Unsafe(f"the entry {info.filename!r} is encrypted")
        if info.file_size > limits.max_entry_bytes:
            raise _Unsafe(f"the entry {info.filename!r} would expand to {info.file_size} "
                          f"bytes, more than the {limits.max_entry_bytes} allowed")
        total += info.file_size
        if total > limits.max_total_bytes:
            raise _Unsafe(f"the archive would expand to more than {limits.max_total_bytes} "
                          "bytes (a zip bomb?)")
        if (info.file_size > limits.ratio_floor_bytes
                and info.file_size > limits.max_ratio * max(info.compress_size, 1)):
            ratio = info.file_size // max(info.compress_size, 1)
            raise _Unsafe(f"the entry {info.filename!r} expands {ratio} times, more than "
                          f"the {limits.max_ratio} times allowed (a zip bomb?)")
