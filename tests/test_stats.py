"""主动公开 statistics per unit, column and year, with running totals, as the pages show them."""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from .test_sample_site import all_items, is_public


def stats_rows(page: Path) -> tuple[list[str], list[list[str]], list[str]]:
    html = page.read_text(encoding="utf-8")
    table = re.search(r'<table class="stats-table">.*?</table>', html, re.S).group(0)
    head = re.findall(r'<th scope="col">([^<]+)</th>', re.search(r"<thead>.*?</thead>", table, re.S).group(0))
    body = re.search(r"<tbody>.*?</tbody>", table, re.S).group(0)
    rows = [[re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
            for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)]
    foot = re.findall(r"<t[hd][^>]*>([^<]*)</t[hd]>", re.search(r"<tfoot>.*?</tfoot>", table, re.S).group(0))
    return head, rows, foot


def expected(unit: str | None = None) -> tuple[dict[str, Counter], list[str]]:
    """Per year: counts by top-level column, from the content's front-matter."""
    by_year: dict[str, Counter] = {}
    for _, fm in all_items():
        if is_public(fm) and (unit is None or fm["unit"] == unit):
            by_year.setdefault(fm["date"][:4], Counter())[fm["category"].split("/")[0]] += 1
    first, last = min(by_year), max(by_year)
    return by_year, [str(y) for y in range(int(last), int(first) - 1, -1)]


def check_table(page: Path, unit: str | None) -> None:
    head, rows, foot = stats_rows(page)
    by_year, years = expected(unit)
    columns = head[1:-2]
    assert head[0] == "年份" and head[-2:] == ["本年公开", "累计公开"]
    assert [r[0] for r in rows] == [f"{y}年" for y in years]          # newest first, no year missing
    running = 0
    for year, row in reversed(list(zip(years, rows))):
        counts = by_year.get(year, Counter())
        running += sum(counts.values())
        assert row[1:-2] == [str(counts[c]) for c in columns], year
        assert row[-2:] == [str(sum(counts.values())), str(running)], year
    assert set(columns) == {c for counts in by_year.values() for c in counts}
    assert foot[0] == "合计" and foot[-2] == str(running)


def test_archive_page_counts_every_year_with_running_totals(sample_site: Path) -> None:
    check_table(sample_site / "archive/index.html", None)


def test_unit_page_counts_its_own_items(sample_site: Path) -> None:
    check_table(sample_site / "units/city/index.html", "清河市人民政府")
    # A unit with a gap year: 南安镇 has items in 2020 and 2023-2025, none in 2021-2022.
    nanan = next(p for p in (sample_site / "units").glob("*/index.html") if ">南安镇人民政府</h1>" in p.read_text("utf-8"))
    check_table(nanan, "南安镇人民政府")
    _, rows, _ = stats_rows(nanan)
    assert ["2021年", "0", "0", "1"] == [rows[-2][0], rows[-2][1], rows[-2][-2], rows[-2][-1]]
