"""N copies of the corpus through the real commands, in-process and on a local Dask cluster.

    python benchmarks/bench.py --copies 1,4,10 [--workers 2] [--only-scale]

Each copy must be other reports to the product, not new versions of the same ones (the same region
and year is a replacement). So copy k > 1 is the corpus in a parallel world where each report's
region, its city and its province have other names: every full and short name of them is rewritten
in the file's text (and name) with a made-up one of the same length, from characters that occur
nowhere in the corpus or in China's division list; the made-up divisions enter the product as rows
of region_aliases.csv in a knowledge folder of the benchmark's own (REPORTCMP_KNOWLEDGE_DIR, which
every run here uses, the 1x one too), with codes that keep the level (two letters, then the real
code's last four digits: AB1400 is a city of province AB0000). A national report is detected from
国务院 and the NPC, so its copies speak for a made-up province instead (代表国务院 → 代表…省人民政府).
Offsets stay those of the original except in a national report's opening.

The benchmark then checks what it claims: the database holds N times the 1x reports, each copy has
the 1x number of reports, figures and comparisons, and the in-process and cluster databases have the
same public views (EXCEPT ALL both ways on every v_ view).
"""
from __future__ import annotations

import dataclasses
import os
import re
import string
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from pathlib import Path

REPORTCMP = Path(sys.executable).with_name("reportcmp")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))   # the tests' view comparison, as benchmarks/hostile.py takes its files

from tests.helpers import view_differences  # noqa: E402

LETTERS = string.ascii_uppercase + string.ascii_lowercase
# The national report's words that say it is the State Council's (pipeline/metadata.py: STATE_COUNCIL).
NATIONAL_WORDS = ("代表国务院", "国务院总理", "全国人民代表大会")


# ---- the copies ----------------------------------------------------------------------------

def detected(files: list[Path]) -> dict[Path, object]:
    """Each corpus file's ReportMeta, as the product detects it (a file it rejects is left out)."""
    from reportcmp.pipeline.records import InputError
    from reportcmp.pipeline.report import process_file

    found = {}
    for path in files:
        try:
            found[path] = process_file(path).meta
        except InputError:
            pass
    return found


def prefix(copy: int, real: str) -> str:
    """The two letters that stand for the real two-digit province prefix in copy `copy` (≥ 2)."""
    index = (copy - 2) * 100 + int(real)
    return LETTERS[index // len(LETTERS)] + LETTERS[index % len(LETTERS)]


def copy_of(region_key: str) -> int:
    """Which copy a stored region belongs to (1: the corpus as it is)."""
    if region_key[:2].isdigit() or region_key[:2] not in {a + b for a in LETTERS for b in LETTERS}:
        return 1
    index = LETTERS.index(region_key[0]) * len(LETTERS) + LETTERS.index(region_key[1])
    return 2 + index // 100


def unused_characters(texts: list[str]) -> tuple[list[str], list[str]]:
    """Two disjoint pools of CJK characters that occur in no corpus text and no division name: first
    characters (one per made-up name, so that no made-up name occurs inside another) and the rest."""
    from reportcmp.pipeline import metadata

    seen = set().union(*map(set, texts), *(set(d.name) for d in metadata.divisions()))
    free = [chr(c) for c in range(0x4E00, 0x9FA6) if chr(c) not in seen]
    return free[: len(free) // 2], free[len(free) // 2:]


@dataclasses.dataclass
class Names:
    """The made-up names of every copy: (copy, real name) → made-up name, and the knowledge rows."""

    table: dict[tuple[int, str], str] = dataclasses.field(default_factory=dict)
    rows: list[str] = dataclasses.field(default_factory=list)
    national: dict[int, str] = dataclasses.field(default_factory=dict)   # copy → the made-up province


def made_up_names(metas: list, copies: int, texts: list[str]) -> Names:
    """A made-up stem keeps the real one's first character (so the words around a name stay as they
    were: 支持平舆 still holds 持平), then a character of its own, one per division and copy, then
    fillers; a stem of one character is a character of its own. No made-up name occurs inside another."""
    from reportcmp.pipeline import metadata

    own_first, own_second = (iter(pool) for pool in unused_characters(texts))
    filler = unused_characters(texts)[1][-50:]
    names = Names()
    families = sorted({code for meta in metas if meta.region_code != metadata.NATIONAL[1]
                       for code in _family(meta.region_code)})
    for copy in range(2, copies + 1):
        for code in families:
            same_code = [d for d in metadata.divisions() if d.code == code]
            current = [d for d in same_code if d.renamed_in is None] + [d for d in same_code if d.renamed_in]
            first, second = next(own_first), next(own_second)
            made_code = prefix(copy, code[:2]) + code[2:]
            for division in current:
                stem, suffix = _stem(division.name)
                made_stem = first if len(stem) == 1 else stem[0] + second + "".join(filler[:len(stem) - 2])
                names.table[(copy, division.name)] = made_stem + suffix
                if division.short == stem and division.short not in metadata.place_words():
                    names.table[(copy, division.short)] = made_stem
            new_name = names.table[(copy, current[0].name)]
            names.rows += [f"{names.table[(copy, d.name)]},{new_name},{made_code},{d.renamed_in or ''},"
                           f"bench copy {copy} of {d.name}" for d in current]
        province = next(own_first) + next(own_second) + "省"
        names.national[copy] = province
        names.rows.append(f"{province},{province},{prefix(copy, '10')}0000,,bench copy {copy} of 全国")
    return names


def _stem(name: str) -> tuple[str, str]:
    """德州市 → (德州, 市), 易县 → (易, 县), 宁夏回族自治区 → (宁夏, 回族自治区)."""
    from reportcmp.pipeline import metadata

    for suffix in metadata.SHORT_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)], suffix
    return name, ""


