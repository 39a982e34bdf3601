"""The plain-body renderer writes exactly what Python-Markdown writes, or declines."""
from __future__ import annotations

import random

import markdown
import pytest

from sitegen.content.body import EXTENSIONS, BodyRenderer
from sitegen.content.frontmatter_yaml import parse_document
from sitegen.content.plain_markdown import render_plain
from tests.conftest import ROOT

TYPICAL_BODY = """## 一、总体要求

　　各地要加强宣传引导，通过政府网站、政务新媒体等渠道做好政策解读。
加强部门协同配合，按职责分工做好相关工作。

1. 申请人应当如实提供有关材料；经审核符合条件的，按程序予以公示。
2. 资金使用情况按规定在政府网站公开，接受社会监督。

- 联系电话：0571-87659648
- 地址：北门镇人民政府

**表1 高标准农田建设项目安排**

| 序号 | 项目 | 金额（万元） | 责任单位 |
| --- | :--- | ---: | :---: |
| 1 | 高标准农田建设项目1 | 6152.71 | 北门镇人民政府 |
| 2 |  | 2.5 | 北门镇人民政府 |

###### 附：说明

1.坚持正确导向。
2.加强组织领导。

北门镇人民政府\xa0\xa0
2022年1月2日"""

# Near misses: each is one step outside the subset (or just inside it), where a careless
# shortcut would write something Python-Markdown does not.
NEAR_MISSES = [
    "1. 一\n\n2. 二",                 # separated items make one loose list
    "- 甲\n\n\n- 乙",
    "1. 一\n2. 二\n\n- 甲\n- 乙",       # an ordered list, then a bullet list: two lists
    "2. 从二开始\n3. 三",               # start="2"
    "1. 一\n续行",                     # a lazy continuation line
    "1. # 标题", "1. 2. 嵌套", "- - -", "- 1. 甲", "-- 甲", "+ 甲", "* 甲", "1. 　全角空格",
    "##无空格", "## 标题 ##", "####### 七级", "# 标题\n正文", "正文\n# 标题",
    "**表1**（续）", "** 表1**", "**表*1**", "**表1**\n| 甲 | 乙 |\n| --- | --- |\n| 1 | 2 |",
    "| 甲 | 乙 |\n| --- | --- |\n| 1 |", "| 甲 | 乙 |\n| --- | --- |\n| 1 | 2 | 3 |",
    "| 甲 | 乙 |\n| --- | --- |", "| 甲 |\n| --- |\n| 1 |", "| 甲 | 乙 |\n| -- | : |\n| 1 | 2 |",
    "| 甲 | 乙 |\n|---|---|\n| 1 | 2", "甲 | 乙\n--- | ---\n1 | 2", "| 甲 | 乙 |\n| --- | --- |\n| a & b | 2 |",
    "段落\n| 甲 | 乙 |", "　　缩进段落\n　　第二行", "\u3000", "段落\u3000", "行尾两空格  \n下一行",
    "  两空格缩进", "    代码块", "\t制表符", "> 引用", "标题\n===", "标题\n---", ": 定义", "~~~\n代码\n~~~",
    "2.5亿元的项目", "2. 5亿元", "1.无空格", "电话 0571-1234", "a < b", "版权 &copy;", "甲\r\n乙",
    "第#3号", "a_b", "1.坚持正确导向", "1.坚持\n2.落实", "国务院\xa0\xa0\xa0", "　　段落\u3000\n第二行\xa0",
    "1. 项目\xa0\n2. 二", "## 标题\xa0", "**表1**\u3000", "\xa0\xa0", "段落\n\u3000\u3000", "行尾\x0c", "行尾\x85", "![图](a.png)", "[链接](a.html)", "{: .cls}", "", "\n\n", "  \n", "正文\n\n\n\n正文",
]


@pytest.fixture(scope="module")
def stock() -> markdown.Markdown:
    return markdown.Markdown(extensions=EXTENSIONS, output_format="html")


def stock_html(stock: markdown.Markdown, body: str) -> str:
    stock.reset()
    return stock.convert(body)


