"""Prepare the real-document corpus so the generator can build it.

Usage::

    python bench/prepare_real_corpus.py OUT_DIR [--source DIR]

The real corpus (default ``<repo>/../shared/corpus/real``) is test and
benchmark data: nobody on the team wrote it and it must never be copied into
the repository. As delivered it cannot build (most documents lack 索引号,
some lack 发布机构 or 发布日期), so this script does what staff do when they
migrate an old collection: it declares units and columns and assigns 索引号.
The source is only read. OUT_DIR is deleted and recreated, and receives
``config.toml`` plus ``content/`` with the same relative paths as the source
(``SOURCE.md`` and ``_manifest.json`` are skipped). The output depends only
on the source files, never on the clock, locale or file-system order.

Rules
-----
1. Front-matter is parsed with ``yaml.BaseLoader``, so every scalar stays the
   string that was written (dates, 文号). It is written back with
   ``yaml.safe_dump`` (which quotes strings that would otherwise read as dates
   or numbers); key order is kept and added keys go at the end. The body after
   the closing ``---`` is copied byte for byte. A document is rewritten even
   when nothing was added, so every output file has the same quoting.
2. Missing unit (key absent, blank or not text) -> ``unit: 未注明发布机构``, which is
   declared like any other unit.
3. Missing date (absent or blank), first rule that gives one:
   a. a four-digit ``year`` key -> ``<year>-01-01``;
   b. the first plausible ``YYYY年M月D日`` in the first 15 body lines;
   c. the first plausible ``YYYY年M月D日`` anywhere in the body.
   Plausible = a real calendar day in 1900-2100; ASCII or full-width digits.
   The key ``date_source: year|body`` records which rule applied. When no
   rule applies the document is skipped and listed: a date is never invented.
   Documents without title or category are skipped the same way.
4. written_date later than date is left as is (the generator flags it); the
   summary counts it, with other problems the generator will see.
5. Units: each distinct unit name becomes a flat ``[[units]]`` entry. Its code
   is a generated 18-character 统一社会信用代码: '1' + '1' + region '100000' +
   an organisation code whose 8 digits are ``sha256(name) % 10**8`` with its
   GB 11714 check character, + the GB 32100 check character. If the unit's
   documents that carry an index_no all use one 9- or 18-character prefix,
   that prefix is the code instead. When several units qualify for the same
   prefix (gov.cn numbers every State Council item under 国务院办公厅's
   000014349), the unit with the most such documents gets it (ties: name
   order) and the others get generated codes. Units whose name ends in
   人民代表大会常务委员会 and does not start with 全国 get the parent
   ``地方人大常委会`` (declared with a generated code). Codes are unique: on a
   collision the 8-digit number is increased by one until free.
6. index_no: an existing one is kept (unless it repeats an earlier one,
   case-insensitively, in which case it is reassigned). Otherwise
   ``<unit code>/<year of date>-<NNNNN>`` is assigned, walking documents in
   (date, relative path) order. Serials count per ``<code>/<year>`` namespace
   and continue after the largest serial already used in it, so the kept
   gov.cn numbers are never reused. Uniqueness is checked case-insensitively.
7. Categories: the four standard first-level columns (政府信息公开指南,
   政府信息公开制度, 法定主动公开内容, 政府信息公开年报) come first, then every
   distinct category of the written documents and all its parent prefixes,
   sorted by path segments, which lists every parent before its children.
8. ``[site]`` is fixed: title 真实文档试验目录, site_id_code bm00000001, a
   description saying the content is not the project's, page_size 50,
   latest_count 10.
9. config.toml is written by hand with TOML basic-string escaping and then
   loaded back with ``tomllib``; the script fails if it does not round-trip.
"""
from __future__ import annotations

import argparse
import collections
import datetime
import hashlib
import re
import shutil
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import yaml

# The check characters come from the generator itself, so both agree by construction.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from sitegen.identifiers import org_code_check_char, uscc_check_char  # noqa: E402

DEFAULT_SOURCE = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "real"
SKIPPED_FILES = {"SOURCE.md", "_manifest.json"}

