"""栏目 as a tree in the order the config writes them; undeclared parents are created."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from ..config import CategorySpec, did_you_mean
from ..diagnostics import Report
from ..slugs import initials_slug, uniquify

# Folder names a column may not take, because list pages use them beside child columns.
RESERVED_PREFIXES = ("u-", "page-")


@dataclass(eq=False)
class Category:
    path: str            # 法定主动公开内容/财政信息/预决算
    name: str            # 预决算
    slug: str            # one path component
    description: str = ""
    parent: "Category | None" = None
    children: list["Category"] = field(default_factory=list)

    @cached_property
    def dir(self) -> str:
        """Output folder: columns/fdzdgknr/czxx/yjs"""
        parts, node = [], self
        while node is not None:
            parts.append(node.slug)
            node = node.parent
        return "columns/" + "/".join(reversed(parts))

    @cached_property
    def url(self) -> str:
        return f"{self.dir}/index.html"

    @property
    def lineage(self) -> list["Category"]:
        """From the top-level column down to this one."""
        chain, node = [], self
        while node is not None:
            chain.append(node)
            node = node.parent
        return chain[::-1]

    @property
    def depth(self) -> int:
        return len(self.lineage) - 1

    def walk(self) -> list["Category"]:
        result = [self]
        for child in self.children:
            result.extend(child.walk())
        return result

    def __repr__(self) -> str:
        return f"Category({self.path!r})"


class CategoryTree:
    def __init__(self, roots: list[Category]):
        self.roots = roots
        self.ordered = [c for root in roots for c in root.walk()]
        self.by_path = {c.path: c for c in self.ordered}

    def get(self, path: str) -> Category | None:
        return self.by_path.get(normalise_path(path))

    def suggest(self, path: str) -> str | None:
        exact_leaf = [p for p in self.by_path if p.rsplit("/", 1)[-1] == path.rsplit("/", 1)[-1]]
        if len(exact_leaf) == 1:
            return f"您是不是要写“{exact_leaf[0]}”？"
        return did_you_mean(normalise_path(path), list(self.by_path))

    def __iter__(self):
        return iter(self.ordered)

    def __len__(self) -> int:
        return len(self.ordered)


def normalise_path(path: str) -> str:
    # Staff type full-width slashes and stray spaces; the column is still meant.
    return "/".join(part.strip() for part in path.replace("／", "/").split("/") if part.strip())


def build_category_tree(specs: list[CategorySpec], file: str, report: Report) -> CategoryTree:
    by_path: dict[str, Category] = {}
    roots: list[Category] = []
    slugs_by_parent: dict[str, set[str]] = {}

    spec_for: dict[str, CategorySpec] = {}
    for spec in specs:
        spec_for.setdefault(normalise_path(spec.path), spec)

    def ensure(path: str) -> Category:
        if path in by_path:
            return by_path[path]
        spec = spec_for.get(path)
        parent_path, _, name = path.rpartition("/")
        parent = ensure(parent_path) if parent_path else None
        siblings = slugs_by_parent.setdefault(parent_path, set())
        wanted = spec.slug if spec and spec.slug else ""
        if wanted:
            if wanted in siblings or wanted.startswith(RESERVED_PREFIXES):
                report.error("category-slug", file, f"栏目“{path}”的文件夹名“{wanted}”与同级栏目重复或使用了保留前缀",
                             line=spec.line if spec else None, field="slug",
                             expected="同级栏目之间互不相同，且不以 u- 或 page- 开头")
            siblings.add(wanted)
            slug = wanted
        else:
            base = initials_slug(name)
            if base.startswith(RESERVED_PREFIXES):
                base = "c-" + base
            slug = uniquify(base, siblings)
        node = Category(path=path, name=name, slug=slug, description=spec.description if spec else "",
                        parent=parent)
        by_path[path] = node
        (parent.children if parent else roots).append(node)
        return node

    declared: set[str] = set()
    for spec in specs:
        path = normalise_path(spec.path)
        if path in declared:
            report.error("category-duplicate", file, f"栏目“{path}”重复声明", line=spec.line, field="path",
                         expected="每个 [[categories]] 的 path 互不相同")
            continue
        declared.add(path)
        ensure(path)
    return CategoryTree(roots)
