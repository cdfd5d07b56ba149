"""Hostile and damaged input files, built small on disk (issue 11): decompression bombs, deep and
wide HTML, a huge text, a PDF of many pages. Used by tests/test_hostile.py and
benchmarks/hostile.py; each builder writes one file and returns its path."""
from __future__ import annotations

import zlib
from pathlib import Path

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = (b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
                 b'package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>')
REPORT_LINE = "各位代表：现在，我代表市人民政府向大会报告工作，请予审议。全市地区生产总值增长5.2%。"
MB = 2**20


class _Deflated:
    """A raw deflate stream of parts, some repeated many times: a repeated part is compressed once
    after a full flush (which makes its compressed bytes independent of what came before) and its
    bytes repeated, so a 1 GiB bomb is built in a fraction of a second."""

    def __init__(self) -> None:
        self.compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
        self.data = bytearray()
        self.crc = 0
        self.adler = 1
        self.size = 0

    def add(self, part: bytes, times: int = 1) -> "_Deflated":
        block = self.compressor.compress(part) + self.compressor.flush(zlib.Z_FULL_FLUSH)
        self.data += block * times
        for _ in range(times):
            self.crc = zlib.crc32(part, self.crc)
            self.adler = zlib.adler32(part, self.adler)
        self.size += len(part) * times
        return self

    def finish(self) -> bytes:
        self.data += self.compressor.flush()
        return bytes(self.data)


def _zip(path: Path, members: list[tuple[str, "_Deflated", int | None]]) -> Path:
    """A zip file of deflated members; a member's size may be declared falsely (`declared`)."""
    import struct

    out, central = bytearray(), bytearray()
    for name, deflated, declared in members:
        data, raw_name = deflated.finish(), name.encode()
        size = deflated.size if declared is None else declared
        offset = len(out)
        out += struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 20, 0, 8, 0, 0, deflated.crc, len(data), size,
                           len(raw_name), 0) + raw_name + data
        central += struct.pack("<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", 20, 20, 0, 8, 0, 0, deflated.crc,
                               len(data), size, len(raw_name), 0, 0, 0, 0, 0, offset) + raw_name
    out += central + struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, len(members), len(members), len(central),
                                 len(out), 0)
    path.write_bytes(bytes(out))
    return path


def _paragraphs(texts) -> bytes:
    return "".join(f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>" for text in texts).encode()


DOCUMENT_START = f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W_NS}"><w:body>'.encode()
DOCUMENT_END = b"</w:body></w:document>"


def _docx(path: Path, body: "_Deflated", extra: dict[str, int] | None = None, declared: int | None = None) -> Path:
    members = [("[Content_Types].xml", _Deflated().add(CONTENT_TYPES), None),
               ("word/document.xml", body.add(DOCUMENT_END), declared)]
    for name, size_mb in (extra or {}).items():
        members.append((name, _Deflated().add(bytes(MB), size_mb), None))
    return _zip(path, members)


def docx_bomb(path: Path, unpacked_mb: int = 1024) -> Path:
    """A report .docx with an image part that unzips to `unpacked_mb` MB of zeros (~1 MB packed per GB)."""
    body = _Deflated().add(DOCUMENT_START + _paragraphs([REPORT_LINE]))
    return _docx(path, body, {"word/media/image1.png": unpacked_mb})


def docx_lying_bomb(path: Path, unpacked_mb: int = 1024) -> Path:
    """A .docx whose document part inflates to `unpacked_mb` MB but whose zip headers declare 1 KB."""
    body = _Deflated().add(DOCUMENT_START + _paragraphs([REPORT_LINE])).add(b" " * MB, unpacked_mb)
    return _docx(path, body, declared=1024)


