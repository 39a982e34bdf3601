"""Turn a generated catalogue into an equivalent Hugo site, for a side-by-side benchmark.

Usage::

    python bench/hugo_site.py CORPUS_DIR HUGO_DIR

Every item becomes a Hugo page with the same body and metadata, and Hugo
builds what our catalogue has at its core: a page per item with its metadata
table, a paginated list (20 per page) per unit and per column (as taxonomies),
a yearly archive section and the home page. Hugo does not build the 关怀版
twin or a search index; we do, so the comparison is conservative for us.
"""
from __future__ import annotations

import argparse
import shutil
import sys
import tomllib
from pathlib import Path

import yaml   # PyYAML comes with python-frontmatter

LAYOUT_BASE = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{{ .Title }} - {{ site.Title }}</title></head>
<body><header><a href="{{ "/" | relURL }}">{{ site.Title }}</a></header>
<main>{{ block "main" . }}{{ end }}</main></body></html>
"""
LAYOUT_SINGLE = """{{ define "main" }}<h1>{{ .Title }}</h1>
<table><tr><th>索引号</th><td>{{ .Params.index_no }}</td><th>发布机构</th><td>{{ .Params.unit }}</td></tr>
<tr><th>栏目</th><td>{{ .Params.category }}</td><th>发布日期</th><td>{{ .Date.Format "2006-01-02" }}</td></tr>
<tr><th>文号</th><td>{{ .Params.doc_no }}</td><th>主题分类</th><td>{{ .Params.topic }}</td></tr></table>
{{ .Content }}
{{ with .PrevInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}
{{ with .NextInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}
{{ end }}
"""
LAYOUT_LIST = """{{ define "main" }}<h1>{{ .Title }}</h1>
{{ $pager := .Paginate .Pages 20 }}
<table>{{ range $pager.Pages }}<tr><td>{{ .Params.index_no }}</td><td><a href="{{ .RelPermalink }}">{{ .Title }}</a></td>
<td>{{ .Params.unit }}</td><td>{{ .Date.Format "2006-01-02" }}</td></tr>{{ end }}</table>
{{ with $pager.Prev }}<a href="{{ .URL }}">上一页</a>{{ end }}{{ with $pager.Next }}<a href="{{ .URL }}">下一页</a>{{ end }}
{{ end }}
"""
LAYOUT_TERMS = """{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Data.Terms.ByCount }}
<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> {{ .Count }}</li>{{ end }}</ul>{{ end }}
"""
LAYOUT_HOME = """{{ define "main" }}<h1>{{ site.Title }}</h1><ul>{{ range first 10 site.RegularPages.ByDate.Reverse }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}
"""


def convert(corpus: Path, out: Path) -> int:
    config = tomllib.loads((corpus / "config.toml").read_text(encoding="utf-8"))
    if out.exists():
        shutil.rmtree(out)
    (out / "layouts" / "_default").mkdir(parents=True)
    (out / "hugo.toml").write_text(
        f'title = "{config["site"]["title"]}"\nbaseURL = "/"\nrelativeURLs = true\nuglyURLs = false\n'
        'disableKinds = ["RSS", "sitemap", "robotsTXT"]\n[taxonomies]\n  unit = "units"\n  column = "columns"\n'
        '[pagination]\n  pagerSize = 20\n', encoding="utf-8")
    layouts = out / "layouts" / "_default"
    for name, text in {"baseof.html": LAYOUT_BASE, "single.html": LAYOUT_SINGLE, "list.html": LAYOUT_LIST,
                       "terms.html": LAYOUT_TERMS}.items():
        (layouts / name).write_text(text, encoding="utf-8")
    (out / "layouts" / "index.html").write_text(LAYOUT_BASE.replace('{{ block "main" . }}{{ end }}', "")
                                                 + LAYOUT_HOME, encoding="utf-8")
    count = 0
    for source in sorted((corpus / "content").rglob("*.md")):
        text = source.read_text(encoding="utf-8")
        _, head, body = text.split("---\n", 2)
        meta = yaml.load(head, Loader=yaml.BaseLoader)
        year = meta["date"][:4]
        front = {"title": meta["title"], "date": meta["date"], "index_no": meta["index_no"],
                 "unit": meta["unit"], "category": meta["category"], "doc_no": meta.get("doc_no", ""),
                 "topic": meta.get("topic", ""), "units": [meta["unit"]],
                 "columns": [meta["category"].split("/")[-1]]}
        target = out / "content" / year / source.relative_to(corpus / "content")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text("---\n" + yaml.safe_dump(front, allow_unicode=True) + "---\n" + body, encoding="utf-8")
        count += 1
    return count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("out", type=Path)
    args = parser.parse_args(argv)
    print(f"{convert(args.corpus, args.out)} pages written to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
