"""Which exceptions are the user's to act on, and their one line (the command line prints it after
`reportcmp: error:` and exits 1); any other exception is a bug of ours and keeps its traceback."""
from __future__ import annotations

from reportcmp.pipeline.errors import ReportcmpError

NO_SPACE = ("No space left on device", "database or disk is full", "Disk quota exceeded")


def one_line_error(exc: BaseException) -> str | None:
    """The one-line message for an error the user can act on, or None for a bug of ours."""
    import tomllib

    full = _disk_full(exc)
    if full is not None:
        return full
    if isinstance(exc, ReportcmpError):
        return str(exc)
    if isinstance(exc, tomllib.TOMLDecodeError):   # raised while Prefect reads the user's profile
        return (f"a Prefect settings file (profiles.toml in Prefect's home, or a prefect.toml here) is not "
                f"valid TOML: {exc}")
    if isinstance(exc, OSError):   # a path that cannot be read or written: name it, no traceback
        where = f": {exc.filename}" if getattr(exc, "filename", None) else ""
        return f"{exc.strerror or exc}{where}"
    return None


def _disk_full(exc: BaseException) -> str | None:
    """'no space left' wherever it arose (DuckDB, the workbook, Prefect's SQLite), with the file."""
    import errno
    import re

    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        text = str(exc)
        if (isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT)) or \
                any(words in text for words in NO_SPACE):
            named = getattr(exc, "filename", None) or next(iter(re.findall(r'"([^"]+)"', text)), None)
            where = f" writing {named}" if named else ""
            return f"no space left on the device{where}: free some space and run again"
        exc = exc.__cause__ or exc.__context__
    return None
