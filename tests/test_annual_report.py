"""Annual reports in the 2021 national format: figures, exact labels, checks, and what is refused."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from .conftest import ROOT, run_cli
from .sitecheck import parse_page

CITY_2023 = "content/city/2024/annual-report-2023"
CITY_2024 = "content/city/2025/annual-report-2024"

# Typed out from the format (国办公开办函〔2021〕30号) as published reports print it; not imported from
# the code, so a wrong label in the code fails here.
SECTIONS = ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
            "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"]
TABLE2_LABELS = ["第二十条第（一）项", "信息内容", "本年制发件数", "本年废止件数", "现行有效件数", "规章", "行政规范性文件",
                 "第二十条第（五）项", "本年处理决定数量", "行政许可", "第二十条第（六）项", "行政处罚", "行政强制",
                 "第二十条第（八）项", "本年收费金额（单位：万元）", "行政事业性收费"]
TABLE3_HEADERS = ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "申请人情况", "自然人",
                  "法人或其他组织", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
TABLE3_ROWS = [
    "一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量", "三、本年度办理结果", "（一）予以公开",
    "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "（三）不予公开", "1.属于国家秘密",
    "2.其他法律行政法规禁止公开", "3.危及“三安全一稳定”", "4.保护第三方合法权益", "5.属于三类内部事务信息",
    "6.属于四类过程性信息", "7.属于行政执法案卷", "8.属于行政查询事项", "（四）无法提供", "1.本机关不掌握相关政府信息",
    "2.没有现成信息需要另行制作", "3.补正后申请内容仍不明确", "（五）不予处理", "1.信访举报投诉类申请", "2.重复申请",
    "3.要求提供公开出版物", "4.无正当理由大量反复申请", "5.要求行政机关确认或重新出具已获取信息", "（六）其他处理",
    "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "3.其他", "（七）总计",
    "四、结转下年度继续办理"]
TABLE4_LABELS = ["行政复议", "行政诉讼", "未经复议直接起诉", "复议后起诉", "结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]


def report_page(site: Path, index_no: str) -> Path:
    return next(site.glob(f"docs/*/{index_no.lower().replace('/', '-')}.html"))


def cells(html: str) -> list[list[str]]:
    """Rows of a table fragment as lists of cell texts (header and data cells alike)."""
    rows = []
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", html, re.S):
        rows.append([re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<t[hd]\b[^>]*>(.*?)</t[hd]>", row, re.S)])
    return rows


def tables(html: str) -> list[str]:
    return re.findall(r'<table class="report-table[^"]*">.*?</table>', html, re.S)


# ---- the sample catalogue --------------------------------------------------------------------


@pytest.mark.parametrize("index_no, figures", [
    # Hand count of the city's items (content/city): 规章 — road excavation (made 2021, 废止 2024-06-30),
    # urban greening (made 2023); 行政规范性文件 — urban renewal (made 2022), employment 2023 (失效 2024-03-01),
    # employment 2024 (made 2024); the 2024 draft is not published and does not count.
    ("1133010052601815XR/2024-00001", {"规章": ["1", "0", "2"], "行政规范性文件": ["1", "0", "2"]}),
    ("1133010052601815XR/2025-00001", {"规章": ["0", "1", "1"], "行政规范性文件": ["1", "1", "2"]}),
])
def test_table2_row_one_matches_a_hand_count(sample_site: Path, index_no: str, figures: dict) -> None:
    html = report_page(sample_site, index_no).read_text(encoding="utf-8")
    first = cells(tables(html)[0])
    assert first[0] == ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]
    assert {row[0]: row[1:] for row in first[1:]} == figures


def test_report_page_prints_the_national_format_exactly(sample_site: Path) -> None:
    html = report_page(sample_site, "1133010052601815XR/2025-00001").read_text(encoding="utf-8")
    headings = re.findall(r'<h2 id="report-s\d">(.*?)</h2>', html)
    assert headings == SECTIONS
    found = tables(html)
    assert len(found) == 6                                  # 二 as four sub-tables, 三, 四
    captions = [re.search(r"<caption>(.*?)</caption>", t).group(1) for t in found]
    assert captions == ["第二十条第（一）项", "第二十条第（五）项", "第二十条第（六）项", "第二十条第（八）项",
                        "收到和处理政府信息公开申请情况", "政府信息公开行政复议、行政诉讼情况"]
    table2_text = captions[:4] + [c for t in found[:4] for row in cells(t) for c in row]
    assert all(label in table2_text for label in TABLE2_LABELS)
    table3 = cells(found[4])
    header_cells = [c for row in table3[:3] for c in row]
    assert header_cells == TABLE3_HEADERS[:4] + TABLE3_HEADERS[9:10] + TABLE3_HEADERS[4:9]
    row_labels = [c for row in table3[3:] for c in row if not c.isdigit()]
    assert row_labels == TABLE3_ROWS
    assert all(len([c for c in row if c.isdigit()]) == 7 for row in table3[3:])
    table4 = cells(found[5])
    assert set(c for row in table4[:3] for c in row) == set(TABLE4_LABELS)
    assert len(table4[3]) == 15
    # The staff's figures as they wrote them, totals computed.
    assert ["行政事业性收费", "4236.8"] in cells(found[3])
    assert table3[3] == ["一、本年新收政府信息公开申请数量", "255", "28", "2", "4", "6", "3", "298"]
    assert table3[-2][-7:] == ["261", "27", "2", "4", "6", "2", "302"]            # （七）总计
    assert table4[3] == ["4", "1", "1", "0", "6", "2", "0", "0", "0", "2", "0", "0", "0", "0", "0"]


def test_report_tables_have_captions_and_scoped_headers(sample_site: Path) -> None:
    html = report_page(sample_site, "1133010052601815XR/2024-00001").read_text(encoding="utf-8")
    for table in tables(html):
        assert "<caption>" in table
        ths = re.findall(r"<th\b[^>]*>", table)
        assert ths and all(re.search(r'scope="(col|row)"', th) for th in ths), ths


def test_table3_identity_holds_in_every_column_of_the_published_page(sample_site: Path) -> None:
    for index_no in ("1133010052601815XR/2024-00001", "1133010052601815XR/2025-00001"):
        rows = cells(tables(report_page(sample_site, index_no).read_text(encoding="utf-8"))[4])[3:]
        numbers = {row[-8]: [int(n) for n in row[-7:]] for row in rows}
        new, carried = numbers["一、本年新收政府信息公开申请数量"], numbers["二、上年结转政府信息公开申请数量"]
        total, forward = numbers["（七）总计"], numbers["四、结转下年度继续办理"]
        assert [a + b for a, b in zip(new, carried)] == [c + d for c, d in zip(total, forward)]


def test_report_page_shows_which_items_were_counted(sample_site: Path) -> None:
    html = report_page(sample_site, "1133010052601815XR/2025-00001").read_text(encoding="utf-8")
    evidence = re.search(r'<details class="report-evidence">.*?</details>', html, re.S).group(0)
    assert "规章·本年废止件数：1 件" in evidence and "清河市城市道路挖掘管理办法" in evidence
    assert "规范临时摊点" not in evidence              # the draft is not published, so not counted either


def test_report_before_2021_is_rendered_as_its_author_wrote_it(sample_site: Path) -> None:
    page = report_page(sample_site, "11330102432319488N/2020-00001")
    html = page.read_text(encoding="utf-8")
    assert "本年新制作数量" in html and "其他对外管理服务事项" in html      # the 2019 trial-format table, kept
    assert 'class="report-table' not in html and "annual-report.css" not in html
    assert "申请人情况" not in html


def test_unit_page_links_its_annual_reports(sample_site: Path) -> None:
    page = sample_site / "units/city/index.html"
    html = page.read_text(encoding="utf-8")
    panel = re.search(r'<h2 id="h-reports">.*?</section>', html, re.S).group(0)
    links = re.findall(r'<a href="([^"]+)">([^<]+)</a>', panel)
    assert [title for _, title in links] == [f"清河市人民政府{y}年政府信息公开工作年度报告" for y in (2024, 2023, 2022)]
    for href, _ in links:
        assert (page.parent / href).resolve().is_file()


# ---- what staff get wrong --------------------------------------------------------------------


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "content", tmp_path / "content")
    shutil.copyfile(ROOT / "config.toml", tmp_path / "config.toml")
    return tmp_path


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


def test_data_file_breaking_table3_identity_is_refused_naming_the_cells(project: Path) -> None:
    data = project / f"{CITY_2024}.yaml"
    edit(data, "本年新收政府信息公开申请数量: [255,", "本年新收政府信息公开申请数量: [256,")
    result = run_cli("build", cwd=project)
    assert result.returncode == 1
    assert not (project / "public").exists()
    line = line_of(data, "本年新收政府信息公开申请数量")
    assert f"{CITY_2024}.yaml:{line}: 错误〔表三 自然人 列〕" in result.stderr
    assert ("一、本年新收政府信息公开申请数量 256 + 二、上年结转政府信息公开申请数量 12 = 268，"
            "而 三、本年度办理结果（七）总计 261 + 四、结转下年度继续办理 6 = 267") in result.stderr
    assert "商业企业 列" not in result.stderr                     # only the broken column is named


def test_missing_cells_and_wrong_shapes_are_named(project: Path) -> None:
    data = project / f"{CITY_2024}.yaml"
    edit(data, "  行政强制: 215\n", "")
    edit(data, "      重复申请: [6, 0, 0, 0, 0, 0]", "      重复申请: [6, 0, 0, 0, 0]")
    edit(data, "  行政处罚: 1873", "  行政处罚: 1,873")
    edit(data, "  行政许可: 12640", "  行政许诺: 12640")
    result = run_cli("check", cwd=project)
    assert result.returncode == 1
    err = result.stderr
    assert "〔表二 行政强制〕：缺少“行政强制”这一项" in err
    assert f"{CITY_2024}.yaml:{line_of(data, '重复申请')}: 错误〔表三 （五）不予处理 2.重复申请〕：写了 5 个数" in err
    assert "〔表二 第二十条第（六）项 行政处罚〕：“1,873”不是件数" in err
    assert "未知的项目“行政许诺”" in err and "您是不是要写“行政许可”？" in err


def test_carry_over_must_match_last_years_report(project: Path) -> None:
    data = project / f"{CITY_2024}.yaml"
    # Balanced within 2024 (both sides +1), but no longer what 2023 carried forward.
    edit(data, "上年结转政府信息公开申请数量: [12,", "上年结转政府信息公开申请数量: [13,")
    edit(data, "结转下年度继续办理: [6,", "结转下年度继续办理: [7,")
    result = run_cli("check", cwd=project)
    assert result.returncode == 1
    assert "〔表三 二、上年结转政府信息公开申请数量 · 自然人〕" in result.stderr
    assert f"2023 年报告（content/{CITY_2023.split('/', 1)[1]}.yaml）的“四、结转下年度继续办理”为 12" in result.stderr
    assert "勾稽关系不成立" not in result.stderr


def test_item_dates_that_break_the_cross_year_identity_are_found(project: Path) -> None:
    # A 规章 made in 2025 marked 废止 in 2024: a mistyped year. 现行有效(2024) no longer follows from 2023.
    item = project / "content/city/2025/public-data-measures.md"
    edit(item, "validity: 有效", "validity: 废止\nabolished_date: 2024-12-01")
    result = run_cli("check", cwd=project)
    assert result.returncode == 1
    assert "〔表二 第二十条第（一）项 规章〕：跨年度勾稽关系不成立" in result.stderr
    assert "2024 年现行有效件数 1，而 2023 年现行有效件数 2 + 本年制发件数 0 − 本年废止件数 2 = 0" in result.stderr
    assert "content/city/2025/public-data-measures.md（成文日期 2025-06-30，废止 2024-12-01）" in result.stderr


def test_ended_regulation_without_a_date_cannot_be_counted(project: Path) -> None:
    item = project / "content/city/2023/urban-greening-measures.md"
    edit(item, "validity: 有效", "validity: 废止")
    result = run_cli("check", cwd=project)
    assert result.returncode == 1
    assert (f"content/city/2023/urban-greening-measures.md:{line_of(item, 'validity')}: "
            "错误〔abolished_date 失效/废止日期〕：有效性为“废止”但没有写失效/废止日期") in result.stderr


def test_written_totals_are_checked(project: Path) -> None:
    data = project / f"{CITY_2023}.yaml"
    edit(data, "总计: [264, 30, 1, 2, 6, 2, 305]", "总计: [264, 30, 1, 2, 6, 3, 305]")
    result = run_cli("check", cwd=project)
    assert result.returncode == 1
    assert "〔表三 （七）总计 · 其他〕：写的是 3，但（一）至（六）各项相加为 2" in result.stderr
    assert "〔表三 （七）总计 · 总计〕：总计写的是 305，但各项相加为 306" in result.stderr


def test_prose_must_follow_the_six_sections(project: Path) -> None:
    item = project / f"{CITY_2024}.md"
    edit(item, "## 五、存在的主要问题及改进情况", "## 五、问题和措施")
    result = run_cli("check", cwd=project)
    assert result.returncode == 1
    assert "年度报告正文的二级标题（## ）缺少“五、存在的主要问题及改进情况”，多出“五、问题和措施”" in result.stderr


def test_data_file_for_a_report_before_2021_is_refused(project: Path) -> None:
    item = project / "content/nanan/2020/annual-report-2019.md"
    edit(item, "keywords: [年度报告, 政府信息公开]", "keywords: [年度报告, 政府信息公开]\nannual_data: report-2019.yaml")
    shutil.copyfile(project / f"{CITY_2024}.yaml", item.parent / "report-2019.yaml")
    edit(item.parent / "report-2019.yaml", "年度: 2024", "年度: 2019")
    result = run_cli("check", cwd=project)
    assert result.returncode == 1
    assert "content/nanan/2020/report-2019.yaml:4: 错误〔年度〕：2019 年度的报告早于" in result.stderr
    assert "按原文发布" in result.stderr


def test_missing_data_file_is_named(project: Path) -> None:
    (project / f"{CITY_2024}.yaml").unlink()
    result = run_cli("check", cwd=project)
    assert result.returncode == 1
    assert f"{CITY_2024}.md:{line_of(project / f'{CITY_2024}.md', 'annual_data')}: " \
           "错误〔annual_data 年报数据〕：年报数据文件“annual-report-2024.yaml”不存在" in result.stderr


def test_mapping_form_and_written_totals_are_accepted(project: Path) -> None:
    data = project / f"{CITY_2024}.yaml"
    edit(data, "  行政复议: [4, 1, 1, 0]", "  行政复议: {结果维持: 4, 结果纠正: 1, 其他结果: 1, 尚未审结: 0, 总计: 6}")
    edit(data, "      重复申请: [6, 0, 0, 0, 0, 0]",
         "      2.重复申请: {自然人: 6, 商业企业: 0, 科研机构: 0, 社会公益组织: 0, 法律服务机构: 0, 其他: 0}")
    result = run_cli("build", cwd=project)
    assert result.returncode == 0, result.stderr
    page = report_page(project / "public", "1133010052601815XR/2025-00001")
    assert cells(tables(page.read_text(encoding="utf-8"))[5])[3][:5] == ["4", "1", "1", "0", "6"]
    assert parse_page(page).meta["ArticleTitle"] == "清河市人民政府2024年政府信息公开工作年度报告"


def test_written_regulation_figures_must_agree_with_the_catalogue(project: Path) -> None:
    data = project / f"{CITY_2024}.yaml"
    edit(data, "  行政强制: 215\n", "  行政强制: 215\n  规章: [0, 1, 1]\n  行政规范性文件: [1, 1, 3]\n")
    result = run_cli("check", cwd=project)
    assert result.returncode == 1
    assert "〔表二 第二十条第（一）项 行政规范性文件 · 现行有效件数〕：数据文件写的是 3，按目录统计为 2" in result.stderr
    assert "规章 · " not in result.stderr                         # the 规章 row agrees


def test_late_report_and_title_without_its_year_are_warned_about(project: Path) -> None:
    item = project / f"{CITY_2024}.md"
    edit(item, "date: 2025-03-27", "date: 2025-04-02")
    edit(item, 'title: "清河市人民政府2024年政府信息公开工作年度报告"', 'title: "清河市人民政府政府信息公开工作年度报告"')
    result = run_cli("check", cwd=project)
    assert result.returncode == 0, result.stderr
    assert "警告〔date 发布日期〕：发布日期 2025-04-02 晚于《条例》第四十九条规定的 2025-03-31" in result.stderr
    assert "警告〔title 名称〕：名称中没有“2024年”" in result.stderr
