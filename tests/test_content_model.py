"""Front-matter, field rules, config rules and identifiers, one behaviour at a time."""
from __future__ import annotations

from pathlib import Path

import pytest

from sitegen.config import load_config
from tests.conftest import ROOT
from sitegen.content.fields import read_fields
from sitegen.content.paths import stamped_content_files
from sitegen.content.frontmatter_yaml import FrontMatterError, parse_document
from sitegen.diagnostics import Report
from sitegen.identifiers import is_valid_org_code, is_valid_uscc
from sitegen.pipeline.fileio import read_file
from sitegen.slugs import MAX_COMPONENT, index_no_slug, initials_slug, words_slug
from sitegen.structure.categories import build_category_tree
from sitegen.structure.pages import Pager, unit_column_pages
from sitegen.structure.units import build_unit_tree


def test_values_survive_exactly_as_written() -> None:
    fm, body, body_line = parse_document(
        "---\ntitle: 通知\nindex_no: 000014349/2019-00002\ndate: 2021-03-01\n"
        "doc_no: 012\nserial: 1e3\nflag: yes\n---\n正文\n")
    assert fm.values["date"] == "2021-03-01"           # not a datetime.date
    assert fm.values["doc_no"] == "012"                # not 10 (octal) or 12
    assert fm.values["serial"] == "1e3" and fm.values["flag"] == "yes"
    assert fm.lines == {"title": 2, "index_no": 3, "date": 4, "doc_no": 5, "serial": 6, "flag": 7}
    assert body.strip() == "正文" and body_line == 9


def test_content_files_are_the_markdown_files_not_hidden_in_a_stable_order(tmp_path: Path) -> None:
    content = tmp_path / "content"
    for name in ("b.md", "a.md", "notes.txt", "_draft.md", ".editor.md", "z/c.md", "m/n/e.md", "m/d.md",
                 "_drafts/f.md", ".git/g.md", "m/_old/h.md"):
        (content / name).parent.mkdir(parents=True, exist_ok=True)
        (content / name).write_text("---\ntitle: x\n---\n", encoding="utf-8")
    (content / "linked").symlink_to(content / "m", target_is_directory=True)    # not read twice
    names, stamps = stamped_content_files(content)
    assert [Path(name).relative_to(content).as_posix() for name in names] == [
        "a.md", "b.md", "m/d.md", "m/n/e.md", "z/c.md"]
    assert stamps == [((info := Path(name).stat()).st_mtime_ns, info.st_size) for name in names]
    (content / "m/d.md").write_text("---\ntitle: 改过\n---\n", encoding="utf-8")
    assert stamped_content_files(content)[1][2] != stamps[2]


def test_yaml_error_names_line_and_cause_in_chinese() -> None:
    with pytest.raises(FrontMatterError) as err:
        parse_document("---\ntitle: 关于: 某事的通知\n---\n")
    assert err.value.line == 2 and "英文双引号" in str(err.value)


def test_duplicate_key_is_an_error() -> None:
    with pytest.raises(FrontMatterError) as err:
        parse_document("---\ntitle: a\ndate: 2024-01-01\ntitle: b\n---\n")
    assert err.value.line == 4 and "写了两次" in str(err.value)


def read(text: str) -> tuple[dict | None, Report]:
    fm, _, _ = parse_document(text)
    report = Report()
    return read_fields(fm, "x.md", report), report


BASE = "title: 通知\nindex_no: \"11330100908301663R/2024-00012\"\nunit: 某局\ncategory: 栏目\ndate: 2024-03-05\n"


def test_unknown_keys_are_kept_and_typos_flagged() -> None:
    values, report = read(f"---\n{BASE}contact: 党政办 0571-8821 6600\ncatagory: 栏目\n---\n")
    assert values is not None
    assert values["extra"] == {"contact": "党政办 0571-8821 6600", "catagory": "栏目"}
    assert [d.hint for d in report.warnings] == ["您是不是要写“category”（栏目）？"]


def test_keywords_accept_list_or_separated_text() -> None:
    values, _ = read(f"---\n{BASE}keywords: 预算、决算，三公经费\n---\n")
    assert values and values["keywords"] == ["预算", "决算", "三公经费"]


def test_abolished_item_needs_date_only_as_warning() -> None:
    values, report = read(f"---\n{BASE}validity: 废止\n---\n")
    assert values is not None and values["validity"] == "废止"
    assert [d.code for d in report.items] == ["abolished-date-missing"]


def test_topic_accepts_gov_cn_backslash() -> None:
    values, _ = read(f"---\n{BASE}topic: 科技、教育\\\\教育\n---\n")
    assert values and values["topic"] == "科技、教育/教育"


