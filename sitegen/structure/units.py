"""发布机构 as a tree, with ASCII folder names and pinyin ordering."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..config import UnitSpec, did_you_mean
from ..diagnostics import Report
from ..identifiers import is_valid_unit_code
from ..slugs import initials_slug, pinyin_key, uniquify


@dataclass(eq=False)
class Unit:
    name: str
    code: str
    slug: str
    description: str = ""
    former_codes: tuple[str, ...] = ()
    order: int | None = None
    parent: "Unit | None" = None
    children: list["Unit"] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"units/{self.slug}/index.html"

    @property
    def ancestors(self) -> list["Unit"]:
        """From the root down to the parent."""
        chain, node = [], self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return chain[::-1]

    @property
    def depth(self) -> int:
        return len(self.ancestors)

    @property
    def codes(self) -> tuple[str, ...]:
        return (self.code, *self.former_codes)

    def walk(self) -> list["Unit"]:
        result = [self]
        for child in self.children:
            result.extend(child.walk())
        return result

    def __repr__(self) -> str:
        return f"Unit({self.name!r})"


class UnitTree:
    def __init__(self, roots: list[Unit]):
        self.roots = roots
        self.ordered: list[Unit] = [u for root in roots for u in root.walk()]
        self.by_name = {u.name: u for u in self.ordered}

    def get(self, name: str) -> Unit | None:
        return self.by_name.get(name)

    def suggest(self, name: str) -> str | None:
        return did_you_mean(name, list(self.by_name))

    def __iter__(self):
        return iter(self.ordered)

    def __len__(self) -> int:
        return len(self.ordered)


def _sort_siblings(units: list[Unit]) -> list[Unit]:
    # Configured order first; otherwise pinyin order, as readers expect.
    return sorted(units, key=lambda u: (u.order is None, u.order or 0, pinyin_key(u.name)))


def build_unit_tree(specs: list[UnitSpec], file: str, report: Report) -> UnitTree:
    units: dict[str, Unit] = {}
    spec_by_name: dict[str, UnitSpec] = {}
    taken_slugs: set[str] = set()
    codes: dict[str, str] = {}

    # Explicit slugs are claimed first so generated ones never steal them.
    for spec in specs:
        if spec.slug:
            if spec.slug in taken_slugs:
                report.error("unit-slug-duplicate", file, f"机构文件夹名“{spec.slug}”重复", line=spec.line,
                             field="slug", expected="每个机构的 slug 互不相同")
            taken_slugs.add(spec.slug)

    for spec in specs:
        if spec.name in units:
            report.error("unit-duplicate", file, f"发布机构“{spec.name}”重复声明", line=spec.line,
                         field="name", expected="每个 [[units]] 的 name 互不相同")
            continue
        upper = spec.code.upper()
        if upper in codes:
            report.error("unit-code-duplicate", file,
                         f"“{spec.name}”的索引号前段码 {spec.code} 与“{codes[upper]}”相同",
                         line=spec.line, field="code", expected="每个机构使用自己的组织机构代码或统一社会信用代码")
        codes[upper] = spec.name
        if not is_valid_unit_code(upper):
            report.warning("unit-code-checksum", file,
                           f"“{spec.name}”的前段码 {spec.code} 不是校验位正确的组织机构代码（9 位）或统一社会信用代码（18 位）",
                           line=spec.line, field="code",
                           expected="GB 11714 / GB 32100 校验位正确的代码；早期试点代码可能不符，核实后可忽略")
        slug = spec.slug or uniquify(initials_slug(spec.name), taken_slugs)
        units[spec.name] = Unit(name=spec.name, code=spec.code, slug=slug, description=spec.description,
                                former_codes=spec.former_codes, order=spec.order)
        spec_by_name[spec.name] = spec

    roots: list[Unit] = []
    for name, unit in units.items():
        spec = spec_by_name[name]
        if not spec.parent:
            roots.append(unit)
            continue
        parent = units.get(spec.parent)
        if parent is None:
            report.error("unit-parent-unknown", file, f"“{name}”的上级机构“{spec.parent}”没有声明",
                         line=spec.line, field="parent", expected="已在 [[units]] 中声明的机构名称",
                         hint=did_you_mean(spec.parent, list(units)))
            roots.append(unit)
            continue
        unit.parent = parent
        parent.children.append(unit)

    # A cycle leaves units unreachable from any root.
    reachable = {id(u) for root in roots for u in root.walk()}
    for name, unit in units.items():
        if id(unit) not in reachable:
            report.error("unit-parent-cycle", file, f"“{name}”的上级机构形成循环", line=spec_by_name[name].line,
                         field="parent", expected="机构树从最上级机构向下，不能互为上级")
            unit.parent = None
            roots.append(unit)

    def sort_tree(nodes: list[Unit]) -> list[Unit]:
        for node in nodes:
            node.children = sort_tree(node.children)
        return _sort_siblings(nodes)

    return UnitTree(sort_tree(roots))
