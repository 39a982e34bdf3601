"""python build.py init: start a new catalogue with the standard column skeleton."""
from __future__ import annotations

import argparse
import datetime as dt
import sys

from ..skeleton import CONFIG_TEMPLATE, EXAMPLE_ITEM, columns_toml

HELP = "新建一个目录：生成带标准政府信息公开栏目的 config.toml 和一条示例信息"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--title", default="政府信息公开", help="网站名称")
    parser.add_argument("--site-id-code", default="0000000000", help="网站标识码（10 位）")
    parser.add_argument("--unit", default="某某人民政府", help="发布机构全称")
    parser.add_argument("--code", default="000000000", help="索引号前段码（组织机构代码或统一社会信用代码）")


def run(args: argparse.Namespace) -> int:
    if args.config.exists():
        print(f"{args.config} 已存在，为免覆盖已停止。", file=sys.stderr)
        return 1
    args.config.parent.mkdir(parents=True, exist_ok=True)
    args.config.write_text(CONFIG_TEMPLATE.format(
        title=args.title, site_id_code=args.site_id_code, unit=args.unit, code=args.code,
        columns=columns_toml()), encoding="utf-8")
    today = dt.date.today()
    example = args.content / "guide.md"
    if not example.exists():
        example.parent.mkdir(parents=True, exist_ok=True)
        example.write_text(EXAMPLE_ITEM.format(unit=args.unit, code=args.code, year=today.year,
                                               date=today.isoformat()), encoding="utf-8")
    print(f"已创建 {args.config} 和 {example}。下一步：修改配置中的机构和代码，然后运行 python build.py")
    return 0
