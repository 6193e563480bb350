"""Every file eng-ops reads or writes goes through here.

Reads: the path must name an existing file (a pipe works too), not a directory or a
device; at most MAX_READ_BYTES are read; text must be UTF-8 (a BOM is dropped). Writes
(--out): never onto a directory or a SQLite database (or its -wal/-shm/-journal); missing
folders are created owner-only (0700), a new file owner-only (0600). Every problem is one
InvalidInput line naming the path, never an OSError. Standard library only: this module is
imported by light commands.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import stat
from collections.abc import Iterator
from pathlib import Path

from eng_ops.errors import InvalidInput, located

MAX_READ_BYTES = 50 * 1024 * 1024  # 50 MB: far above any real org, ladder or CSV file
_CHUNK = 1024 * 1024


def _reason(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return "permission denied"
    if isinstance(exc, IsADirectoryError):
        return "is a directory"
    return exc.strerror or type(exc).__name__


def read_bytes(path: str | os.PathLike[str], *, limit: int | None = None) -> bytes:
    """The bytes of a file or pipe, refusing directories, devices and anything over `limit`
    (default MAX_READ_BYTES)."""
    limit = MAX_READ_BYTES if limit is None else limit
    name = os.fspath(path)
    if not name:
        raise InvalidInput("empty file name")
    try:
        fd = os.open(name, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    except (FileNotFoundError, NotADirectoryError):
        raise InvalidInput(f"{name}: no such file") from None
    except IsADirectoryError:
        raise InvalidInput(f"{name}: is a directory, not a file") from None
    except OSError as exc:
        raise InvalidInput(f"{name}: cannot read: {_reason(exc)}") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise InvalidInput(f"{name}: is a directory, not a file")
        if not (stat.S_ISREG(info.st_mode) or stat.S_ISFIFO(info.st_mode)):
            raise InvalidInput(f"{name}: not a regular file")
        if info.st_size > limit:
            raise InvalidInput(
                f"{name}: too large ({_size(info.st_size)}; the limit is {_size(limit)})"
            )
        chunks, total = [], 0
        while chunk := os.read(fd, _CHUNK):
            total += len(chunk)
            if total > limit:  # a pipe, or a file that grew while we read it
                raise InvalidInput(f"{name}: too large (over the limit of {_size(limit)})")
            chunks.append(chunk)
    except OSError as exc:
        raise InvalidInput(f"{name}: cannot read: {_reason(exc)}") from None
    finally:
        os.close(fd)
    return b"".join(chunks)


def read_text(path: str | os.PathLike[str], *, limit: int | None = None) -> str:
    """A UTF-8 text file (BOM dropped); bad bytes are 'FILE:LINE: not valid UTF-8'."""
    data = read_bytes(path, limit=limit)
    return decode_utf8(data, os.fspath(path))


def decode_utf8(data: bytes, name: str) -> str:
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise located(name, line, None, "not valid UTF-8") from None


def csv_rows(
    path: str | os.PathLike[str], *, strip_header: bool = False
) -> tuple[list[str], Iterator[tuple[int, dict]]]:
    """A CSV file's header and its (line, row) pairs; a malformed file names its line.

    A column named twice, or a row with more cells than the header, is refused: either
    would silently lose a value."""
    name = os.fspath(path)
    reader = csv.DictReader(io.StringIO(read_text(path), newline=""))
    try:
        header = list(reader.fieldnames or [])
    except csv.Error as exc:
        raise located(name, reader.line_num or 1, None, f"bad CSV: {exc}") from None
    if strip_header:
        header = [h.strip() for h in header]
        reader.fieldnames = header
    seen: dict[str, int] = {}
    for number, column in enumerate(header, start=1):
        if column in seen:
            raise located(
                name,
                1,
                None,
                f"column '{column}' appears twice (columns {seen[column]} and {number})",
            )
        seen[column] = number

    def rows() -> Iterator[tuple[int, dict]]:
        try:
            for row in reader:
                if None in row:  # DictReader's key for the cells past the header's last column
                    cells = len(header) + len(row[None])
                    raise located(
                        name,
                        reader.line_num,
                        None,
                        f"{cells} cells, but the header has {len(header)}",
                    )
                yield reader.line_num, row
        except csv.Error as exc:
            raise located(name, reader.line_num, None, f"bad CSV: {exc}") from None

    return header, rows()


def existing_dir(path: str | os.PathLike[str], *, what: str) -> Path:
    """A directory that must exist (e.g. the template dir someone named)."""
    folder = Path(path).expanduser()
    if not folder.exists():
        raise InvalidInput(f"{what} {folder}: no such directory")
    if not folder.is_dir():
        raise InvalidInput(f"{what} {folder}: not a directory")
    return folder


def make_private_dirs(folder: Path) -> None:
    """Create `folder` and any missing parents, each readable by its owner only (0700)."""
    missing = []
    current = folder
    while not current.exists():
        missing.append(current)
        if current.parent == current:
            break
        current = current.parent
    if current.exists() and not current.is_dir():
        raise InvalidInput(f"{current}: not a directory")
    for item in reversed(missing):
        try:
            item.mkdir(mode=0o700)
        except FileExistsError:
            if not item.is_dir():
                raise InvalidInput(f"{item}: not a directory") from None
        except OSError as exc:
            raise InvalidInput(f"{item}: cannot create folder: {_reason(exc)}") from None


def write_text(path: str | os.PathLike[str], text: str) -> Path:
    """Write UTF-8 text exactly (no newline translation) to a file, never a directory.

    Missing folders are created 0700 and a new file 0600; an existing file keeps its mode.
    """
    name = os.fspath(path)
    if not name:
        raise InvalidInput("empty file name")
    target = Path(name).expanduser()
    if target.is_dir() or name.endswith(("/", os.sep)):
        raise InvalidInput(f"{target}: is a directory; give a file name")
    _refuse_database(target)
    make_private_dirs(target.parent)
    data = text.encode("utf-8")
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(target, flags, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
    except OSError as exc:
        raise InvalidInput(f"{target}: cannot write: {_reason(exc)}") from None
    return target


SQLITE_HEADER = b"SQLite format 3\x00"
SQLITE_SIDE_FILES = ("-wal", "-shm", "-journal")


def _refuse_database(target: Path) -> None:
    """Never write over a SQLite database (eng-ops' own or any other), nor over the -wal,
    -shm or -journal file next to one: `--out org.db` would destroy it."""
    if _is_sqlite(target):
        raise InvalidInput(f"{target}: is a SQLite database; give another file name")
    for suffix in SQLITE_SIDE_FILES:
        if target.name.endswith(suffix) and _is_sqlite(
            target.with_name(target.name.removesuffix(suffix))
        ):
            raise InvalidInput(f"{target}: belongs to a SQLite database; give another file name")


def _is_sqlite(path: Path) -> bool:
    """A regular file starting with SQLite's header (a pipe or terminal is never read)."""
    try:
        if not path.is_file():
            return False
        with open(path, "rb") as handle:
            return handle.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:  # unreadable: not a database eng-ops could have opened either
        return False


def _size(count: int) -> str:
    return f"{count / (1024 * 1024):.0f} MB" if count >= 1024 * 1024 else f"{count} bytes"
