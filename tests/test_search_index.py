"""The search index at build time: tokens, pinyin, posting encoding, records and the writer."""
from __future__ import annotations

import dataclasses
import json
import pickle
import random
import re
import shutil
import sys
import unicodedata
from pathlib import Path

import pytest

from sitegen.builder import BuildOptions, load_site
from sitegen.config import load_config
from sitegen.diagnostics import Report
from sitegen.search import search_record, write_search_index
from sitegen.search.encoding import decode_postings, encode_postings
from sitegen.search import pinyin
from sitegen.search.pinyin import full_pinyin, name_syllables, pinyin_tokens, remember_syllables, title_syllables
from sitegen.search.records import BUCKETS, PAIRS
from sitegen.search.tokens import (
    BODY, META, TITLE, doc_no_tokens, identifier_key, normalise, text_tokens, token_hash,
)
from sitegen.search import writer as index_writer
from sitegen.search.patch import PatchImpossible, index_contents, patch_index
from sitegen.search.writer import (
    IndexedDoc, doc_shard_path, published_in_order, shard_count, term_shard_path, write_index_files,
)
from sitegen.structure.document import Document

from .conftest import ROOT


def test_chinese_is_indexed_as_overlapping_bigrams_with_unigrams_only_for_short_fields() -> None:
    assert text_tokens("最低生活保障", unigrams=False) == {"最低", "低生", "生活", "活保", "保障"}
    short = text_tokens("低保", unigrams=True)
    assert short == {"低保", "低", "保"}


def test_latin_letters_and_digits_are_lower_cased_words_even_when_full_width() -> None:
    assert text_tokens("ＣＯＶＩＤ-19 疫苗", unigrams=True) >= {"covid", "19", "疫苗"}
    # A phone number in a body is noise; in a title it is kept.
    assert "87652540" not in text_tokens("电话：0571-87652540", unigrams=False)
    assert "87652540" in text_tokens("电话：0571-87652540", unigrams=True)


@pytest.mark.parametrize("written", ["清民发〔2025〕3号", "清民发[2025]3号", "清民发（２０２５）第03号"])
def test_doc_number_variants_share_one_exact_key(written: str) -> None:
    parts, key = doc_no_tokens(written)
    assert key == "=清民发〔2025〕3号"
    assert {"清民", "民发", "2025"} <= parts


def test_index_number_key_ignores_case_and_width() -> None:
    assert identifier_key("11330100082462814g/２０２５-00001") == "=11330100082462814G/2025-00001"


def test_pinyin_pairs_and_initials() -> None:
    tokens = pinyin_tokens("政务公开年度报告", initials_from=3)
    assert {"zheng'wu", "wu'gong", "nian'du", "#zwgk", "#gkn"} <= tokens
    assert not any(t.startswith("#") and len(t) == 3 for t in tokens)      # no 2-letter initials in titles
    assert name_syllables("临江市财政局") == "lin jiang shi cai zheng ju"
    assert name_syllables("12345热线") == "     re xian"                # one entry per character
    assert "yin'hang" in pinyin_tokens("农业银行", 3)                      # polyphones read in context
    assert full_pinyin("年报") == ("nianbao", "nb")


def test_postings_round_trip_in_both_forms() -> None:
    rng = random.Random(3)
    for density in (0.002, 0.05, 0.6, 1.0):
        ids = [i for i in range(5000) if rng.random() < density]
        postings = [(i << 3) | rng.randint(1, 7) for i in ids]
        encoded = encode_postings(postings)
        assert decode_postings(encoded) == [(p >> 3, p & 7) for p in postings]
        assert encoded.startswith("!") == (density >= 0.6)    # dense lists use 3 bits per document
        assert re.fullmatch(r"[!0-9A-Za-z_-]*", encoded)