def _family(code: str) -> list[str]:
    """The division, its city and its province, and a city's counties: a city report that never names
    itself in its opening is told by the place names it uses most, with its counties' (驻马店 2010:
    three 驻马店, two 驿城, one each of 平舆 and 泌阳, against 江油 twice and 四川 once)."""
    from reportcmp.pipeline import metadata

    children = [d.code for d in metadata.divisions() if d.city_code == code and d.level == "county"] \
        if metadata.level_of_code(code) == "city" else []
    return sorted({code, code[:4] + "00", code[:2] + "0000", *children})


def rewrite(text: str, meta, copy: int, names: Names) -> str:
    from reportcmp.pipeline import metadata

    if meta.region_code == metadata.NATIONAL[1]:
        province = names.national[copy]
        for words, made in zip(NATIONAL_WORDS, (f"代表{province}人民政府", f"{province}省长", f"{province}人民代表大会")):
            text = text.replace(words, made)
        return text
    real = {name: made for (k, name), made in names.table.items() if k == copy and _in_family(name, meta, copy, names)}
    if not real:
        return text
    pattern = re.compile("|".join(sorted(map(re.escape, real), key=len, reverse=True)))
    return pattern.sub(lambda m: real[m.group()], text)


def _in_family(name: str, meta, copy: int, names: Names) -> bool:
    from reportcmp.pipeline import metadata

    codes = set(_family(meta.region_code))
    return any(d.code in codes for d in metadata.by_name().get(name, []) + metadata.by_short_name().get(name, []))


def _decode(data: bytes) -> tuple[str, str]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return data.decode("utf-16"), "utf-16"


def write_copy(path: Path, relative: Path, meta, copy: int, names: Names, folder: Path) -> None:
    target = folder / f"copy{copy:02d}" / Path(rewrite(str(relative), meta, copy, names))
    target.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix.lower() == ".docx":
        with zipfile.ZipFile(path) as source, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as copied:
            for item in source.infolist():
                data = source.read(item)
                if item.filename.endswith(".xml"):
                    data = rewrite(data.decode("utf-8"), meta, copy, names).encode("utf-8")
                copied.writestr(item, data)
    else:
        text, encoding = _decode(path.read_bytes())
        target.write_bytes(rewrite(text, meta, copy, names).encode(encoding))
    os.utime(target, (path.stat().st_atime, path.stat().st_mtime))   # file times decide between versions


def make_copies(corpus: Path, copies: int, folder: Path, files: list[Path]) -> tuple[list[Path], Path]:
    """Folders of copies 2..`copies` under `folder` and the knowledge folder they need; returns the
    folders to ingest (the corpus first) and the knowledge folder."""
    from reportcmp.pipeline import knowledge

    metas = detected(files)
    texts = [_decode(p.read_bytes())[0] for p in files if p.suffix.lower() != ".docx"]
    names = made_up_names(list(metas.values()), copies, texts)
    knowledge_dir = folder / "knowledge"
    knowledge_dir.mkdir(parents=True, exist_ok=True)
    shipped = knowledge.path("region_aliases.csv").read_text(encoding="utf-8").rstrip("\n")
    (knowledge_dir / "region_aliases.csv").write_text(shipped + "\n" + "\n".join(names.rows) + "\n", encoding="utf-8")
    for copy in range(2, copies + 1):
        for path, meta in metas.items():
            write_copy(path, path.relative_to(corpus), meta, copy, names, folder)
    return [corpus] + [folder / f"copy{copy:02d}" for copy in range(2, copies + 1)], knowledge_dir


