"""文号 variants from real documents map to one canonical key; 令 numbers keep 第."""
from __future__ import annotations

import pytest

from sitegen.doc_numbers import canonical_doc_no, find_doc_numbers, parse_doc_no


@pytest.mark.parametrize("written", [
    "国办发〔2019〕54号", "国办发„2019‟54号", "国办发[2019]54号", "国办发［2019］54号",
    "国办发【2019】54号", "国办发（2019）54号", "国办发(2019)54号", "国办发﹝2019﹞54号",
    "国办发〖2019〗54号", "国办发 〔 2019 〕 54 号", "国办发〔2019〕第54号", "国办发〔2019〕054号",
    "国办发〔２０１９〕５４号", " 国办发〔2019〕54号 ",
])
def test_variants_share_the_canonical_form(written: str) -> None:
    assert canonical_doc_no(written) == "国办发〔2019〕54号"


def test_only_the_canonical_spelling_counts_as_canonical() -> None:
    assert parse_doc_no("清政办发〔2024〕7号").is_canonical
    assert not parse_doc_no("清政办发[2024]07号").is_canonical


def test_order_numbers_keep_their_di() -> None:
    number = parse_doc_no("国务院令第０711号")
    assert number.is_order and number.canonical == "国务院令第711号"


def test_mismatched_brackets_and_free_text_are_left_alone() -> None:
    assert not parse_doc_no("国办发〔2019]54号").recognised
    assert parse_doc_no("无").canonical == "无"
    assert parse_doc_no("") .canonical == ""


def test_numbers_cited_in_running_text_are_found() -> None:
    text = "根据《关于规范平台的通知》（国办公开办函„2019‟61号）、清政发[2024]3号等文件"
    assert find_doc_numbers(text) == ["国办公开办函〔2019〕61号", "清政发〔2024〕3号"]
