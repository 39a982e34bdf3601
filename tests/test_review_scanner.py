"""The personal-data scanner: every planted identifier found where it was written, no decoy flagged,
and no full number in anything the tool prints or writes."""
from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from sitegen.review import kinds
from sitegen.review.personal_data import find_personal_data, normalise
from sitegen.review.secrecy import find_marks

from .conftest import run_cli
from .review_planted import (
    PlantedSite, bank_card, decoy_lines, id15, id18, impossible_date, make_planted_site, mobile, uscc,
    wrong_check_digit,
)

PERSONAL_CODES = {k.diagnostic_code for k in kinds.PERSONAL}


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> PlantedSite:
    return make_planted_site(tmp_path_factory.mktemp("planted") / "site")


@pytest.fixture(scope="module")
def check_json(planted: PlantedSite) -> tuple[dict, str, str]:
    result = run_cli("check", "--format", "json", cwd=planted.root)
    assert result.returncode == 1, result.stderr
    return json.loads(result.stdout), result.stdout, result.stderr


def test_every_planted_identifier_is_found_where_it_was_written(planted: PlantedSite, check_json) -> None:
    report, _, _ = check_json
    found = {(f["kind"], f["file"], f["line"], f["column"], f["suggestion"])
             for f in report["findings"] if f["code"] in PERSONAL_CODES}
    expected = {(p.kind, p.file, p.line, p.column, p.masked) for p in planted.planted}
    assert len(expected) == len(planted.planted) >= 35
    assert {p.file for p in planted.planted} >= {"content/2024/dibao-list.md", "content/2024/低保名册.csv",
                                                  "content/2024/申请材料.txt"}
    assert expected - found == set(), "planted identifiers not found"
    assert found - expected == set(), "decoys flagged"
    for f in report["findings"]:
        if f["code"] in PERSONAL_CODES:
            assert f["severity"] == "error" and f["excerpt"] and f["waiver"] is None


def test_the_clean_item_full_of_decoys_has_no_finding(check_json) -> None:
    report, _, _ = check_json
    assert not [f for f in report["findings"] if f["file"] == "content/2024/contacts.md"
                and f["code"].startswith(("personal", "secrecy"))]


def _written_forms(planted: PlantedSite) -> set[str]:
    forms = set()
    for p in planted.planted:
        forms |= {p.value, p.value.upper(), p.value.lower()}
    return forms


def test_no_full_number_in_any_output(planted: PlantedSite, check_json, tmp_path: Path) -> None:
    _, json_out, json_err = check_json
    text = run_cli("check", "--report", tmp_path / "check.html", cwd=planted.root)
    build = run_cli("build", cwd=planted.root)
    assert text.returncode == build.returncode == 1
    assert not (planted.root / "public").exists()            # blocked: nothing published
    html_report = planted.root / "public.review.html"
    assert html_report.is_file()
    outputs = {"check json": json_out + json_err, "check text": text.stdout + text.stderr,
               "build": build.stdout + build.stderr,
               "check html": (tmp_path / "check.html").read_text(encoding="utf-8"),
               "build html": html_report.read_text(encoding="utf-8")}
    for name, output in outputs.items():
        digits_only = "".join(c for c in normalise(output) if c.isdigit() or c in "Xx")
        for form in _written_forms(planted):
            assert form not in output, (name, "a planted number appears in full")
            assert form.rstrip("Xx") not in digits_only, (name, "the digits of a planted number, spaced out")
    for p in planted.planted:
        assert p.masked in outputs["build html"]
    assert "身份证号" in outputs["build"] and "不能发布" in outputs["build"]