UNKNOWN_UNIT = "未注明发布机构"
LOCAL_NPC_SUFFIX = "人民代表大会常务委员会"
LOCAL_NPC_PARENT = "地方人大常委会"
STANDARD_COLUMNS = ("政府信息公开指南", "政府信息公开制度", "法定主动公开内容", "政府信息公开年报")

SITE = {
    "title": "真实文档试验目录",
    "site_id_code": "bm00000001",
    "description": "用于试验和基准测试的真实公开文档（非本项目内容）",
    "page_size": 50,
    "latest_count": 10,
}

TOP_LINES = 15
MIN_YEAR, MAX_YEAR = 1900, 2100

USCC_HEAD = "11" + "100000"  # registration dept 1, category 1, region 100000

# Front-matter fence; tolerant of CRLF so the body split never eats a byte.
FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)(?:\r?\n)?^---[ \t]*(?:\r?\n|\Z)", re.S | re.M)
BODY_DATE = re.compile(r"(?<![0-9０-９])([0-9０-９]{4})年([0-9０-９]{1,2})月([0-9０-９]{1,2})日")
INDEX_NO = re.compile(r"(.+)/([0-9]{4})-([0-9]+)")
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


@dataclass
class Document:
    rel_path: str
    data: dict
    body: str


@dataclass
class Unit:
    name: str
    code: str = ""
    parent: str | None = None
    code_source: str = "generated"


@dataclass
class Report:
    skipped: list[tuple[str, str]] = field(default_factory=list)
    filled: collections.Counter = field(default_factory=collections.Counter)
    warnings: collections.Counter = field(default_factory=collections.Counter)


# ---------------------------------------------------------------- codes


def uscc_from_number(number: int) -> str:
    org_body = f"{number:08d}"
    head = USCC_HEAD + org_body + org_code_check_char(org_body)
    return head + uscc_check_char(head)


def generated_code(name: str, taken: set[str]) -> str:
    """Hash-derived USCC; step the number on collision so codes stay unique."""
    number = int(hashlib.sha256(name.encode("utf-8")).hexdigest(), 16) % 10**8
    while (code := uscc_from_number(number)).casefold() in taken:
        number = (number + 1) % 10**8
    return code


# ---------------------------------------------------------------- reading


def is_blank(value: object) -> bool:
    return not isinstance(value, str) or not value.strip()


def read_document(path: Path, rel_path: str) -> Document | str:
    """Return the parsed document, or a reason string when it cannot be read."""
    with path.open(encoding="utf-8", newline="") as handle:
        text = handle.read()
    match = FRONT_MATTER.match(text)
    if not match:
        return "no front-matter block"
    try:
        data = yaml.load(match.group(1), Loader=yaml.BaseLoader)
    except yaml.YAMLError as error:
        return f"front-matter is not YAML ({error.__class__.__name__})"
    if data is None:
        data = {}
    if not isinstance(data, dict):
        return "front-matter is not a mapping"
    return Document(rel_path, data, text[match.end():])


def source_files(source: Path) -> list[tuple[str, Path]]:
    files = []
    for path in source.rglob("*"):
        rel = path.relative_to(source).as_posix()
        if path.is_file() and rel not in SKIPPED_FILES and path.suffix == ".md":
            files.append((rel, path))
    return sorted(files)  # fixed order: output must not depend on the file system


# ---------------------------------------------------------------- dates


def plausible_date(year: str, month: str, day: str) -> str | None:
    try:
        value = datetime.date(int(year), int(month), int(day))  # int() reads full-width digits
    except ValueError:
        return None
    return value.isoformat() if MIN_YEAR <= value.year <= MAX_YEAR else None


def first_body_date(text: str) -> str | None:
    for match in BODY_DATE.finditer(text):
        if found := plausible_date(*match.groups()):
            return found
    return None


def is_valid_iso(value: object) -> bool:
    if not isinstance(value, str) or not ISO_DATE.fullmatch(value):
        return False
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def set_field(doc: Document, key: str, value: str) -> None:
    # dict order does the work: an existing (blank) key keeps its place, a new key goes last.
    doc.data[key] = value