def write_config(tmp_path: Path, text: str) -> tuple[object, Report]:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    report = Report()
    return load_config(path, report, "config.toml"), report


def test_config_errors_name_the_table_line(tmp_path: Path) -> None:
    config, report = write_config(tmp_path, '[site]\ntitle = "站"\nsite_id_code = "123"\n\n'
                                  '[[units]]\nname = "甲局"\n\n[[categories]]\npath = "指南"\n')
    found = {(d.code, d.line, d.field) for d in report.errors}
    assert ("config-invalid", 1, "site_id_code") in found
    assert ("config-missing", 5, "code") in found


def test_unit_tree_orders_by_pinyin_and_reports_unknown_parent(tmp_path: Path) -> None:
    config, report = write_config(tmp_path, '''[site]
title = "站"
site_id_code = "3301000001"
[[units]]
name = "张村镇"
code = "11330102432319488N"
parent = "某县"
[[units]]
name = "某县"
code = "11330127711471044M"
[[units]]
name = "安平镇"
code = "1133010275749118XJ"
parent = "某县"
[[units]]
name = "城关镇"
code = "11330103895559795E"
parent = "某县"
parent_typo = "x"
[[categories]]
path = "指南"
''')
    tree = build_unit_tree(config.units, "config.toml", report)
    assert [u.name for u in tree] == ["某县", "安平镇", "城关镇", "张村镇"]
    assert tree.get("张村镇").ancestors[0].name == "某县"
    assert [d.field for d in report.warnings] == ["parent_typo"]


def test_unit_code_checksum_is_a_warning(tmp_path: Path) -> None:
    config, report = write_config(tmp_path, '[site]\ntitle = "站"\nsite_id_code = "3301000001"\n'
                                  '[[units]]\nname = "甲局"\ncode = "11330100908301663A"\n'
                                  '[[categories]]\npath = "指南"\n')
    build_unit_tree(config.units, "config.toml", report)
    assert not report.errors and [d.code for d in report.warnings] == ["unit-code-checksum"]


def test_category_parents_are_created_in_written_order(tmp_path: Path) -> None:
    config, report = write_config(tmp_path, '[site]\ntitle = "站"\nsite_id_code = "3301000001"\n'
                                  '[[units]]\nname = "甲局"\ncode = "000014349"\n'
                                  '[[categories]]\npath = "法定主动公开内容/财政信息/预决算"\n'
                                  '[[categories]]\npath = "政府信息公开指南"\n'
                                  '[[categories]]\npath = "法定主动公开内容"\nslug = "statutory"\n')
    tree = build_category_tree(config.categories, "config.toml", report)
    assert [c.path for c in tree.roots] == ["法定主动公开内容", "政府信息公开指南"]
    assert tree.get("法定主动公开内容/财政信息/预决算").url == "columns/statutory/czxx/yjs/index.html"
    assert tree.get(" 法定主动公开内容／财政信息 ").name == "财政信息"


def test_a_unit_filtered_list_keeps_file_names_short_and_apart(tmp_path: Path) -> None:
    """Units whose (explicit) slugs are as long as allowed: every list file name still fits in
    64 characters for a USB stick or disc, and the two units' lists never share a name."""
    long_a, long_b = "a" * 63 + "b", "a" * 63 + "c"
    config, report = write_config(tmp_path, '[site]\ntitle = "站"\nsite_id_code = "3301000001"\n'
                                  f'[[units]]\nname = "甲局"\ncode = "000014349"\nslug = "{long_a}"\n'
                                  f'[[units]]\nname = "乙局"\ncode = "00525312X"\nslug = "{long_b}"\n'
                                  '[[categories]]\npath = "指南"\n')
    units = build_unit_tree(config.units, "config.toml", report)
    column = build_category_tree(config.categories, "config.toml", report).get("指南")
    assert not report.errors
    names = [Pager(number, 99999, 0, [], *unit_column_pages(column, units.get(unit))).url(number)
             for unit in ("甲局", "乙局") for number in (1, 2, 99999)]
    assert all(name.startswith(column.dir + "/u-") for name in names)
    assert max(len(name.rpartition("/")[2]) for name in names) <= MAX_COMPONENT
    assert len(set(names)) == 6


def test_identifier_checksums() -> None:
    assert is_valid_org_code("000014349") and is_valid_org_code("00525312X")
    assert not is_valid_org_code("000014348")
    assert is_valid_uscc("1137078555222300XQ") and not is_valid_uscc("1137078555222300XA")


