"""The 关怀版 paths and links, body tables made accessible, and the warnings authors get."""
from __future__ import annotations

import json
from pathlib import Path

import markdown

from sitegen.content.body import EXTENSIONS
from sitegen.content.tables import accessible_tables
from sitegen.structure.variants import CARE, STANDARD, VARIANTS, PageOutput, output_path, relocate_body

from .conftest import run_cli


def test_care_twin_mirrors_the_standard_path_one_folder_deeper() -> None:
    assert VARIANTS == (STANDARD, CARE)
    assert output_path("docs/2024/x.html", CARE) == "care/docs/2024/x.html"
    assert output_path("index.html", STANDARD) == "index.html"
    doc = PageOutput("docs/2024/x.html", CARE)
    assert doc.link("archive/index.html") == "../../archive/index.html"          # stays in 关怀版
    assert doc.link("assets/css/site.css") == "../../../assets/css/site.css"     # one shared copy
    assert doc.twin(STANDARD) == "../../../docs/2024/x.html"
    assert doc.beside_page("report.pdf") == "../../../docs/2024/x/report.pdf"
    home = PageOutput("index.html", STANDARD)
    assert home.twin(CARE) == "care/index.html" and home.link("assets/js/a.js") == "assets/js/a.js"
    assert PageOutput("404.html", CARE).twin(STANDARD) == "../404.html"
    assert PageOutput("docs/2024/x.html").beside_page("report.pdf") == "x/report.pdf"


def test_a_body_points_at_the_one_copy_of_its_files_from_either_edition() -> None:
    body = ('<p><img alt="图" src="map.png"> <a href="table.xlsx#s2">表</a> <a href="#fn1">1</a> '
            "<a href='map.png'>原图</a> <a href=\"https://www.gov.cn/\">网</a> <a href=\"other.png\">x</a></p>")
    care = relocate_body(body, {"map.png", "table.xlsx"}, PageOutput("docs/2024/x.html", CARE))
    assert 'src="../../../docs/2024/x/map.png"' in care
    assert 'href="../../../docs/2024/x/table.xlsx#s2"' in care
    assert "href='../../../docs/2024/x/map.png'" in care
    assert 'href="#fn1"' in care and 'href="https://www.gov.cn/"' in care and 'href="other.png"' in care
    standard = relocate_body(body, {"map.png", "table.xlsx"}, PageOutput("docs/2024/x.html", STANDARD))
    assert 'src="x/map.png"' in standard and 'href="x/table.xlsx#s2"' in standard
    assert 'href="#fn1"' in standard and 'href="other.png"' in standard
    assert relocate_body(body, set(), PageOutput("docs/2024/x.html", STANDARD)) == body


def render(source: str) -> str:
    return markdown.Markdown(extensions=EXTENSIONS).convert(source)


def test_a_bold_line_above_a_table_becomes_its_caption() -> None:
    html, report = accessible_tables(render("正文。\n\n**表1 主要指标**\n\n| 指标 | 值 |\n| --- | ---: |\n| 耕地 | 1 |\n"))
    assert "<p><strong>表1" not in html
    assert '<caption id="sg-table-1-caption">表1 主要指标</caption>' in html
    assert '<th scope="col">指标</th>' in html and '<th scope="col" style="text-align: right;">值</th>' in html
    assert '<div class="table-scroll" role="region" aria-labelledby="sg-table-1-caption" tabindex="0">' in html
    assert report.without_caption == [] and report.without_headers == []


def test_table_titles_are_recognised_by_wording_and_headings_name_tables() -> None:
    source = ("附表2：2024年项目清单\n\n| a | b |\n| - | - |\n| 1 | 2 |\n\n"
              "## 三、投资构成\n\n| a | b |\n| - | - |\n| 1 | 2 |\n")
    html, report = accessible_tables(render(source))
    assert "<caption id=\"sg-table-1-caption\">附表2：2024年项目清单</caption>" in html
    assert '<h2 id="sg-table-2-title">三、投资构成</h2>' in html
    assert '<table aria-labelledby="sg-table-2-title">' in html
    assert report.without_caption == []


def test_ordinary_paragraphs_are_not_taken_for_captions() -> None:
    source = ("现将有关情况公布如下：\n\n| a | b |\n| - | - |\n| 1 | 2 |\n\n"
              "<table><tr><td>甲</td><td>乙</td></tr></table>\n")
    html, report = accessible_tables(render(source))
    assert "<caption" not in html and "<p>现将有关情况公布如下：</p>" in html
    assert report.without_caption == [1, 2] and report.without_headers == [2]


def test_authors_are_warned_about_images_without_alt_and_tables_without_captions(tmp_path: Path) -> None:
    assert run_cli("init", cwd=tmp_path).returncode == 0
    guide = next((tmp_path / "content").rglob("*.md"))
    head, body = guide.read_text(encoding="utf-8").split("---\n", 2)[1:]
    (tmp_path / "content/pic.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    # Blank lines after the closing --- must not shift the line numbers.
    guide.write_text("---\n" + head + "---\n\n\n说明。\n\n![](pic.png)\n\n| 项目 | 数量 |\n| --- | --- |\n| a | 1 |\n\n"
                     "**表2 另一个表**\n\n| 项目 | 数量 |\n| --- | --- |\n| b | 2 |\n" + body, encoding="utf-8")
    result = run_cli("check", "--format", "json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    findings = {(f["code"], f["line"]) for f in json.loads(result.stdout)["findings"]}
    body_start = head.count("\n") + 3          # the line after the closing ---
    assert ("image-alt-missing", body_start + 4) in findings
    assert ("table-caption-missing", body_start + 6) in findings
    assert not any(code == "table-caption-missing" and line > body_start + 6 for code, line in findings)