@pytest.mark.parametrize("chunk", [None, 7])        # 7: a few lists at a time, the long ones alone
def test_posting_lists_encoded_in_bulk_match_one_by_one(chunk: int | None, monkeypatch) -> None:
    """The index writer encodes a bucket's lists all at once (numpy); gaps of every size, all field bits."""
    import numpy as np
    from sitegen.search import bulk_postings
    from sitegen.search.bulk_postings import dense_is_shorter, encode_dense, encode_sparse
    if chunk is not None:
        monkeypatch.setattr(bulk_postings, "CHUNK", chunk)
    rng = random.Random(5)
    lists = [[i << 3 | rng.randint(1, 7) for i in sorted(set(rng.randrange(scale) for _ in range(rng.randint(1, 30))))]
             for scale in (rng.choice([3, 40, 2_000, 70_000, 3_000_000, 200_000_000]) for _ in range(3000))]
    packed = np.array([p for postings in lists for p in postings], dtype=np.uint32)
    starts = np.cumsum([0] + [len(postings) for postings in lists[:-1]])
    text, bounds = encode_sparse(packed, starts)
    dense = dense_is_shorter(packed, starts, bounds)
    expected = [encode_postings(postings) for postings in lists]
    assert dense == [code.startswith("!") for code in expected] and any(dense) and not all(dense)
    assert [text[bounds[n]: bounds[n + 1]] if not dense[n] else encode_dense(packed[starts[n]: starts[n] + len(lists[n])])
            for n in range(len(lists))] == expected
    assert max(len(code) for code in expected) > 5 * 30 // 2        # long gaps: many characters each


def test_a_posting_list_patched_in_arrays_is_what_the_one_by_one_patch_gives() -> None:
    """A new item's common terms are patched with numpy (search/patch.py); rare ones one by one."""
    from sitegen.search.bulk_postings import decode_list
    from sitegen.search.patch import _patched, _patched_in_arrays
    rng = random.Random(7)
    dense_seen = sparse_seen = 0
    for _ in range(1500):
        scale = rng.choice([4, 50, 3_000, 80_000, 5_000_000])
        ids = sorted(set(rng.randrange(scale) for _ in range(rng.randint(0, 400 if scale < 10_000 else 40))))
        current = encode_postings([i << 3 | rng.randint(1, 7) for i in ids]) if ids else None
        changes = {rng.choice(ids) if ids and rng.random() < 0.5 else rng.randrange(scale + 5): rng.choice([0, 1, 4, 7])
                   for _ in range(rng.randint(1, 6))}
        if current:
            assert decode_list(current).tolist() == [i << 3 | bits for i, bits in decode_postings(current)]
            dense_seen += current.startswith("!")
            sparse_seen += not current.startswith("!")
        assert _patched_in_arrays(current, changes) == _patched(current, changes), (current, changes)
    assert dense_seen > 50 and sparse_seen > 50
    with pytest.raises(ValueError):
        decode_list("12\u4e2d")


def test_normalising_for_search_is_nfkc_and_lower_case_whatever_the_text() -> None:
    """The client normalises queries with NFKC; the index's shortcut must give the same text."""
    tricky = ["清民发〔２０２５〕３号：ＡＢＣ，１００％", "Ａ\u0301", "①㎡ｶﾞ\uf900ﬁ", "\u3000…\u2026\u0301", "", "ＡＢＣ\u0308"]
    rng = random.Random(5)
    pools = [range(0x20, 0x7F), range(0x300, 0x370), range(0x2460, 0x24FF), range(0x3000, 0x3040),
             range(0x4E00, 0x4E80), range(0xF900, 0xF920), range(0xFF00, 0xFFEF)]
    for _ in range(2000):
        tricky.append("".join(chr(rng.choice(rng.choice(pools))) for _ in range(rng.randint(1, 12))))
    for text in tricky:
        assert normalise(text) == unicodedata.normalize("NFKC", text).lower(), text


def test_a_titles_syllables_kept_in_the_cache_spare_reading_them_again(monkeypatch) -> None:
    """An edited body keeps its title: the syllables the last build kept make pypinyin unnecessary."""
    doc = document(title="清河市2024年〇〇工作要点（调整后）的通知")
    expected = pinyin_tokens(doc.title, initials_from=3)
    kept = pickle.loads(pickle.dumps(title_syllables(doc)))     # as the documents cache holds it
    monkeypatch.setattr(pinyin, "KNOWN_RUNS", {})
    monkeypatch.setitem(sys.modules, "pypinyin", None)          # importing it now would fail
    remember_syllables(kept)
    assert pinyin_tokens(doc.title, initials_from=3) == expected and expected


def document(**fields) -> Document:
    base = dict(source="x.md", title="清河市民政局关于调整最低生活保障标准的通知", index_no="11330100082462814G/2023-00002",
                unit_name="清河市民政局", category_path="法定主动公开内容/社会救助", date="2023-07-03",
                doc_no="清民发〔2023〕15号", keywords=["低保"], text="根据清政发[2022]7号文件，提高城乡保障标准。",
                summary="全市城乡低保标准统一提高。")
    base.update(fields)
    return Document(**base)