def fill_date(doc: Document, report: Report) -> bool:
    """Apply rule 3; False when no date can be found without inventing one."""
    if not is_blank(doc.data.get("date")):
        return True
    year = doc.data.get("year")
    if isinstance(year, str) and re.fullmatch(r"[0-9]{4}", year.strip()):
        set_field(doc, "date", f"{year.strip()}-01-01")
        set_field(doc, "date_source", "year")
        report.filled["date from year"] += 1
        return True
    top = "\n".join(doc.body.splitlines()[:TOP_LINES])
    for label, text in (("top 15 body lines", top), ("anywhere in body", doc.body)):
        if found := first_body_date(text):
            set_field(doc, "date", found)
            set_field(doc, "date_source", "body")
            report.filled[f"date from body ({label})"] += 1
            return True
    return False


def prepare_document(doc: Document, report: Report) -> str | None:
    """Rules 2 and 3; returns a skip reason or None."""
    for key in ("title", "category"):
        if is_blank(doc.data.get(key)):
            return f"no {key}"
    if is_blank(doc.data.get("unit")):
        set_field(doc, "unit", UNKNOWN_UNIT)
        report.filled["unit = " + UNKNOWN_UNIT] += 1
    if not fill_date(doc, report):
        return "no date, no year, no YYYY年M月D日 in body"
    return None


# ---------------------------------------------------------------- units


def index_prefix(value: object) -> str | None:
    if is_blank(value):
        return None
    match = INDEX_NO.fullmatch(value.strip())
    return match.group(1) if match else None


def prefix_candidates(docs: list[Document]) -> dict[str, tuple[str, int]]:
    """Unit -> (prefix, count) when all its numbered documents share one prefix."""
    prefixes: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for doc in docs:
        if prefix := index_prefix(doc.data.get("index_no")):
            prefixes[doc.data["unit"]][prefix] += 1
    candidates = {}
    for unit, counter in prefixes.items():
        (prefix, count), = counter.most_common(1)
        if len(counter) == 1 and len(prefix) in (9, 18):
            candidates[unit] = (prefix, count)
    return candidates


def build_units(docs: list[Document]) -> dict[str, Unit]:
    names = sorted({doc.data["unit"] for doc in docs})
    units = {name: Unit(name) for name in names}
    for unit in units.values():
        if unit.name.endswith(LOCAL_NPC_SUFFIX) and not unit.name.startswith("全国"):
            unit.parent = LOCAL_NPC_PARENT
    if any(unit.parent for unit in units.values()):
        units[LOCAL_NPC_PARENT] = Unit(LOCAL_NPC_PARENT)

    taken: set[str] = set()
    # One prefix, one unit: the unit that used it most keeps it (ties: name order).
    ranked = sorted(prefix_candidates(docs).items(), key=lambda item: (-item[1][1], item[0]))
    for name, (prefix, _count) in ranked:
        if prefix.casefold() not in taken:
            units[name].code, units[name].code_source = prefix, "existing index_no"
            taken.add(prefix.casefold())
    for name in sorted(units):
        if not units[name].code:
            units[name].code = generated_code(name, taken)
            taken.add(units[name].code.casefold())
    return units


# ---------------------------------------------------------------- index_no


def keep_existing_numbers(docs: list[Document], report: Report) -> tuple[set[str], dict]:
    """Register kept index_no values; returns used keys and max serial per namespace."""
    used: set[str] = set()
    max_serial: dict[tuple[str, str], int] = collections.defaultdict(int)
    for doc in docs:  # path order decides which duplicate keeps its number
        value = doc.data.get("index_no")
        if is_blank(value):
            continue
        if value.casefold() in used:
            doc.data["index_no"] = ""  # reassigned below
            report.warnings["duplicate index_no reassigned"] += 1
            continue
        used.add(value.casefold())
        report.filled["index_no kept"] += 1
        if match := INDEX_NO.fullmatch(value.strip()):
            namespace = (match.group(1).casefold(), match.group(2))
            max_serial[namespace] = max(max_serial[namespace], int(match.group(3)))
    return used, max_serial


