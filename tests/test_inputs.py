"""Which files a command takes: folders listed, hidden ones skipped, every bad entry named on its
own (issue 11: a bad name, an unreadable or vanished file, a FIFO, links to nothing or outside the
folder, a folder that cannot be listed), settled files not retaken, bytes read once and whole."""
from __future__ import annotations

import ctypes
import hashlib
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from reportcmp.pipeline import inputs
from reportcmp.pipeline.config import ReadLimits
from reportcmp.pipeline.inputs import Listed, examine, list_inputs, new_files, read_stable
from reportcmp.pipeline.records import InputError

REPORT = "各位代表：现在，我代表市人民政府向大会报告工作。".encode("utf-8")
ROOT = Path(__file__).resolve().parents[1]


def _write(path: Path, data: bytes = REPORT) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def _problems(listed: list[Listed]) -> dict[str, str]:
    return {entry.path: entry.problem for entry in listed if entry.problem}


def _good(listed: list[Listed]) -> list[str]:
    return [entry.path for entry in listed if entry.problem is None]


def test_list_inputs_recurses_sorts_and_skips_hidden_files_and_folders(tmp_path):
    b = _write(tmp_path / "inbox" / "sub" / "b.txt")
    a = _write(tmp_path / "inbox" / "a.docx")
    _write(tmp_path / "inbox" / ".DS_Store")
    _write(tmp_path / "inbox" / "~$a.docx")
    _write(tmp_path / "inbox" / ".git" / "x.txt")          # issue 11: inbox/.git/x.txt was ingested
    _write(tmp_path / "inbox" / "sub" / ".cache" / "y.txt")
    listed, missing = list_inputs([tmp_path / "inbox", tmp_path / "inbox" / "a.docx"])
    assert [entry.path for entry in listed] == sorted([str(a.resolve()), str(b.resolve())])
    assert _problems(listed) == {} and missing == []


def test_list_inputs_names_what_does_not_exist(tmp_path):
    assert list_inputs([tmp_path / "nope"]) == ([], [str(tmp_path / "nope")])


def test_a_name_that_is_not_utf8_is_named_and_the_rest_is_listed(tmp_path):
    inbox = tmp_path / "inbox"
    good = _write(inbox / "good.txt")
    bad = os.path.join(os.fsencode(inbox), "报告".encode("gbk") + b".txt")
    with open(bad, "wb") as file:
        file.write(REPORT)
    listed, _ = list_inputs([inbox])
    assert _good(listed) == [str(good.resolve())]
    [(path, problem)] = _problems(listed).items()
    assert path == os.fsdecode(bad)
    assert problem.startswith("the file name is not valid UTF-8")
    item = examine(listed[0] if listed[0].problem else listed[1])
    assert item.path == str(inbox) + "/\\xb1\\xa8\\xb8\\xe6.txt"       # printable, storable
    assert item.path.encode("utf-8")


def test_special_files_and_links_are_named(tmp_path):
    inbox, outside = tmp_path / "inbox", tmp_path / "outside"
    good = _write(inbox / "good.txt")
    secret = _write(outside / "secret.txt")
    os.mkfifo(inbox / "pipe.txt")
    (inbox / "dangling.txt").symlink_to(inbox / "gone.txt")
    (inbox / "escape.txt").symlink_to(secret)
    (inbox / "escape-folder").symlink_to(outside, target_is_directory=True)
    (inbox / "inside.txt").symlink_to(good)                # a link inside the folder: the same file
    listed, _ = list_inputs([inbox])
    assert _good(listed) == [str(good.resolve())]
    assert _problems(listed) == {
        str(inbox / "pipe.txt"): "not a regular file (a FIFO)",
        str(inbox / "dangling.txt"): f"symbolic link to nothing ({inbox / 'gone.txt'})",
        str(inbox / "escape.txt"): f"symbolic link pointing outside {inbox} (to {secret})",
        str(inbox / "escape-folder"): f"symbolic link pointing outside {inbox} (to {outside})",
    }


def test_a_file_given_by_name_may_be_a_link_anywhere(tmp_path):
    target = _write(tmp_path / "elsewhere" / "2024.txt")
    (tmp_path / "link.txt").symlink_to(target)
    listed, _ = list_inputs([tmp_path / "link.txt"])
    assert listed == [Listed(str(target.resolve()))]