def test_syllables_are_pypinyins_own_and_a_readings_toneless_form_is_the_same_for_every_character() -> None:
    """run_syllables reads with one pypinyin converter that remembers each reading's toneless form:
    right only if that form never depends on the character (checked for all pypinyin knows)."""
    from pypinyin import lazy_pinyin
    from pypinyin.constants import PHRASES_DICT, PINYIN_DICT, Style
    from pypinyin.converter import UltimateConverter
    converter, form = UltimateConverter(), {}
    pairs = [(chr(code), reading) for code, readings in PINYIN_DICT.items() for reading in readings.split(",")]
    pairs += [(han, reading) for phrase, readings in PHRASES_DICT.items()
              for han, options in zip(phrase, readings) for reading in options]
    for han, reading in pairs:
        toneless = converter.convert_style(han, reading, Style.NORMAL, True)
        assert form.setdefault(reading, toneless) == toneless, (han, reading)
    pinyin.KNOWN_RUNS.clear()
    titles = ["清河市人民政府办公室关于印发2024年重点工作任务分工的通知", "长江流域重点水域禁捕退捕", "银行行长", "重庆",
              "一行行", "覃塘区朝阳街道", "会计年度报告的说明", "乐山大佛景区音乐会"]
    for title in titles:
        for run in pinyin.cjk_runs(normalise(title)):
            assert pinyin.run_syllables(run) == tuple(lazy_pinyin(run, errors=lambda chars: ["" for _ in chars]))


def test_record_keeps_the_fields_of_each_token_and_pickles() -> None:
    record = search_record(document())
    fields = {}
    for bucket in range(BUCKETS):
        for item in record.tokens(bucket):
            assert token_hash(item[1:]) % BUCKETS == bucket
            fields[item[1:]] = int(item[0])
    assert fields["保障"] == TITLE | BODY and fields["最低"] == TITLE
    assert fields["城乡"] == META | BODY            # a written 内容概述 is metadata
    assert fields["=清民发〔2023〕15号"] == TITLE
    assert fields["=清政发〔2022〕7号"] == BODY     # cited in the body, found despite the 根据 before it
    assert fields["2023"] == META | BODY           # from the 文号; the 索引号's year alone would be body
    assert fields["=11330100082462814G/2023-00002"] == TITLE
    assert pickle.loads(pickle.dumps(record)) == record


