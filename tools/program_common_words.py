"""Propose the words of knowledge/program_common_words.txt from a corpus of reports.

    python tools/program_common_words.py ../shared/corpus [--regions 6] [--names 8]

A word is proposed when jieba finds it in the quoted, listed and context names (programs.EVIDENCE)
of at least --regions regions and in at least --names different names: words every region's
reports use in many phrases (体系, 设施, 党风廉政), as opposed to the words of one programme, which
are used in few phrases (四好 only in 四好农村路) or by one region (皇家驿站). Names of divisions are
left out (programs.is_common_phrase counts them anyway; a candidate may name another place). The names are found with the common-word
filter turned off, so the proposal does not depend on the list it proposes. The output is a
proposal: read it before it replaces the file (a word that names one programme does not belong).
"""
from __future__ import annotations

import argparse
from collections import defaultdict
from pathlib import Path
from unittest import mock

from reportcmp.pipeline import catalog, clean, metadata, program_vocabulary, programs, read, segment
from reportcmp.pipeline.inputs import list_inputs
from reportcmp.pipeline.records import InputError

WEAK = ("quoted", "listed", "context", "named")


def weak_names(corpus: Path) -> dict[str, set[str]]:
    """name -> the region keys whose reports give it as a weak candidate."""
    listed, _ = list_inputs([corpus])
    files = [Path(entry.path) for entry in listed if entry.problem is None]
    regions: dict[str, set[str]] = defaultdict(set)
    with mock.patch.object(program_vocabulary, "common_words", lambda: frozenset()):
        program_vocabulary.is_common_prose.cache_clear()
        for path in files:
            try:
                text = clean.clean_text(read.read_document(path, path.read_bytes()).text)
            except InputError:
                continue
            meta = metadata.detect_meta(text, path)
            for mention in programs.find_programs(text, segment.segment(text, meta.report_year), meta):
                if mention.evidence in WEAK:
                    regions[mention.program_key].add(meta.region_key)
        program_vocabulary.is_common_prose.cache_clear()
    return regions


def propose(regions_of_name: dict[str, set[str]], min_regions: int, min_names: int) -> list[str]:
    places = program_vocabulary.place_names()
    regions: dict[str, set[str]] = defaultdict(set)
    names: dict[str, int] = defaultdict(int)
    for name, name_regions in regions_of_name.items():
        for word in set(catalog.cut(name)):
            if len(word) > 1 and not word.isdigit() and word not in places:
                regions[word] |= name_regions
                names[word] += 1
    chosen = [w for w in regions if len(regions[w]) >= min_regions and names[w] >= min_names]
    return sorted(chosen, key=lambda w: (-names[w], w))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--regions", type=int, default=6)
    parser.add_argument("--names", type=int, default=8)
    args = parser.parse_args()
    words = propose(weak_names(args.corpus), args.regions, args.names)
    for start in range(0, len(words), 20):
        print(" ".join(words[start:start + 20]))


if __name__ == "__main__":
    main()