def test_a_vanished_file_is_named_when_examined(tmp_path):
    path = _write(tmp_path / "a.txt")
    listed, _ = list_inputs([tmp_path])
    path.unlink()
    item = examine(listed[0])
    assert (item.problem, item.file_sha256.startswith(inputs.UNREAD)) == ("vanished before it could be read", True)


def test_a_file_over_the_size_limit_is_refused_unread(tmp_path, monkeypatch):
    path = _write(tmp_path / "big.txt", REPORT * 40_000)           # 2.8 MB
    opened = []
    real_fdopen = os.fdopen
    monkeypatch.setattr(os, "fdopen", lambda *a, **k: opened.append(a) or real_fdopen(*a, **k))
    with pytest.raises(InputError) as caught:
        read_stable(str(path), ReadLimits(max_file_mb=1))
    assert str(caught.value) == "file too large: 2.7 MB, over the limit of 1 MB (REPORTCMP_MAX_FILE_MB)"
    assert opened == []                                        # refused from its status, never read


def test_examine_hashes_the_bytes(tmp_path):
    path = _write(tmp_path / "a.txt")
    item = examine(Listed(str(path)))
    assert (item.file_sha256, item.n_bytes, item.path, item.problem) == (
        hashlib.sha256(REPORT).hexdigest(), len(REPORT), str(path), None)


def test_new_files_skips_settled_and_retries_pending_and_changed(tmp_path):
    paths = [_write(tmp_path / f"{name}.txt", name.encode() * 40) for name in
             ("ingested", "rejected", "pending", "changed", "unseen")]
    listed = [Listed(str(p)) for p in paths]
    known = {str(p): (examine(Listed(str(p))).file_sha256, p.stem) for p in paths[:3]}
    known[str(paths[3])] = ("0" * 64, "ingested")
    todo = [item.path.rsplit("/", 1)[1] for item in new_files(listed, known)]
    assert todo == ["pending.txt", "changed.txt", "unseen.txt"]
    assert len(new_files(listed, known, force=True)) == 5


