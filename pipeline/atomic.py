"""Files replaced whole: written beside their target, then moved over it in one rename.

A reader (an analyst's Excel, a DuckDB client) never opens a half-written file, a failure leaves the
previous one, and the temporary file a killed process left behind is removed by the next writer.
"""
from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Iterator


def temporary_for(target: Path, pid: int | None = None) -> Path:
    """The temporary file of process `pid` (default: this one) for `target`, hidden beside it."""
    return target.with_name(f".{target.stem}.{pid or os.getpid()}.partial{target.suffix}")


@contextlib.contextmanager
def replacing(target: Path) -> Iterator[Path]:
    """Yield a temporary path; when the block ends without error it replaces `target`, otherwise
    it is removed. A folder named `target` is refused before anything is written."""
    target = Path(target)
    if target.is_dir():
        raise IsADirectoryError(21, f"{target} is a folder, not a file to write", str(target))
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_orphans(target)
    temporary = temporary_for(target)
    try:
        yield temporary
        os.replace(temporary, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()


def remove_orphans(target: Path) -> list[Path]:
    """Remove the temporary files of `target` whose process is gone (a kill during the write)."""
    prefix, suffix = f".{target.stem}.", f".partial{target.suffix}"
    removed = []
    with os.scandir(target.parent) as entries:
        for entry in entries:
            pid = entry.name[len(prefix):-len(suffix)]
            if entry.name.startswith(prefix) and entry.name.endswith(suffix) and pid.isdigit() \
                    and not _alive(int(pid)):
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(entry.path)
                    removed.append(Path(entry.path))
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
