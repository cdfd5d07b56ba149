"""Which files a command is about: folders listed, files read and hashed, what is new decided.

Every entry is handled on its own: a name that is not UTF-8, a file that cannot be read, vanishes,
is not a regular file (a FIFO, a socket, a device), is a symbolic link to nothing or to somewhere
outside the folder it was found in, or a folder that cannot be listed, becomes an InputFile with a
`problem` (recorded as rejected with that reason); the rest of the batch goes on. Hidden files and
folders (`.git/`, `.DS_Store`, Office's `~$` lock files) are skipped.

A file is read once for its ingest (`read_stable`): its hash and its text come from the same
bytes, and a file that changes while it is read is read again, or left pending.

Input files are only ever read: never moved, renamed or edited. A path may also be an fsspec URL
(s3://…, gs://…; pipeline/urls.py), listed and read through its filesystem; a file:// URL is a local path.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import os
import stat
import time
from dataclasses import dataclass
from pathlib import Path

from reportcmp.pipeline.config import ReadLimits
from reportcmp.pipeline.read import too_large
from reportcmp.pipeline.records import InputError
from reportcmp.pipeline.urls import is_url, list_url, local_path, read_url

# A file whose bytes are unchanged and whose last outcome was one of these is not taken again.
# `pending` is missing on purpose: a pending file (a crash, a lock) is retried.
SETTLED = ("ingested", "duplicate", "rejected")
# For an entry that cannot be read, file_sha256 is this prefix and a hash of what was seen of it
# (its reason and status): it stays settled until that changes (a chmod, a new link target).
UNREAD = "unread:"
READ_ATTEMPTS = 3


class FileChanging(Exception):
    """The file changed while it was read, every time it was tried; the next run tries again."""


@dataclass(frozen=True)
class InputFile:
    path: str                     # absolute; undecodable bytes of a name shown as \xNN
    file_sha256: str              # of the bytes; UNREAD… for an entry that cannot be read
    n_bytes: int | None
    problem: str | None = None    # why it cannot be taken (recorded as rejected), or None


@dataclass(frozen=True)
class Listed:
    path: str                     # absolute; what is opened (may hold surrogates of a bad name)
    problem: str | None = None


def printable(path: str) -> str:
    """The path as text that can be stored and printed: bytes of a name that are not UTF-8 as \\xNN."""
    return os.fsencode(path).decode("utf-8", errors="backslashreplace")


def _is_hidden(name: str) -> bool:
    return name.startswith((".", "~$"))


def _kind(mode: int) -> str:
    for test, kind in ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a device"),
                       (stat.S_ISBLK, "a device"), (stat.S_ISDIR, "a folder")):
        if test(mode):
            return kind
    return "not a regular file"


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def _entry(path: str, root: str | None) -> Listed | None:
    """One name found in a folder (root) or given by the user (root None), or None to skip it."""
    name = os.path.basename(path)
    if printable(name) != name:
        return Listed(path, "the file name is not valid UTF-8 (a name from a GBK Windows share?): "
                            "rename the file")
    try:
        link = os.lstat(path)
    except FileNotFoundError:
        return Listed(path, "vanished before it could be read")
    except OSError as exc:
        return Listed(path, f"cannot read the file: {exc.strerror}")
    if stat.S_ISLNK(link.st_mode):
        target = os.path.realpath(path)
        if not os.path.exists(target):
            return Listed(path, f"symbolic link to nothing ({os.readlink(path)})")
        if root is not None and not _inside(target, root):
            return Listed(path, f"symbolic link pointing outside {printable(root)} (to {printable(target)})")
        if os.path.isdir(target):
            return None                   # a folder inside the root: its files are listed there
        path = target
        link = os.stat(target)
    if stat.S_ISDIR(link.st_mode):
        return None
    if not stat.S_ISREG(link.st_mode):
        return Listed(path, f"not a regular file ({_kind(link.st_mode)})")
    return Listed(os.path.realpath(path))


def list_inputs(paths: list[str | Path]) -> tuple[list[Listed], list[str]]:
    """Every file under `paths` (folders recursively), sorted and without repeats, each with the
    reason it cannot be taken if it cannot; and the given paths that do not exist. Never raises
    for a bad entry."""
    found: dict[str, Listed] = {}
    missing: list[str] = []

    def add(listed: Listed | None) -> None:
        if listed is not None and listed.path not in found:
            found[listed.path] = listed

    for given in paths:
        name = local_path(os.fspath(given))
        if is_url(name):
            entries, exists = list_url(name)
            for url, problem in entries:
                add(Listed(url, problem))
            if not exists:
                missing.append(str(given))
            continue
        path = os.path.abspath(os.path.expanduser(name))
        if os.path.isdir(path):          # a link to a folder is that folder, and its root
            root = os.path.realpath(path)

            def unlisted(error: OSError) -> None:
                add(Listed(error.filename, f"cannot list the folder: {error.strerror}"))

            for folder, subfolders, names in os.walk(root, onerror=unlisted):
                for sub in [s for s in subfolders if _is_hidden(s)]:
                    subfolders.remove(sub)
                for sub in list(subfolders):
                    if printable(sub) != sub:
                        subfolders.remove(sub)
                        add(Listed(os.path.join(folder, sub), "the folder name is not valid UTF-8: rename it"))
                    elif os.path.islink(os.path.join(folder, sub)):
                        add(_entry(os.path.join(folder, sub), root))
                for name in sorted(names):
                    if not _is_hidden(name):
                        add(_entry(os.path.join(folder, name), root))
        elif os.path.lexists(path):
            add(_entry(path, None))
        else:
            missing.append(str(given))
    return [found[key] for key in sorted(found)], missing


def _unread(listed: Listed, problem: str) -> InputFile:
    """An entry that cannot be read: its stand-in hash changes when its status or reason does."""
    try:
        seen = os.lstat(listed.path)
        status = (seen.st_mode, seen.st_ino, seen.st_size, seen.st_mtime_ns, seen.st_ctime_ns)
    except OSError:
        status = None
    signature = hashlib.sha256(f"{problem}|{status}".encode()).hexdigest()
    return InputFile(printable(listed.path), UNREAD + signature, None, problem)


def read_stable(path: str, limits: ReadLimits = ReadLimits()) -> tuple[bytes, os.stat_result]:
    """The bytes of a regular file and its status, read once and known not to have changed while
    they were read (status before and after the same), else read again; FileChanging after
    READ_ATTEMPTS. A file over the size limit is refused from its status, unread. Raises InputError
    for a file that cannot be taken."""
    for attempt in range(READ_ATTEMPTS):
        try:
            # O_NOFOLLOW: the path was resolved when listed; a link put in its place since is refused.
            # O_NONBLOCK: a FIFO put in its place does not hang the batch.
            descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
        except FileNotFoundError:
            raise InputError("vanished before it could be read") from None
        except OSError as exc:
            raise InputError(f"cannot read the file: {exc.strerror}") from None
        try:
            before = os.fstat(descriptor)
            if not stat.S_ISREG(before.st_mode):
                raise InputError(f"not a regular file ({_kind(before.st_mode)})")
            if before.st_size > limits.max_file_bytes:
                raise InputError(too_large(before.st_size, limits))
            with os.fdopen(os.dup(descriptor), "rb") as file:
                data = file.read(limits.max_file_bytes + 1)
            after = os.fstat(descriptor)
        except OSError as exc:
            raise InputError(f"cannot read the file: {exc.strerror}") from None
        finally:
            os.close(descriptor)
        if len(data) > limits.max_file_bytes:
            raise InputError(too_large(len(data), limits))
        # Written in place while read (a rename over it leaves this descriptor on the old file).
        unchanged = ((before.st_size, before.st_mtime_ns, before.st_ctime_ns)
                     == (after.st_size, after.st_mtime_ns, after.st_ctime_ns))
        if unchanged and len(data) == after.st_size:
            return data, after
        time.sleep(0.2 * (attempt + 1))
    raise FileChanging(f"the file kept changing while it was read ({READ_ATTEMPTS} tries); it is "
                       f"taken on the next run")


def read_input(path: str, limits: ReadLimits = ReadLimits()) -> tuple[bytes, dt.datetime | None]:
    """The bytes of a listed file or URL, read as read_stable (or urls.read_url) reads them, and the
    time it was last modified."""
    if is_url(path):
        return read_url(path, limits)
    data, status = read_stable(path, limits)
    return data, dt.datetime.fromtimestamp(status.st_mtime)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def examine(listed: Listed, limits: ReadLimits = ReadLimits()) -> InputFile:
    """What a listed entry is now: its hash and size, or the reason it cannot be taken."""
    if listed.problem:
        return _unread(listed, listed.problem)
    try:
        data, _modified = read_input(listed.path, limits)
    except InputError as exc:
        return _unread(listed, str(exc))
    except FileChanging:
        return InputFile(printable(listed.path), UNREAD + "changing", None, None)
    return InputFile(listed.path, sha256(data), len(data))


def new_files(listed: list[Listed], known: dict[str, tuple[str, str]], *, force: bool = False,
              limits: ReadLimits = ReadLimits(), retry_rejected: bool = False,
              rejected_before: list[str] | None = None) -> list[InputFile]:
    """The entries whose bytes (or, for one that cannot be read, whose reason and status) are new
    or changed, or whose last attempt did not settle; with `retry_rejected`, also those rejected
    before with the same bytes. Those are added to `rejected_before`, retried or not."""
    todo = []
    for entry in listed:
        item = examine(entry, limits)
        sha_status = known.get(item.path)
        if force or sha_status is None or sha_status[0] != item.file_sha256 or sha_status[1] not in SETTLED:
            todo.append(item)
        elif sha_status[1] == "rejected":
            if retry_rejected:
                todo.append(item)
            if rejected_before is not None:
                rejected_before.append(item.path)
    return todo
