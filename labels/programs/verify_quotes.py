#!/usr/bin/env python3
"""Check the programme label CSVs against the report texts (plain python3, no project code).

For every row: years are integers, strictly ascending, and as many as the quotes; every quote is an
exact substring of that year's report text after removing whitespace (and, as a stricter warning,
of the raw text); quotes are 10-40 characters; a listed spelling occurs in every listed year and
in the quote. Exit status 1 if any hard check fails.

Usage: python3 verify_quotes.py [CORPUS_DIR]   (default ../../../shared/corpus relative to this file)
"""
import csv
import glob
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = sys.argv[1] if len(sys.argv) > 1 else os.path.normpath(os.path.join(HERE, '..', '..', '..', 'shared', 'corpus'))
HEADER = ['region', 'program', 'spellings', 'years', 'quotes', 'note']
CN_DIGIT = {'零': '0', '0': '0', 'O': '0', '〇': '0', '一': '1', '二': '2', '三': '3', '四': '4',
            '五': '5', '六': '6', '七': '7', '八': '8', '九': '9'}


def series_files(csv_name):
    """report_year -> path of that year's report."""
    out = {}
    if csv_name.startswith('national'):
        for f in glob.glob(os.path.join(CORPUS, 'national', '*.txt')):
            out[int(os.path.basename(f)[:4])] = f
    elif csv_name.startswith('zhumadian'):
        # the numeric prefix is wrong for 2011-2013; the Chinese year in the name is right
        for f in glob.glob(os.path.join(CORPUS, 'cities', 'zhumadian', '*.txt')):
            cy = os.path.basename(f).split('_')[1][:4]
            out[int(''.join(CN_DIGIT[c] for c in cy))] = f
    else:   # a county: <name>-programs.csv reads counties/<city>-<name>/<year>.txt
        county = csv_name.split('-')[0]
        for f in glob.glob(os.path.join(CORPUS, 'counties', '*-' + county, '*.txt')):
            out[int(os.path.basename(f)[:4])] = f
    return out


def main():
    failures, warnings, nrows = [], [], 0
    for path in sorted(glob.glob(os.path.join(HERE, '*-programs.csv'))):
        name = os.path.basename(path)
        files = series_files(name)
        cache = {}

        def text(year):
            if year not in cache:
                raw = open(files[year], encoding='utf-8').read()
                cache[year] = (raw, re.sub(r'\s+', '', raw))
            return cache[year]

        with open(path, encoding='utf-8', newline='') as fh:
            rows = list(csv.reader(fh))
        if rows[0] != HEADER:
            failures.append(f'{name}: header {rows[0]} != {HEADER}')
        programs = set()
        for i, row in enumerate(rows[1:], start=2):
            nrows += 1
            where = f'{name}:{i} {row[1] if len(row) > 1 else "?"}'
            if len(row) != 6:
                failures.append(f'{where}: {len(row)} columns'); continue
            region, program, spellings, years, quotes, note = row
            if program in programs:
                failures.append(f'{where}: duplicate program')
            programs.add(program)
            try:
                ys = [int(y) for y in years.split('|')]
            except ValueError:
                failures.append(f'{where}: bad years {years!r}'); continue
            if ys != sorted(set(ys)):
                failures.append(f'{where}: years not strictly ascending {ys}')
            qs = quotes.split('|')
            if len(qs) != len(ys):
                failures.append(f'{where}: {len(ys)} years but {len(qs)} quotes'); continue
            sps = [s for s in spellings.split('|') if s]
            for y, q in zip(ys, qs):
                if y not in files:
                    failures.append(f'{where}: no report for {y}'); continue
                raw, flat = text(y)
                if q not in flat:
                    failures.append(f'{where}: {y} quote not in text: {q!r}')
                elif q not in raw:
                    warnings.append(f'{where}: {y} quote only matches after removing whitespace: {q!r}')
                if not 10 <= len(q) <= 40:
                    failures.append(f'{where}: {y} quote length {len(q)}: {q!r}')
                if not any(s in flat for s in sps):
                    failures.append(f'{where}: {y} no listed spelling occurs in the report')
                if not any(s in q for s in sps):
                    warnings.append(f'{where}: {y} quote contains no listed spelling: {q!r}')
            for s in sps:
                if not any(s in text(y)[1] for y in ys if y in files):
                    warnings.append(f'{where}: spelling {s!r} not found in any listed year')
        print(f'{name}: {len(rows) - 1} programmes')
    for w in warnings:
        print('WARN', w)
    for f in failures:
        print('FAIL', f)
    print(f'{nrows} rows checked, {len(failures)} failures, {len(warnings)} warnings')
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
