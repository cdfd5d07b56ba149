"""A region's brands: a product its reports name by a place or a name of its own (夏南牛, 正阳花生,
南王庄西瓜), first met inside the names of its programmes (泌阳夏南牛良种繁育中心, 夏南牛产业园,
正阳花生国家现代农业产业园, 南王庄西瓜基地) and then written on its own year after year (夏南牛、黑猪、
花生; 正阳花生期货上市). A brand is a programme of its own, followed in every report that names it
(program_found.py, rule `found`); the programmes whose names carry it stay programmes of their own.

A brand is the start of a kept programme's key up to a product noun (knowledge/program_words.csv role
`product`: 牛, 花生, 西瓜), without a place in front when three characters or more remain (泌阳|夏南牛),
of MIN_BRAND_CHARS to MAX_BRAND_CHARS characters, what comes before the product a place (正阳花生) or
a word of the region's own (夏南牛), not common words (优质小麦, 特色林果): it becomes a programme when
MIN_BRAND_REPORTS reports of the region write it (program_found.found_mentions counts them).
"""
from __future__ import annotations

from functools import lru_cache

from reportcmp.pipeline import programs

MIN_BRAND_CHARS = 3      # 夏南牛; not 肉牛, 花生
MAX_BRAND_CHARS = 6
MIN_BEFORE_CHARS = 2     # a place or a name before the product: 夏南|牛; not 黑|木耳
MIN_BRAND_REPORTS = 3    # a brand written in fewer reports is no programme of its own
MAX_PLACE_CHARS = 4      # a place before a brand: 泌阳|夏南牛


@lru_cache(maxsize=1)
def _products() -> tuple[str, ...]:
    """Product nouns, longest first."""
    return programs.program_words()["product"]


@lru_cache(maxsize=65536)
def brand_of(key: str) -> str | None:
    """The brand a programme's key starts with (泌阳夏南牛良种繁育中心 → 夏南牛, 正阳花生国家现代农业产业园 →
    正阳花生), or None."""
    places = programs.place_names()
    for product in _products():
        at = key.find(product, 1)
        if at < 0:
            continue
        lead = key[: at + len(product)]
        place = next((lead[:n] for n in range(min(MAX_PLACE_CHARS, len(lead) - 1), 1, -1) if lead[:n] in places), None)
        if place is not None and len(lead) - len(place) >= MIN_BRAND_CHARS:
            lead = lead[len(place):]
        before = lead[: -len(product)]
        if not (MIN_BRAND_CHARS <= len(lead) <= MAX_BRAND_CHARS) or len(before) < MIN_BEFORE_CHARS or before[0].isdigit():
            continue
        if before in places or not programs.is_common_words(before):
            return lead if not programs.is_common_prose(lead) or before in places else None
    return None


def brand_candidates(records: list[dict], canonical: dict[str, tuple[str, str, float]]) -> set[str]:
    """The brands the kept programmes' keys of one region start with, that are no programme's own key: a
    brand written once in a list (南王庄西瓜、李庄草莓) and linked by its stem to the base that carries it
    (南王庄西瓜基地) is still the brand."""
    found = {brand_of(record["program_key"]) for record in records}
    return {brand for brand in found if brand is not None and canonical.get(brand, ("",))[0] != brand}
