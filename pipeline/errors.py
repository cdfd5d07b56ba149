"""The one kind of error that is the user's: a mistake in what they asked for or gave us (a file that
cannot be taken, a bad setting, a database that is locked or damaged, a labels or corrections file
that does not say what it must).

Its message is the whole story, in one line, naming the file or setting and what to do; the command
line prints it as its reason and exits 1. Any other exception is a bug of ours and keeps its traceback.
"""
from __future__ import annotations


class ReportcmpError(Exception):
    """The user's mistake or bad input; the message says what and where, in one line."""