def test_random_identifiers_are_all_found_and_near_misses_are_not() -> None:
    rng = random.Random(7)
    for _ in range(400):
        for value, kind, written in (
            (id18(rng), kinds.ID_CARD, "身份证号{}。"),
            (id15(rng), kinds.ID_CARD, "身份证{}，"),
            (mobile(rng), kinds.MOBILE, "电话{}"),
            (bank_card(rng, rng.randint(16, 19)), kinds.BANK_CARD, "银行卡号：{}"),
        ):
            matches = find_personal_data(normalise(written.format(value)))
            assert [(m.kind, m.value) for m in matches] == [(kind, value.upper())], written.format(value)
    for _ in range(400):
        line = (f"身份证号{wrong_check_digit(rng)}，{impossible_date(rng)}；统一社会信用代码{uscc(rng)}，"
                f"索引号 {uscc(rng)}/2024-00001，订单 {rng.randrange(10**19, 10**20)}。")
        assert find_personal_data(normalise(line)) == [], line


def test_decoy_lines_have_no_findings() -> None:
    lines, _ = decoy_lines(random.Random(3))
    for line in lines:
        assert find_personal_data(normalise(line)) == [], line
        assert find_marks(line) == [], line


def test_old_ids_near_serial_words_are_skipped_unless_named_as_ids() -> None:
    old = id15(random.Random(5))
    assert find_personal_data(f"营业执照注册号 {old}") == []
    assert [m.kind for m in find_personal_data(f"身份证编号 {old}")] == [kinds.ID_CARD]
    assert [m.kind for m in find_personal_data(f"证件号码：{old}")] == [kinds.ID_CARD]


def test_card_numbers_need_a_card_word_nearby() -> None:
    card = bank_card(random.Random(1), 19)
    assert find_personal_data(f"快递单号 {card}") == []
    assert [m.kind for m in find_personal_data(f"工资卡账号 {card}")] == [kinds.BANK_CARD]
    assert [m.kind for m in find_personal_data(f"| 1 | {card} |", lambda pos: "代发银行账号")] == [kinds.BANK_CARD]


@pytest.mark.parametrize("line, marks", [
    ("秘密★1年", ["秘密★1年"]),
    ("机密 ★ 长期", ["机密★长期"]),
    ("**绝密★启用前**", ["绝密★启用前"]),
    ("密级：秘密　保密期限：1年", ["密级：秘密"]),
    ("# 内部资料　注意保存", ["内部资料注意保存"]),
    ("内部文件，不得外传", ["内部文件不得外传"]),
    ("秘密", ["秘密"]),
    ("（此件不公开）", ["此件不公开"]),
    ("【内部资料】关于……的情况通报", ["内部资料"]),
])
def test_secrecy_marks_are_found(line: str, marks: list[str]) -> None:
    assert [m.text for m in find_marks(line)] == marks


@pytest.mark.parametrize("line", [
    "第三条 国家秘密的密级分为“绝密”、“机密”、“秘密”三级。",
    "应当标注“秘密★”字样的文件不得在互联网发布。",
    "不得泄露**商业秘密**和个人隐私。",
    "宗教团体可以编印宗教内部资料性出版物。",
    "《纽约时报》炒作所谓“内部文件”。",
    "保守国家秘密是每个公民的义务。",
    "依法不予公开的政府信息。",
])
def test_prose_about_secrecy_is_not_a_mark(line: str) -> None:
    assert find_marks(line) == []


def test_links_to_other_items_are_found_in_every_form_and_case() -> None:
    """The review checks each linked item is public: a link missed here is a withheld item leaked."""
    from sitegen.review.scan import markdown_links
    text = ("详见[处理意见](../2024/reply.md#二)。\n"
            "[答复]: ../2023/ANSWER.MD\n"
            '<a href="notice.Md">通知</a>\n'
            "[外部](https://example.gov.cn/a.md) 与 [表格](table.csv)\n")
    assert markdown_links(text) == [("../2024/reply.md", 0), ("../2023/ANSWER.MD", 1), ("notice.Md", 2)]
    assert markdown_links("见[附表](../2022/TABLE.MD)") == [("../2022/TABLE.MD", 0)]
    assert markdown_links("纯文本，没有链接。") == []