def test_a_summary_taken_from_the_body_adds_no_terms_and_no_word_cut_short() -> None:
    from sitegen.content.loader import SUMMARY_LENGTH, derive_summary
    from sitegen.search.records import document_tokens
    # No sentence end near the cut: the summary stops inside the word qingjiang and ends in ……
    text = "为进一步做好" + "城乡居民" * ((SUMMARY_LENGTH - 10) // 4) + "qingjiang项目申报工作"
    summary = derive_summary(text)
    cut_word = summary.removesuffix("……").rpartition("民")[2]
    assert summary.endswith("……") and cut_word and cut_word != "qingjiang"    # the test's premise
    derived = document_tokens(document(text=text, summary=summary))
    without = document_tokens(document(text=text, summary=""))
    assert derived == without                            # the body's own text: nothing new, same fields
    assert cut_word not in derived and "qingjiang" in derived
    written = document_tokens(document(text=text, summary="项目申报工作的安排"))
    assert written["申报"] == META | BODY                 # a summary staff wrote stays metadata


def test_the_bulk_readers_bigrams_are_the_same_terms_in_the_same_buckets(monkeypatch) -> None:
    """A full build takes the body's bigrams from numpy (apart from the other terms), a quick edit from
    Python: the same terms in the same buckets."""
    from sitegen.content.loader import read_document
    from sitegen.search import records
    from sitegen.search.bigrams import body_bigram_pairs

    docs = [doc for path in sorted((ROOT / "content").rglob("*.md"))
            if (doc := read_document(path, ROOT / "content")[0]) is not None]
    rng = random.Random(7)
    # Every CJK range and its edges, 〇, astral and compatibility characters, Latin, full width,
    # and bigrams the title also has (they take the BODY bit there and must not appear twice).
    pools = [range(0x3400, 0x3410), range(0x4DB8, 0x4DC4), range(0x4E00, 0x4E10), range(0x9FF8, 0xA004),
             range(0xF900, 0xF908), range(0xFAF8, 0xFB04), range(0x3005, 0x3009), range(0x20000, 0x20004),
             range(0x41, 0x5B), range(0xFF10, 0xFF1A), range(0x20, 0x21), "最低生活保障"]
    for number in range(300):
        doc = document()
        doc.text = "".join(chr(rng.choice(pool)) if isinstance(pool, range) else rng.choice(pool)
                           for pool in (rng.choice(pools) for _ in range(rng.randint(0, 60))))
        doc.title = "最低生活保障" if number % 2 else doc.text[:12]
        docs.append(doc)
    docs.append(dataclasses.replace(document(), text=""))
    assert docs[0].text
    monkeypatch.setattr(records, "_bulk_pairs", None)
    in_python = [records.search_record(doc) for doc in docs]
    monkeypatch.setattr(records, "_bulk_pairs", body_bigram_pairs)
    for doc, expected in zip(docs, in_python):
        record = records.search_record(doc)
        assert len(record.buckets) == BUCKETS + 1 and len(expected.buckets) == BUCKETS
        assert [set(record.tokens(b)) for b in range(BUCKETS)] == [set(expected.tokens(b)) for b in range(BUCKETS)], \
            doc.text[:40]
        terms = [item for bucket in range(BUCKETS) for item in record.tokens(bucket)]
        assert len(terms) == len({item[1:] for item in terms}), "a term twice"


@pytest.fixture(scope="module")
def sample_model():
    site = load_site(BuildOptions(ROOT / "config.toml", ROOT / "content", ROOT / "public", jobs=1), Report())
    documents = site.documents + site.withheld
    return site, [search_record(d) for d in documents]


def read_tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_withheld_items_leave_no_trace_in_the_index(sample_model, tmp_path: Path) -> None:
    site, records = sample_model
    assert len(site.withheld) >= 3      # 依申请公开, 不予公开 and the sample's drafts
    write_search_index(site, records, tmp_path)
    everything = b"".join(read_tree(tmp_path).values()).decode("utf-8")
    assert "UNPUBLISHED-SAMPLE-MARKER" not in everything
    assert "unpublished" not in everything                     # not even as a lower-cased word
    for doc in site.withheld:
        assert doc.title not in everything and doc.index_no.upper() not in everything.upper()
    assert site.documents[0].title in everything


def test_writer_is_deterministic_and_an_edit_rewrites_few_files(sample_model, tmp_path: Path) -> None:
    site, records = sample_model
    first, second, edited = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    count = write_search_index(site, records, first)
    write_search_index(site, list(reversed(records)), second)
    assert read_tree(first) == read_tree(second)
    assert count == len(read_tree(first))
    target = site.documents[5]
    edited_record = search_record(dataclasses.replace(target, text=target.text + "新增一句关于冬季取暖补贴的说明。"))
    write_search_index(site, [edited_record if r.index_no == target.index_no else r for r in records], edited)
    before, after = read_tree(first), read_tree(edited)
    changed = {name for name in before if before[name] != after.get(name)}
    # Only the shards holding the terms the edit added change: not the other shards, documents or manifest.
    shards = shard_count(len(site.documents))
    new_terms = text_tokens("新增一句关于冬季取暖补贴的说明。", unigrams=False) - text_tokens(target.text, unigrams=False)
    assert changed and changed <= {"assets/search/" + term_shard_path(token_hash(t) % shards) for t in new_terms}
    assert {name for name in after if name not in before} == set()


def test_index_layout_and_manifest(sample_model, tmp_path: Path) -> None:
    site, records = sample_model
    write_search_index(site, records, tmp_path)
    index = tmp_path / "assets/search"
    manifest_text = (index / "m.js").read_text(encoding="utf-8")
    manifest = json.loads(re.fullmatch(r'__sgSearch\("m",0,(.*)\);\n', manifest_text, re.S).group(1))
    assert manifest["n"] == len(site.documents) and manifest["s"] == shard_count(len(site.documents))
    assert len(list((index / "t").rglob("*.js"))) == manifest["s"]     # every shard exists: no failed loads
    assert (index / doc_shard_path(0)).is_file()
    assert ["年报", ["年度报告"], "nianbao", "nb"] in manifest["abbr"]
    assert [y for y, _ in manifest["years"]] == sorted(site.by_year)
    for path in index.rglob("*"):
        rel = path.relative_to(tmp_path).as_posix()
        assert rel.isascii() and all(len(part) <= 64 for part in rel.split("/"))


def test_site_abbreviations_are_validated_and_reach_the_manifest(tmp_path: Path) -> None:
    config = (ROOT / "config.toml").read_text(encoding="utf-8")
    good = tmp_path / "good.toml"
    good.write_text(config + '\n[search.abbreviations]\n"河长" = "河长制"\n"医保" = ["医疗保障"]\n', encoding="utf-8")
    report = Report()
    loaded = load_config(good, report)
    assert not report.has_errors
    assert loaded.search_abbreviations == {"河长": ("河长制",), "医保": ("医疗保障",)}
    bad = tmp_path / "bad.toml"
    bad.write_text(config + '\n[search]\nabbreviations = { "社保" = 3 }\n', encoding="utf-8")
    report = Report()
    load_config(bad, report)
    [error] = [d for d in report.items if d.severity == "error"]
    assert error.field == "abbreviations" and "全称" in error.expected and error.line is not None


def patched_tree(site, before_docs, after_docs, root: Path) -> dict[str, bytes]:
    """The index of before_docs written in full, then patched to after_docs: the files that result."""
    write_index_files(site, before_docs, root)

    def read(path: str) -> str | None:
        target = root / path
        return target.read_text(encoding="utf-8") if target.exists() else None

    old_terms = {d.content_key: d.record.buckets for d in before_docs}
    changes = patch_index(site, after_docs, index_contents(before_docs), read, old_terms.get)
    for path, text in changes.items():
        if text is None:
            (root / path).unlink()
        else:
            (root / path).write_text(text, encoding="utf-8")
    return read_tree(root)


def edited(doc: IndexedDoc, key: str, source: Document, **changes) -> IndexedDoc:
    return IndexedDoc(search_record(dataclasses.replace(source, **changes)), doc.unit, doc.column, key)


def test_the_parallel_writer_writes_what_one_process_writes(sample_model, tmp_path: Path, monkeypatch) -> None:
    site, records = sample_model
    docs = published_in_order(site, records)
    write_index_files(site, docs, tmp_path / "one", workers=1)
    monkeypatch.setattr(index_writer, "PARALLEL_MIN_DOCS", 1)      # the sample is small: force the pool
    write_index_files(site, docs, tmp_path / "two", workers=2)
    assert read_tree(tmp_path / "one") == read_tree(tmp_path / "two")
    assert not list(tmp_path.glob("*/.spool-*"))                   # the spool files are gone


def with_body_terms(site, docs: list[IndexedDoc], monkeypatch, bulk: bool, added: str = "") -> list[IndexedDoc]:
    """The documents with the terms of their bodies too (the site model keeps no body text),
    read as a full build reads them (bulk: the body's own bigrams apart) or as a quick edit does.
    added: text appended to every body."""
    from sitegen.content.loader import read_document
    from sitegen.search import records
    from sitegen.search.bigrams import body_bigram_pairs
    read = [doc for path in sorted((ROOT / "content").rglob("*.md"))
            if (doc := read_document(path, ROOT / "content")[0]) is not None]
    by_index = {d.index_no.upper(): d for d in read}
    with monkeypatch.context() as patch:
        patch.setattr(records, "_bulk_pairs", body_bigram_pairs if bulk else None)
        result = [dataclasses.replace(d, record=search_record(dataclasses.replace(
            by_index[d.record.index_no.upper()], text=by_index[d.record.index_no.upper()].text + added))) for d in docs]
    assert all(len(d.record.buckets) == (PAIRS + 1 if bulk else BUCKETS) for d in result)
    assert not bulk or sum(bool(d.record.buckets[PAIRS]) for d in result) > len(result) // 2
    return result


@pytest.mark.parametrize("big_term", [index_writer.BIG_TERM, 12])     # 12: common terms get their own files
def test_the_index_is_the_same_whether_the_body_bigrams_come_apart_or_not(sample_model, tmp_path: Path, monkeypatch,
                                                                         big_term: int) -> None:
    """A full build writes the body's own bigrams in bulk (numpy), merged with the other terms; a
    quick edit's terms come from Python, all together. The index must not tell them apart."""
    monkeypatch.setattr(index_writer, "BIG_TERM", big_term)
    site, records = sample_model
    # Rare characters in every body: bigrams of the body alone, listed densely (encoding.py).
    docs = with_body_terms(site, published_in_order(site, records), monkeypatch, bulk=False, added="\n鑫淼垚。")
    write_index_files(site, docs, tmp_path / "python")
    expected = read_tree(tmp_path / "python")
    bulk = with_body_terms(site, docs, monkeypatch, bulk=True, added="\n鑫淼垚。")
    write_index_files(site, bulk, tmp_path / "bulk")
    assert read_tree(tmp_path / "bulk") == expected
    monkeypatch.setattr(index_writer, "PARALLEL_MIN_DOCS", 1)      # the pool, and the bigrams spooled a few at a time
    monkeypatch.setattr(index_writer, "PAIRS_BATCH", 500)
    mixed = [doc if number % 3 else bulk[number] for number, doc in enumerate(docs)]
    write_index_files(site, mixed, tmp_path / "mixed", workers=2)
    assert read_tree(tmp_path / "mixed") == expected
    # Both forms of posting list were written (encoding.py), and with 12, files of their own.
    lists = [value for name, data in expected.items() if name.startswith(("assets/search/t/", "assets/search/x/"))
             for value in json.loads(data.decode("utf-8").split(",", 2)[2].rsplit(")", 1)[0]).values()]
    assert any(value.startswith("!") for value in lists) and any(value[0] not in "!@" for value in lists)
    assert any(value.startswith("@") for value in lists) == (big_term == 12)


@pytest.mark.parametrize("big_term", [index_writer.BIG_TERM, 12])     # 12: common terms get their own files
@pytest.mark.parametrize("bulk", [False, True])          # the index first written as a full build does
def test_a_patched_index_is_byte_identical_to_a_full_write(sample_model, tmp_path: Path, monkeypatch,
                                                           big_term: int, bulk: bool) -> None:
    monkeypatch.setattr(index_writer, "BIG_TERM", big_term)
    site, records = sample_model
    docs = with_body_terms(site, published_in_order(site, records), monkeypatch, bulk)
    by_index = {d.index_no.upper(): d for d in site.documents}
    source = [by_index[d.record.index_no.upper()] for d in docs]
    after = list(docs)
    after[3] = edited(docs[3], "k3", source[3], text=source[3].text + "新增一句关于冬季取暖补贴的说明。")
    after[7] = edited(docs[7], "k7", source[7], title="更正：" + source[7].title, keywords=["取暖"])
    after[9] = edited(docs[9], "k9", source[9], text="正文改写为一句话。")        # loses most of its terms
    after[12] = dataclasses.replace(docs[12], column=docs[40].column, unit=docs[40].unit, content_key="k12")
    newest = dataclasses.replace(source[-1], index_no=source[-1].index_no[:-5] + "99999", date="2099-12-31",
                                 title="清河市关于冬季取暖补贴发放的公告")
    after.append(IndexedDoc(search_record(newest), docs[0].unit, docs[0].column, "new"))
    assert shard_count(len(after)) == shard_count(len(docs))

    patched = patched_tree(site, docs, after, tmp_path / "patched")
    write_index_files(site, after, tmp_path / "full")
    full = read_tree(tmp_path / "full")
    assert patched.keys() == full.keys()
    assert [name for name in full if patched[name] != full[name]] == []
    if big_term == 12:
        assert any(name.startswith("assets/search/x/") for name in full)


def test_changes_a_patch_cannot_express_are_refused(sample_model, tmp_path: Path) -> None:
    site, records = sample_model
    docs = published_in_order(site, records)
    write_index_files(site, docs, tmp_path)

    def read(path: str) -> str | None:
        return (tmp_path / path).read_text(encoding="utf-8") if (tmp_path / path).exists() else None

    before = index_contents(docs)
    old_terms = {d.content_key: d.record.buckets for d in docs}.get
    with pytest.raises(PatchImpossible):                  # an item removed: every later id moves
        patch_index(site, docs[:5] + docs[6:], before, read, old_terms)
    changed = list(docs)
    changed[2] = dataclasses.replace(docs[2], content_key="unknown")
    with pytest.raises(PatchImpossible):                  # the old terms are not known any more
        patch_index(site, changed, before, read, lambda key: None)
    by_index = {d.index_no.upper(): d for d in site.documents}
    changed[2] = edited(docs[2], "k2", by_index[docs[2].record.index_no.upper()], text="全新的正文。")
    assert patch_index(site, changed, before, read, old_terms)
    shutil.rmtree(tmp_path / "assets/search/t")
    with pytest.raises(PatchImpossible):                  # the shards the patch needs are gone
        patch_index(site, changed, before, read, old_terms)