# ---- the commands, measured ---------------------------------------------------------------

@dataclasses.dataclass
class Measured:
    seconds: float
    status: int
    writer_peak_mb: float      # VmHWM of the command's own process (the one writer), not its children
    writer_cpu_s: float        # user + system CPU of that process
    all_cpu_s: float           # of it and every child it waited for (Prefect server, Dask workers)
    stderr: str


def _proc(pid: int) -> tuple[float, float] | None:
    """(VmHWM in MB, CPU seconds) of a live process."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    peak = next((int(line.split()[1]) / 1024 for line in status.splitlines() if line.startswith("VmHWM:")), 0.0)
    return peak, (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure(arguments: list[str], env: dict[str, str], cwd: Path) -> Measured:
    """Run `reportcmp ARGUMENTS` as a user would, sampling its own process every 0.1 s."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    process = subprocess.Popen([str(REPORTCMP), *arguments], cwd=cwd, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    last = [(0.0, 0.0)]

    def sample() -> None:
        while process.poll() is None:
            seen = _proc(process.pid)
            if seen is not None and seen[0] > 0:
                last[0] = seen
            time.sleep(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _out, err = process.communicate()
    seconds = time.perf_counter() - start
    sampler.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    all_cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Measured(seconds, process.returncode, last[0][0], last[0][1], all_cpu, err)


def run_both(inputs: list[Path], workdir: Path, env: dict[str, str], cluster: list[str]) -> tuple[Measured, Measured, Path]:
    """`reportcmp ingest` then `reportcmp compare` into a fresh database; returns both and the database."""
    workdir.mkdir(parents=True)
    db = workdir / "reports.duckdb"
    ingest = measure(["ingest", *map(str, inputs), "--db", str(db), *cluster], env, workdir)
    if ingest.status != 0:
        raise SystemExit(f"bench: ingest failed ({ingest.status}): {ingest.stderr[-2000:]}")
    compare = measure(["compare", "--db", str(db), "--corrections", str(workdir / "none.csv"), *cluster], env, workdir)
    if compare.status != 0:
        raise SystemExit(f"bench: compare failed ({compare.status}): {compare.stderr[-2000:]}")
    return ingest, compare, db


# ---- what the databases hold -----------------------------------------------------------------

def per_copy(db: Path) -> dict[int, dict[str, int]]:
    """Reports, figures, comparisons and programme rows of each copy."""
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        counts: dict[int, dict[str, int]] = {}
        for what, view in (("reports", "v_reports"), ("figures", "v_metrics"), ("comparisons", "v_target_vs_result"),
                           ("programmes", "v_program_timeline")):
            for key, n in con.execute(f"SELECT region_key, count(*) FROM {view} GROUP BY ALL").fetchall():
                counts.setdefault(copy_of(key), {}).setdefault(what, 0)
                counts[copy_of(key)][what] += n
        return counts
    finally:
        con.close()


# What every copy must hold as the corpus does. Programme rows are counted, not required: the copies
# showed that program_key takes 易, the one-character stem of 易县, for the region's own name and
# strips it from 易水湖景区 and 易州酒店 (3 rows of 16,749 more in each copy, whose 易县 is 両县).
SAME_IN_EVERY_COPY = ("reports", "figures", "comparisons")


def copies_check(counts: dict[int, dict[str, int]], reference: dict[str, int], n: int) -> str:
    same = {what: reference.get(what) for what in SAME_IN_EVERY_COPY}
    wrong = {k: c for k, c in counts.items() if {what: c.get(what) for what in SAME_IN_EVERY_COPY} != same}
    programmes = sorted({c.get("programmes") for c in counts.values()})
    verdict = "as in the corpus" if not wrong and len(counts) == n else f"DIFFERENT: {wrong}"
    return (f"{len(counts)} copies of {n}, each {same}: {verdict}; programme rows per copy: "
            f"{', '.join(map(str, programmes))} (the corpus {reference.get('programmes')})")


def _line(n: int, n_reports: int, label: str, command: str, measured: Measured) -> str:
    return (f"  {n:>6}{n_reports:>8}  {label:<11}{command:<8}{measured.seconds:>8.1f}"
            f"{1000 * measured.seconds / n_reports:>10.1f}{measured.writer_peak_mb:>10.0f}"
            f"{measured.writer_cpu_s:>11.1f}{measured.all_cpu_s:>9.1f}")


def scale_lines(corpus: Path, files: list[Path], copies: list[int], workers: int, env: dict[str, str]) -> list[str]:
    """The table of the scale run: each copy count in-process and on `workers` local Dask workers."""
    lines = [f"scale: `reportcmp ingest` then `reportcmp compare` on N copies of the corpus (regions renamed), each "
             f"pair in a fresh folder; in-process, then --workers {workers}. writer: the command's own process "
             f"(peak = VmHWM); all cpu: it and its children (Prefect server, Dask workers)",
             f"  {'copies':>6}{'reports':>8}  {'run':<11}{'command':<8}{'wall s':>8}{'ms/report':>10}"
             f"{'writer MB':>10}{'writer cpu':>11}{'all cpu':>9}"]
    print("\n".join(lines), flush=True)
    reference = None
    with tempfile.TemporaryDirectory(prefix="reportcmp-scale-") as folder:
        folder = Path(folder)
        inputs, knowledge_dir = make_copies(corpus, max(copies), folder / "copies", files)
        env = {**env, "REPORTCMP_KNOWLEDGE_DIR": str(knowledge_dir)}
        warm = folder / "warm-up"                  # the machine's Prefect home made once, not timed
        warm.mkdir()
        measure(["ingest", str(files[0]), "--db", str(warm / "w.duckdb")], env, warm)
        for n in copies:
            databases, totals = {}, {}
            for label, cluster in (("in-process", []), (f"{workers} workers", ["--workers", str(workers)])):
                start = len(lines)
                ingest, compare, db = run_both(inputs[:n], folder / f"{n}x-{label.split()[0]}", env, cluster)
                counts = per_copy(db)
                databases[label] = db
                n_reports = sum(c.get("reports", 0) for c in counts.values())
                both = Measured(ingest.seconds + compare.seconds, 0, max(ingest.writer_peak_mb, compare.writer_peak_mb),
                                ingest.writer_cpu_s + compare.writer_cpu_s, ingest.all_cpu_s + compare.all_cpu_s, "")
                totals[label] = both.seconds
                lines += [_line(n, n_reports, label, "ingest", ingest), _line(n, n_reports, label, "compare", compare),
                          _line(n, n_reports, label, "both", both) + f"   DB {db.stat().st_size / 2**20:.0f} MB"]
                reference = reference or counts[1]
                lines.append("    " + copies_check(counts, reference, n))
                print("\n".join(lines[start:]), flush=True)
            differences = view_differences(*databases.values())
            different = {v: d for v, d in differences.items() if d != (0, 0)}
            alone, spread = totals.values()
            lines.append(f"    {n}x: --workers {workers} {alone / spread:.2f}x as fast as in-process; public views "
                         f"EXCEPT ALL both ways on {len(differences)} views: "
                         + ("identical" if not different else f"DIFFERENT {different}"))
            print(lines[-1], flush=True)
    return lines


def batch_lines(corpus: Path, files: list[Path], copies: int, workers: int, sizes: list[int], env: dict[str, str],
                rounds: int = 2) -> list[str]:
    """`reportcmp ingest --workers` of N copies at each batch size (REPORTCMP_BATCH_SIZE), the sizes
    taken in turn `rounds` times so that a change of the machine's load falls on all of them."""
    lines = [f"batch size: `reportcmp ingest --workers {workers}` of {copies} copies, sizes in turn, {rounds} rounds",
             f"  {'size':>5}{'tasks':>7}{'wall s':>8}{'ms/report':>10}{'writer cpu':>11}{'all cpu':>9}"]
    print("\n".join(lines), flush=True)
    with tempfile.TemporaryDirectory(prefix="reportcmp-batch-") as folder:
        folder = Path(folder)
        inputs, knowledge_dir = make_copies(corpus, copies, folder / "copies", files)
        env = {**env, "REPORTCMP_KNOWLEDGE_DIR": str(knowledge_dir)}
        (folder / "warm-up").mkdir()              # the machine's Prefect home made once, not timed
        measure(["ingest", str(files[0]), "--db", str(folder / "warm-up" / "w.duckdb")], env, folder / "warm-up")
        n_reports = copies * len(files)
        for round_ in range(rounds):
            for index, size in enumerate(sizes):
                work = folder / f"{round_}-{index}-{size}"
                work.mkdir()
                measured = measure(["ingest", *map(str, inputs), "--db", str(work / "r.duckdb"), "--workers",
                                    str(workers)], {**env, "REPORTCMP_BATCH_SIZE": str(size)}, work)
                if measured.status != 0:
                    raise SystemExit(f"bench: ingest failed: {measured.stderr[-2000:]}")
                lines.append(f"  {size:>5}{-(-n_reports // size):>7}{measured.seconds:>8.1f}"
                             f"{1000 * measured.seconds / n_reports:>10.1f}{measured.writer_cpu_s:>11.1f}"
                             f"{measured.all_cpu_s:>9.1f}")
                print(lines[-1], flush=True)
    return lines