def test_slugs_are_short_ascii_and_case_free() -> None:
    assert initials_slug("政务公开") == "zwgk"
    assert initials_slug("COVID-19防控") == "covid-19-fk"
    assert words_slug("附件1-预算表") == "fu-jian-1-yu-suan-biao"
    assert index_no_slug("00525312X/2021-00008") == "00525312x-2021-00008"
    long_slug = words_slug("关于进一步加强和改进新形势下全市城乡居民最低生活保障工作的实施意见")
    assert len(long_slug) <= 64 and long_slug.isascii()


def test_markdown_shortcuts_render_exactly_like_python_markdown() -> None:
    """The shortcuts must never change a page: compare with the stock processors."""
    import markdown

    from sitegen.content.body import EXTENSIONS, BodyRenderer
    from sitegen.content.fast_markdown import install
    from sitegen.content.frontmatter_yaml import parse_document

    # One trigger per case, so dropping any character from the shortcut's list fails here.
    tricky = ["**加粗**", "_斜体_", "行尾两个空格  \n换行", "[链接](a.html)", "![图](b.png)", "<https://x.cn>",
              "`代码`", "\\*转义", "&copy; 版权", "<span>原始HTML</span>", "脚注[^1]\n\n[^1]: 说明",
              "| 表头 | 值 |\n| --- | --- |\n| 甲 | **乙** |", "纯中文段落，没有任何标记。\n\n1. 一\n2. 二",
              "*[HTML]: 超文本\n\nHTML 页面", "段落\n{: .cls }", "a_b_c 与 2*3*4"]
    # And one per block processor whose test is skipped for blocks without its character.
    tricky += ["# 标题\n正文", "正文\n## 二级标题", "标题\n===", "标题\n---", "段落\n- - -\n段落", "***", "___",
               "> 引用\n> 续行", "段落\n> 引用", "| 单列 |\n| --- |\n| 值 |", "甲 | 乙\n--- | ---\n1 | 2",
               "第#3号 与 a>b", "电话 0571-8765-4321", "1. 一\n2. 二\n---", "内容\\\\转义\\#号",
               # The inline pass runs over only the blocks with a trigger: mixed bodies.
               "纯文本\n\n**粗** 与 [链接](a.html)\n\n- 一\n- *二*\n\n纯文本", "甲\n\n乙[^1]\n\n丙\n\n[^1]: 注 *强*",
               "*[政务]: 政府事务\n\n政务公开\n\n**政务**", "> 引 *用*\n\n正文\n\n<div>原始</div>\n\n尾",
               # The HTML pass is skipped without < and &: it completes a reference written without ;.
               "版权 &#169 2024", "甲 &#x41 乙", "纯文本\n\n第二段",
               # Table rows are split by str.split unless a backslash or backtick may keep a pipe in a cell.
               "| 甲 | 乙 |\n| --- | --- |\n| a \\| b | c |", "| 甲 | 乙 |\n| --- | --- |\n| `a|b` | c |",
               "| 甲 | 乙 |\n| --- | --- |\n| a \\\\| b | c |", "甲 | 乙 |\n--- | ---\n`x` | \\`y|z`"]
    bodies = tricky + [parse_document(p.read_text(encoding="utf-8"))[1]
                       for p in sorted((ROOT / "content").rglob("*.md"))]
    stock, fast = markdown.Markdown(extensions=EXTENSIONS), markdown.Markdown(extensions=EXTENSIONS)
    install(fast)
    # And the extensions the renderer leaves out of a body that cannot use them change nothing either.
    tricky += ["```\n代码块\n```", "~~~\n代码\n~~~", "术语\n:   定义", "  术语\n\n   :  定义", "# 标题 {#id}"]
    bodies += tricky[-5:]
    renderer, stock_html = BodyRenderer(), markdown.Markdown(extensions=EXTENSIONS, output_format="html")
    for body in bodies:
        stock.reset()
        fast.reset()
        assert fast.convert(body) == stock.convert(body), body[:60]
        chosen = renderer.markdown_for(body)
        chosen.reset()
        stock_html.reset()
        assert chosen.convert(body) == stock_html.convert(body), body[:60]
    assert len(renderer._instances) > 2


@pytest.mark.parametrize("stat_size", [0, 100, 70_000, 200_000])
def test_a_file_is_read_whole_whatever_size_its_stamp_said(tmp_path: Path, stat_size: int) -> None:
    """Staff may save a file between its stat and its read: the build reads what is there."""
    path = tmp_path / "item.md"
    data = ("---\ntitle: 某某通知\n---\n" + "正文内容。" * 10_000).encode("utf-8")    # 150 KB
    path.write_bytes(data)
    assert read_file(path, stat_size) == data