def test_an_entry_that_cannot_be_read_is_settled_until_it_changes(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    listed, _ = list_inputs([tmp_path])
    [item] = new_files(listed, {})
    assert item.problem == "not a regular file (a FIFO)"
    assert new_files(listed, {item.path: (item.file_sha256, "rejected")}) == []


def test_a_file_written_while_it_is_read_is_read_again(tmp_path, monkeypatch):
    """The first read sees the file change under it (its size and time differ after the read):
    it is read again, and the bytes returned are the ones the file holds, whole."""
    path = _write(tmp_path / "a.txt", b"old version " * 100)
    real_fstat, calls = os.fstat, []

    def fstat_then_write(descriptor):
        calls.append(descriptor)
        if len(calls) == 1:                   # just before the first read: the file changes
            status = real_fstat(descriptor)
            path.write_bytes(b"new version, longer " * 100)
            return status
        return real_fstat(descriptor)

    monkeypatch.setattr(inputs.os, "fstat", fstat_then_write)
    data, _status = read_stable(str(path))
    assert data == b"new version, longer " * 100
    assert len(calls) == 4                    # two attempts, each with a status before and after


def test_a_file_that_keeps_changing_is_left_for_the_next_run(tmp_path, monkeypatch):
    path = _write(tmp_path / "a.txt", b"x" * 100)
    real_fstat = os.fstat
    counter = iter(range(1000))

    def always_growing(descriptor):
        with open(path, "ab") as file:
            file.write(b"y" * next(counter))
        return real_fstat(descriptor)

    monkeypatch.setattr(inputs.os, "fstat", always_growing)
    monkeypatch.setattr(inputs.time, "sleep", lambda s: None)
    with pytest.raises(inputs.FileChanging):
        read_stable(str(path))


# ---- what root cannot replay in-process: a file and a folder without read permission ------------

UNREADABLE_CHECK = textwrap.dedent("""
    import json, sys
    from reportcmp.pipeline.inputs import list_inputs, examine
    listed, missing = list_inputs([sys.argv[1]])
    print(json.dumps([[i.path, i.problem] for i in map(examine, listed)]))
""")


PR_CAPBSET_DROP, CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH = 24, 1, 2


def _without_root_reading_rights() -> None:
    """preexec_fn: root's process runs without the capabilities that let it read anything."""
    libc = ctypes.CDLL("libc.so.6", use_errno=True)
    for capability in (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH):
        if libc.prctl(PR_CAPBSET_DROP, capability, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def test_a_file_and_a_folder_without_read_permission_are_named(tmp_path):
    """In a subprocess that, when run by root, lacks root's reading rights: chmod 000 means what it says."""
    inbox = tmp_path / "inbox"
    good = _write(inbox / "good.txt")
    locked = _write(inbox / "locked.txt")
    _write(inbox / "closed" / "inner.txt")
    locked.chmod(0o000)
    (inbox / "closed").chmod(0o000)
    try:
        as_user = {"preexec_fn": _without_root_reading_rights} if os.geteuid() == 0 else {}
        done = subprocess.run([sys.executable, "-c", UNREADABLE_CHECK, str(inbox)], capture_output=True,
                              text=True, cwd=tmp_path, **as_user)
        assert done.returncode == 0, done.stderr
        assert dict(json.loads(done.stdout)) == {
            str(good): None,
            str(locked): "cannot read the file: Permission denied",
            str(inbox / "closed"): "cannot list the folder: Permission denied",
        }
    finally:
        (inbox / "closed").chmod(0o755)


def test_a_file_changed_after_listing_is_stored_under_the_hash_of_the_bytes_read(tmp_path):
    """It recorded one version's hash and stored the other's text, then said 'nothing new'
    forever (issue 11). Now the hash stored is that of the bytes the text was read from."""
    from reportcmp.pipeline import ingest, store

    seed = (ROOT / "seeds" / "dezhou" / "2024.txt").read_text(encoding="utf-8")
    path = _write(tmp_path / "inbox" / "2024.txt", seed.encode())
    con = store.connect(tmp_path / "reports.duckdb")
    try:
        listed, _ = list_inputs([tmp_path / "inbox"])
        [item] = new_files(listed, store.known_files(con))              # listing saw version A
        version_b = (seed + "\n（修订稿）\n").encode()
        path.write_bytes(version_b)                                       # B is what gets read
        assert ingest.ingest_file(con, item).status == "ingested"
        stored_sha, raw_text = con.execute(
            "SELECT f.file_sha256, r.raw_text FROM raw_files f JOIN core_reports r USING (report_sha256)").fetchone()
        assert stored_sha == hashlib.sha256(version_b).hexdigest() != item.file_sha256
        assert raw_text.endswith("（修订稿）\n")
        assert new_files(list_inputs([tmp_path / "inbox"])[0], store.known_files(con)) == []
        path.write_bytes(seed.encode())                                   # back to A: taken again
        assert len(new_files(list_inputs([tmp_path / "inbox"])[0], store.known_files(con))) == 1
    finally:
        con.close()


def test_a_bug_while_reading_leaves_the_file_pending_but_unreadable_knowledge_stops_the_batch(tmp_path, monkeypatch):
    """One file's unexpected error must not stop the batch (it is retried next run); a knowledge file
    that cannot be read is no file's fault and would fail every file: it is raised, one line."""
    from reportcmp.pipeline import ingest
    from reportcmp.pipeline.knowledge import KnowledgeError

    path = _write(tmp_path / "2024.txt", (ROOT / "seeds" / "dezhou" / "2024.txt").read_bytes())
    [listed], _ = list_inputs([path])
    item = examine(listed)

    def fails(error):
        def process_file(*_args, **_kwargs):
            raise error
        return process_file

    monkeypatch.setattr(ingest, "process_file", fails(ZeroDivisionError("a bug of ours")))
    outcome = ingest.read_file(item)
    assert (outcome.status, outcome.reason) == ("pending", "internal error, will retry: ZeroDivisionError: a bug of ours")
    monkeypatch.setattr(ingest, "process_file", fails(KnowledgeError("knowledge/units.csv: row 3 has an empty field")))
    with pytest.raises(KnowledgeError, match="units.csv"):
        ingest.read_file(item)