def docx_many_paragraphs(path: Path, n: int = 5_000_000) -> Path:
    """A .docx of `n` empty paragraphs after one line of report (~50 KB packed for 5 M)."""
    body = _Deflated().add(DOCUMENT_START + _paragraphs([REPORT_LINE])).add(b"<w:p/>" * 100_000, n // 100_000)
    return _docx(path, body)


def docx_many_runs(path: Path, n: int = 20_000_000) -> Path:
    """One paragraph of `n` empty runs: no text, 120 MB of markup, within the paragraph limit."""
    body = (_Deflated().add(DOCUMENT_START + _paragraphs([REPORT_LINE]) + b"<w:p>")
            .add(b"<w:r/>" * 100_000, n // 100_000).add(b"</w:p>"))
    return _docx(path, body)


def html_deep(path: Path, depth: int = 100_000) -> Path:
    path.write_bytes(("<html><body>" + "<div>" * depth + REPORT_LINE + "</div>" * depth + "</body></html>").encode())
    return path


def html_flat(path: Path, n: int = 300_000) -> Path:
    """A long flat page: `n` short paragraphs side by side (~18 MB for 300,000)."""
    path.write_bytes(("<html><body>" + f"<p>{REPORT_LINE}</p>\n" * n + "</body></html>").encode())
    return path


def html_sloppy(path: Path, n: int = 1_000) -> Path:
    """A page whose every paragraph opens <font> and <span> and never closes them: deep, but a page."""
    path.write_bytes(("<html><body>" + f"<p><font><span>{REPORT_LINE}<br>" * n + "</body></html>").encode())
    return path


def txt_huge(path: Path, mb: int = 200) -> Path:
    line = (REPORT_LINE + "\n").encode()
    block = line * (MB // len(line))
    with open(path, "wb") as file:
        for _ in range(mb):
            file.write(block)
    return path


def _pdf(objects: list[bytes]) -> bytes:
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def pdf_bomb(path: Path, unpacked_mb: int = 1024) -> Path:
    """A one-page PDF whose content stream inflates to `unpacked_mb` MB (of spaces and one line)."""
    import struct

    deflated = _Deflated().add(b"BT /F1 12 Tf 20 100 Td (GDP grew) Tj ET\n").add(b" " * MB, unpacked_mb)
    stream = b"\x78\xda" + deflated.finish() + struct.pack(">I", deflated.adler)   # zlib's wrapping
    path.write_bytes(_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Resources << /Font << /F1 3 0 R >> >> "
        b"/Contents 5 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]))
    return path


def pdf_many_pages(path: Path, n: int = 200_000) -> Path:
    """A PDF of `n` pages sharing one content stream, in a page tree of 1,000 pages per node."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
               b"<< /Length 40 >>\nstream\nBT /F1 12 Tf 20 100 Td (GDP grew) Tj ET\nendstream"]
    n_nodes = (n + 999) // 1000
    first_node = len(objects) + 1
    first_page = first_node + n_nodes
    node_refs = []
    for node in range(n_nodes):
        pages = range(node * 1000, min(n, (node + 1) * 1000))
        kids = b" ".join(b"%d 0 R" % (first_page + page) for page in pages)
        objects.append(b"<< /Type /Pages /Parent 2 0 R /Kids [%s] /Count %d >>" % (kids, len(pages)))
        node_refs.append(b"%d 0 R" % (first_node + node))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(node_refs), n)
    for page in range(n):
        objects.append(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 300 200] "
                       b"/Resources << /Font << /F1 3 0 R >> >> /Contents 4 0 R >>" % (first_node + page // 1000))
    path.write_bytes(_pdf(objects))
    return path


BUILDERS = {
    "docx-bomb-1GiB.docx": docx_bomb,
    "docx-lying-bomb.docx": docx_lying_bomb,
    "docx-5M-paragraphs.docx": docx_many_paragraphs,
    "docx-20M-runs.docx": docx_many_runs,
    "html-100k-nested-divs.html": html_deep,
    "html-flat-300k-paragraphs.html": html_flat,
    "txt-200MB.txt": txt_huge,
    "pdf-bomb-1GiB.pdf": pdf_bomb,
    "pdf-200k-pages.pdf": pdf_many_pages,
}


# ---- files through the product's per-file path, measured in a process of their own ------------

MEASURE = r"""
import json, sys, time
from pathlib import Path
from reportcmp.pipeline import ingest, inputs, store
from reportcmp.pipeline.config import settings_for
from reportcmp.pipeline.report import warm_up

def peak_mb():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024

warm_up()
limits = settings_for().limits
con = store.connect(Path(sys.argv[1]))
for path in sys.argv[2:]:
    with open("/proc/self/clear_refs", "w") as refs:
        refs.write("5")                      # the peak resident memory starts again from now
    baseline = peak_mb()
    started = time.perf_counter()
    listed, _ = inputs.list_inputs([path])
    [item] = inputs.new_files(listed, {}, limits=limits)
    outcome = ingest.ingest_file(con, item, limits=limits)
    print(json.dumps({"file": Path(path).name, "status": outcome.status, "reason": outcome.reason,
                      "seconds": time.perf_counter() - started, "peak_mb": peak_mb(),
                      "baseline_mb": baseline}), flush=True)
con.close()
"""


def measure(paths: list[Path], db: Path, env: dict | None = None) -> dict[str, dict]:
    """Ingest each file in turn in a fresh process of its own: by file name, its status and
    reason, the seconds it took (listing, reading, extracting, storing), and the process's peak
    resident memory (MB) while it was ingested, next to what the process held before it."""
    import json
    import os
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", MEASURE, str(db), *map(str, paths)], capture_output=True,
                          text=True, cwd=db.parent, env={**os.environ, **(env or {})}, timeout=1800)
    if done.returncode != 0:
        raise RuntimeError(f"measuring failed:\n{done.stderr[-3000:]}")
    rows = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    return {row["file"]: row for row in rows}