def test_a_typical_item_body_takes_the_plain_path_with_python_markdowns_output(stock: markdown.Markdown) -> None:
    html = render_plain(TYPICAL_BODY)
    assert html is not None, "the common shape of a disclosed item must not need Python-Markdown"
    assert html == stock_html(stock, TYPICAL_BODY)
    assert '<th style="text-align: right;">金额（万元）</th>' in html and '<td style="text-align: left;"></td>' in html


def test_near_misses_are_declined_or_rendered_exactly(stock: markdown.Markdown) -> None:
    rendered = 0
    for body in NEAR_MISSES:
        html = render_plain(body)
        if html is not None:
            rendered += 1
            assert html == stock_html(stock, body), repr(body)
    assert rendered >= 5       # some near misses are inside the subset, and checked


def test_the_sample_sites_bodies_render_as_python_markdown_does(stock: markdown.Markdown) -> None:
    renderer, plain = BodyRenderer(), 0
    for path in sorted((ROOT / "content").rglob("*.md")):
        body = parse_document(path.read_text(encoding="utf-8"))[1]
        assert renderer.convert(body) == stock_html(stock, body), path.name
        plain += render_plain(body) is not None
    assert plain >= 10


LINES = ["各地要加强宣传引导", "2022年1月2日", "　　首行缩进", "文字 ", "2.5亿元", "1.坚持", "文字\xa0", "文字\u3000", "\xa0", "电话：0571-87651102", "a b",
         "# 标题", "## 二、措施", "###### 六级", "####### 七", "##无空格", "## 标题 ##", "#", "## ",
         "1. 一", "2. 二", "3.  多空格", "10. 十", "- 甲", "-  乙", "- - -", "-- 丙", "+ 丁", "1. # 标", "- 1. 子",
         "**表1 名称**", "** 空格**", "**a**b", "**表**（续）", "| 序号 | 项目 |", "| --- | ---: |",
         "| :---: | :--- |", "| 1 | 甲 |", "| 1 |", "| 1 | 2 | 3 |", "|  | 空 |", "| a | b", "|---|---|",
         "| : | - |", "||", "  缩进", "    代码", "> 引用", "===", "---", ": 定义", "a & b", "\u3000", ""]


def _random_body(rng: random.Random) -> str:
    """Blocks mostly inside the subset, each with a small chance of a step outside it."""
    def odd(usual: str, unusual: str) -> str:
        return unusual if rng.random() < 0.1 else usual

    blocks = []
    for _ in range(rng.randint(1, 6)):
        shape = rng.random()
        if shape < 0.3:        # a table, sometimes ragged or empty
            width = rng.randint(1, 4)
            rows = ["| " + " | ".join(odd(rng.choice(["甲", "1", "", "a b", "　全角"]), "表*") for _ in range(width)) + " |"
                    for _ in range(int(odd(str(rng.randint(1, 3)), "0")))]
            separator = "| " + " | ".join(rng.choice(["---", ":---", "---:", ":-:", "--"]) for _ in range(width)) + " |"
            head = "| " + " | ".join(["头"] * int(odd(str(width), str(width + 1)))) + " |"
            blocks.append("\n".join([head, separator, *rows]))
        elif shape < 0.5:      # a list
            marker = rng.choice(["1. ", "- ", "1.  ", odd("- ", "2. ")])
            blocks.append("\n".join(marker + odd(rng.choice(["项目", "第二项"]), rng.choice(["# x", "　y"]))
                                    for _ in range(rng.randint(1, 3))))
        else:
            lines = LINES if rng.random() < 0.2 else LINES[:3] + ["## 二、措施", "**表1 名称**"]
            blocks.append("\n".join(rng.choice(lines) for _ in range(rng.randint(1, 3))))
    return "".join(block + rng.choice(["\n\n", "\n", "\n\n\n"]) for block in blocks)


def test_generated_bodies_render_as_python_markdown_does(stock: markdown.Markdown) -> None:
    rng, rendered = random.Random(20261207), 0
    for _ in range(3000):
        body = _random_body(rng)
        html = render_plain(body)
        if html is not None:
            rendered += 1
            assert html == stock_html(stock, body), repr(body)
    assert rendered >= 300      # enough bodies inside the subset for the comparison to mean something
