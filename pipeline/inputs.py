"""Which files a command is about: folders expanded, files hashed, what is new decided.

Input files are only ever read: never moved, renamed or edited.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

# A file whose bytes are unchanged and whose last outcome was one of these is not taken again.
# `pending` is missing on purpose: a pending file (a crash, a lock) is retried.
SETTLED = ("ingested", "duplicate", "rejected")


@dataclass(frozen=True)
class InputFile:
    path: str          # absolute
    file_sha256: str
    n_bytes: int


def _is_hidden(path: Path) -> bool:
    return any(part.startswith(".") or part.startswith("~$") for part in path.parts[-1:])


def collect_files(paths: list[str | Path]) -> tuple[list[Path], list[str]]:
    """Files under `paths` (folders recursively, hidden files skipped), sorted; and the given paths
    that do not exist."""
    found: list[Path] = []
    missing: list[str] = []
    for given in paths:
        path = Path(given).expanduser()
        if path.is_dir():
            found.extend(p for p in sorted(path.rglob("*")) if p.is_file() and not _is_hidden(p))
        elif path.is_file():
            found.append(path)
        else:
            missing.append(str(given))
    unique = sorted({p.resolve() for p in found})
    return unique, missing


def digest(path: Path) -> InputFile:
    data = path.read_bytes()
    return InputFile(str(path.resolve()), hashlib.sha256(data).hexdigest(), len(data))


def new_files(
    files: list[Path], known: dict[str, tuple[str, str]], *, force: bool = False
) -> list[InputFile]:
    """The files whose bytes are new or changed, or whose last attempt did not settle."""
    todo = []
    for path in files:
        item = digest(path)
        sha_status = known.get(item.path)
        if force or sha_status is None or sha_status[0] != item.file_sha256 or sha_status[1] not in SETTLED:
            todo.append(item)
    return todo
