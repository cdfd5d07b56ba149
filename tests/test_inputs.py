"""Which files a command takes: folders expanded, hidden files skipped, settled files not retaken."""
from __future__ import annotations

import hashlib

from pipeline.inputs import collect_files, digest, new_files

REPORT = "各位代表：现在，我代表市人民政府向大会报告工作。".encode("utf-8")


def _write(path, data: bytes = REPORT):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def test_collect_files_recurses_sorts_and_skips_hidden(tmp_path):
    b = _write(tmp_path / "inbox" / "sub" / "b.txt")
    a = _write(tmp_path / "inbox" / "a.docx")
    _write(tmp_path / "inbox" / ".DS_Store")
    _write(tmp_path / "inbox" / "~$a.docx")
    files, missing = collect_files([tmp_path / "inbox", tmp_path / "inbox" / "a.docx"])
    assert files == sorted([a.resolve(), b.resolve()])
    assert missing == []


def test_collect_files_names_what_does_not_exist(tmp_path):
    files, missing = collect_files([tmp_path / "nope"])
    assert files == []
    assert missing == [str(tmp_path / "nope")]


def test_digest_hashes_the_bytes(tmp_path):
    path = _write(tmp_path / "a.txt")
    item = digest(path)
    assert item.file_sha256 == hashlib.sha256(REPORT).hexdigest()
    assert item.n_bytes == len(REPORT)
    assert item.path == str(path.resolve())


def test_new_files_skips_settled_and_retries_pending_and_changed(tmp_path):
    paths = [_write(tmp_path / f"{name}.txt", name.encode() * 40) for name in
             ("ingested", "rejected", "pending", "changed", "unseen")]
    known = {str(p.resolve()): (digest(p).file_sha256, p.stem) for p in paths[:3]}
    known[str(paths[3].resolve())] = ("0" * 64, "ingested")
    todo = [item.path.rsplit("/", 1)[1] for item in new_files(paths, known)]
    assert todo == ["pending.txt", "changed.txt", "unseen.txt"]
    assert len(new_files(paths, known, force=True)) == 5