def assign_index_numbers(docs: list[Document], units: dict[str, Unit], report: Report) -> None:
    used, max_serial = keep_existing_numbers(docs, report)
    pending = [doc for doc in docs if is_blank(doc.data.get("index_no"))]
    for doc in sorted(pending, key=lambda d: (d.data["date"], d.rel_path)):
        code, year = units[doc.data["unit"]].code, doc.data["date"][:4]
        namespace = (code.casefold(), year)
        serial = max_serial[namespace] + 1
        while (value := f"{code}/{year}-{serial:05d}").casefold() in used:
            serial += 1
        used.add(value.casefold())
        max_serial[namespace] = serial
        set_field(doc, "index_no", value)
        report.filled["index_no assigned"] += 1


# ---------------------------------------------------------------- categories


def category_paths(docs: list[Document]) -> list[str]:
    paths: set[str] = set()
    for doc in docs:
        parts = doc.data["category"].split("/")
        paths.update("/".join(parts[:depth]) for depth in range(1, len(parts) + 1))
    rest = sorted(paths - set(STANDARD_COLUMNS), key=lambda path: path.split("/"))
    return list(STANDARD_COLUMNS) + rest


# ---------------------------------------------------------------- checks


def collect_warnings(docs: list[Document], units: dict[str, Unit], report: Report) -> None:
    """Count what the generator's validation will complain about; nothing is changed."""
    titles = collections.Counter(doc.data["title"] for doc in docs)
    report.warnings["documents sharing a title with another"] = sum(n for n in titles.values() if n > 1)
    for doc in docs:
        data = doc.data
        for key in ("date", "written_date", "abolished_date"):
            if key in data and not is_valid_iso(data[key]):
                report.warnings[f"{key} not a real YYYY-MM-DD"] += 1
        if is_valid_iso(data.get("written_date")) and is_valid_iso(data["date"]):
            if data["written_date"] > data["date"]:
                report.warnings["written_date after date"] += 1
        if data.get("validity") in ("失效", "废止") and is_blank(data.get("abolished_date")):
            report.warnings["validity 失效/废止 without abolished_date"] += 1
        if "\n" in data["title"] or "  " in data["title"]:
            report.warnings["title with line break or double space"] += 1
        prefix = index_prefix(data.get("index_no"))
        if prefix and prefix.casefold() != units[data["unit"]].code.casefold():
            report.warnings["kept index_no prefix differs from unit code"] += 1
        match = INDEX_NO.fullmatch(data.get("index_no", ""))
        if match and match.group(2) != data["date"][:4]:
            report.warnings["index_no year differs from date year"] += 1


# ---------------------------------------------------------------- writing


def toml_string(value: str) -> str:
    escapes = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}
    out = []
    for char in value:
        if char in escapes:
            out.append(escapes[char])
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04X}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def toml_value(value: object) -> str:
    return str(value) if isinstance(value, int) else toml_string(str(value))


def render_config(units: dict[str, Unit], categories: list[str]) -> str:
    lines = [
        "# Generated by bench/prepare_real_corpus.py from the real-document corpus.",
        "# Test and benchmark data only: not this project's content.",
        "",
        "[site]",
    ]
    lines += [f"{key} = {toml_value(value)}" for key, value in SITE.items()]
    # Parents first, then children, each group in name order.
    for unit in sorted(units.values(), key=lambda u: (u.parent is not None, u.name)):
        lines += ["", "[[units]]", f"name = {toml_string(unit.name)}", f"code = {toml_string(unit.code)}"]
        if unit.parent:
            lines.append(f"parent = {toml_string(unit.parent)}")
    for path in categories:
        lines += ["", "[[categories]]", f"path = {toml_string(path)}"]
    return "\n".join(lines) + "\n"


