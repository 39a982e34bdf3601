"""Short forms citizens type (社保) and the full terms documents use (社会保险).

The default list covers common government abbreviations; a site extends or
overrides it in config.toml under [search.abbreviations]. The client expands a
query both ways (社保 finds 社会保险 and 社会保险 finds 社保), and recognises a short
form typed in pinyin or initials (nianbao, nb for 年报).
"""
from __future__ import annotations

from typing import Mapping

from .pinyin import full_pinyin

DEFAULT_ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "社保": ("社会保险", "社会保障"),
    "医保": ("医疗保险", "医疗保障"),
    "低保": ("最低生活保障",),
    "年报": ("年度报告",),
    "公积金": ("住房公积金",),
    "公租房": ("公共租赁住房",),
    "发改委": ("发展和改革委员会",),
    "发改": ("发展改革", "发展和改革"),
    "人社": ("人力资源和社会保障",),
    "卫健委": ("卫生健康委员会",),
    "住建": ("住房和城乡建设",),
    "市监": ("市场监督管理",),
    "城管": ("城市管理",),
    "政采": ("政府采购",),
    "环评": ("环境影响评价",),
    "义教": ("义务教育",),
    "残联": ("残疾人联合会",),
    "双拥": ("拥军优属", "拥政爱民"),
    "三公": ("三公经费",),
    "预决算": ("预算", "决算"),
}


def merged_abbreviations(site_list: Mapping[str, tuple[str, ...]] | None) -> dict[str, tuple[str, ...]]:
    """Defaults, with the site's entries added or replacing a default of the same short form."""
    merged = dict(DEFAULT_ABBREVIATIONS)
    merged.update(site_list or {})
    return {short: merged[short] for short in sorted(merged)}


def client_table(abbreviations: Mapping[str, tuple[str, ...]]) -> list[list[object]]:
    """[[short, [full forms], pinyin, initials]] for the search manifest."""
    table = []
    for short, fulls in abbreviations.items():
        spelled, initials = full_pinyin(short)
        table.append([short, list(fulls), spelled, initials])
    return table
