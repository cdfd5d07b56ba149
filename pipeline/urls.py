"""Input named by an fsspec URL (s3://bucket/reports/, gs://…, memory://…), so that workers on other
machines read the reports themselves; the database stays local to the writer.

A URL's filesystem comes from fsspec and the package the user installs for it (s3fs, gcsfs); a
`file://` URL is a local path and goes through pipeline/inputs.py's local listing with all its checks.
Listing and reading keep the local rules where the storage allows: hidden names skipped, each entry
on its own, the size limit checked from the listing before any byte is read, the bytes read once and
read again when the object changed meanwhile (its size, time or ETag).
"""
from __future__ import annotations

import datetime as dt
import re
import time
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

from reportcmp.pipeline.config import ReadLimits
from reportcmp.pipeline.errors import ReportcmpError
from reportcmp.pipeline.records import InputError

# A scheme and ://, or fsspec's chaining (simplecache::s3://…); one letter is a Windows drive, not a scheme.
URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]+(?:://|::)")
READ_ATTEMPTS = 3
# Keys of an fsspec listing that change when an object does, by filesystem (local, S3, GCS, memory).
VERSION_KEYS = ("size", "mtime", "LastModified", "last_modified", "updated", "ETag", "etag", "md5Hash", "created")
TIME_KEYS = ("mtime", "LastModified", "last_modified", "updated", "created")


class UrlError(ReportcmpError):
    """A URL whose filesystem is unknown or not installed; the message says what to install."""


def is_url(name: str) -> bool:
    """Whether `name` is a URL for fsspec (file:// ones are local paths: see local_path)."""
    return bool(URL.match(name)) and not name.startswith("file://")


def local_path(name: str) -> str:
    """A file:// URL as the local path it names; anything else unchanged."""
    if name.startswith("file://"):
        return unquote(urlsplit(name).path) or "/"
    return name


def name_of(url: str) -> PurePosixPath:
    """The object's path inside its storage, for what a file name tells (suffix, years in the name)."""
    return PurePosixPath(unquote(urlsplit(url.rsplit("::", 1)[-1]).path))


def _filesystem(url: str):
    import fsspec

    try:
        return fsspec.core.url_to_fs(url)
    except ImportError as exc:   # fsspec: "Install s3fs to access S3"
        raise UrlError(f"{url}: {exc} (pip install it beside reportcmp)") from None
    except ValueError as exc:    # "Protocol not known: xyz"
        raise UrlError(f"{url}: {exc}") from None


def _hidden(relative: str) -> bool:
    return any(part.startswith((".", "~$")) for part in relative.split("/") if part)


def list_url(url: str) -> tuple[list[tuple[str, str | None]], bool]:
    """(url, problem) of every object under `url` (one object, or a folder recursively, hidden names
    skipped, sorted), and whether `url` exists at all."""
    fs, root = _filesystem(url)
    try:
        if not fs.exists(root):
            return [], False
        if not fs.isdir(root):
            return [(fs.unstrip_protocol(root), None)], True
        found = fs.find(root, withdirs=False, detail=True)
    except OSError as exc:
        return [(fs.unstrip_protocol(root), f"cannot list the folder: {exc}")], True
    prefix = root.rstrip("/") + "/"
    entries = [(fs.unstrip_protocol(path), None) for path in sorted(found)
               if not _hidden(path[len(prefix):] if path.startswith(prefix) else path)]
    return entries, True


def _version(info: dict) -> tuple:
    return tuple(str(info.get(key)) for key in VERSION_KEYS)


def modified_at(info: dict) -> dt.datetime | None:
    """The object's time as a naive local datetime, as the local reader gives it, when the storage says."""
    for key in TIME_KEYS:
        value = info.get(key)
        if isinstance(value, (int, float)):
            return dt.datetime.fromtimestamp(value)
        if isinstance(value, dt.datetime):
            return value.astimezone().replace(tzinfo=None) if value.tzinfo else value
        if isinstance(value, str):
            try:
                parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
            except ValueError:
                continue
            return parsed.astimezone().replace(tzinfo=None) if parsed.tzinfo else parsed
    return None


def read_url(url: str, limits: ReadLimits = ReadLimits()) -> tuple[bytes, dt.datetime | None]:
    """The bytes of one object and its time, read once and known not to have changed meanwhile (its
    listing before and after the same), else read again; a changing object raises
    inputs.FileChanging after READ_ATTEMPTS. Raises InputError for an object that cannot be taken."""
    from reportcmp.pipeline.inputs import FileChanging
    from reportcmp.pipeline.read import too_large

    fs, path = _filesystem(url)
    for attempt in range(READ_ATTEMPTS):
        try:
            before = fs.info(path)
            if before.get("type") != "file":
                raise InputError(f"not a regular file ({before.get('type')})")
            if (before.get("size") or 0) > limits.max_file_bytes:
                raise InputError(too_large(before["size"], limits))
            with fs.open(path, "rb") as handle:
                data = handle.read(limits.max_file_bytes + 1)
            fs.invalidate_cache(path)
            after = fs.info(path)
        except FileNotFoundError:
            raise InputError("vanished before it could be read") from None
        except OSError as exc:
            raise InputError(f"cannot read the file: {exc}") from None
        if len(data) > limits.max_file_bytes:
            raise InputError(too_large(len(data), limits))
        if _version(before) == _version(after) and after.get("size") in (None, len(data)):
            return data, modified_at(after)
        time.sleep(0.2 * (attempt + 1))
    raise FileChanging(f"the file kept changing while it was read ({READ_ATTEMPTS} tries); it is taken on the next run")