def verify_config(text: str, units: dict[str, Unit], categories: list[str]) -> None:
    """The config is hand-written, so prove it parses back to what was meant."""
    parsed = tomllib.loads(text)
    if parsed["site"] != SITE:
        raise SystemExit("config.toml: [site] does not round-trip")
    written = {(u["name"], u["code"], u.get("parent")) for u in parsed["units"]}
    if written != {(u.name, u.code, u.parent) for u in units.values()}:
        raise SystemExit("config.toml: [[units]] do not round-trip")
    if [c["path"] for c in parsed["categories"]] != categories:
        raise SystemExit("config.toml: [[categories]] do not round-trip")


def render_document(doc: Document) -> str:
    front = yaml.safe_dump(doc.data, allow_unicode=True, sort_keys=False, default_flow_style=False, width=10**6)
    # Guard rule 1: every value must read back as the same string.
    if yaml.load(front, Loader=yaml.BaseLoader) != doc.data:
        raise SystemExit(f"{doc.rel_path}: front-matter does not round-trip")
    return f"---\n{front}---\n{doc.body}"


def write_documents(rendered: dict[str, str], content_dir: Path) -> None:
    for rel_path, text in rendered.items():
        target = content_dir / rel_path
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("w", encoding="utf-8", newline="") as handle:
            handle.write(text)


def reset_output(out_dir: Path, source: Path) -> None:
    # rmtree is destructive, and the real texts must stay out of the repository
    # and out of the source: refuse any folder that overlaps either.
    resolved = out_dir.resolve()
    for protected in (source.resolve(), Path(__file__).resolve().parents[1]):
        if resolved == protected or protected in resolved.parents or resolved in protected.parents:
            raise SystemExit(f"refusing to use {out_dir}: it overlaps {protected}")
    if resolved.is_file():
        raise SystemExit(f"{out_dir} is a file")
    if resolved.exists():
        shutil.rmtree(resolved)
    (resolved / "content").mkdir(parents=True)


# ---------------------------------------------------------------- main


def load_corpus(source: Path, report: Report) -> list[Document]:
    docs = []
    for rel_path, path in source_files(source):
        result = read_document(path, rel_path)
        if isinstance(result, str):
            report.skipped.append((rel_path, result))
        elif reason := prepare_document(result, report):
            report.skipped.append((rel_path, reason))
        else:
            docs.append(result)
    return docs


def print_summary(docs: list[Document], units: dict[str, Unit], categories: list[str], report: Report) -> None:
    from_prefix = sum(1 for u in units.values() if u.code_source != "generated")
    print(f"documents written: {len(docs)}")
    print(f"documents skipped: {len(report.skipped)}")
    for rel_path, reason in report.skipped:
        print(f"  {rel_path}: {reason}")
    print(f"units: {len(units)} ({from_prefix} code from existing index_no, {len(units) - from_prefix} generated)")
    for unit in units.values():
        if unit.code_source != "generated":
            print(f"  {unit.name} = {unit.code} (from existing index_no)")
    print(f"categories: {len(categories)}")
    print("fields filled:")
    for key, count in sorted(report.filled.items()):
        print(f"  {key}: {count}")
    print("left as is (the generator will see these):")
    for key, count in sorted(report.warnings.items()):
        if count:
            print(f"  {key}: {count}")


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path, help="folder to (re)create with config.toml and content/")
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE, help="real corpus folder (read only)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if not (args.source / "SOURCE.md").is_file():
        raise SystemExit(f"{args.source} does not look like the real corpus (no SOURCE.md)")
    report = Report()
    docs = load_corpus(args.source, report)
    units = build_units(docs)
    assign_index_numbers(docs, units, report)
    categories = category_paths(docs)
    collect_warnings(docs, units, report)
    config = render_config(units, categories)
    verify_config(config, units, categories)
    # Render everything before deleting OUT_DIR, so a failure leaves it untouched.
    rendered = {doc.rel_path: render_document(doc) for doc in docs}

    reset_output(args.out_dir, args.source)
    (args.out_dir / "config.toml").write_text(config, encoding="utf-8")
    write_documents(rendered, args.out_dir / "content")
    print_summary(docs, units, categories, report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
