"""The standard 政府信息公开 column skeleton a new site starts from.

The four first-level columns of 国办公开办函〔2019〕61号, with 法定主动公开内容
broken down by the 15 items of 条例 第二十条 (names shortened as sites commonly do).
"""
from __future__ import annotations

STANDARD_COLUMNS: tuple[str, ...] = (
    "政府信息公开指南",
    "政府信息公开制度",
    "法定主动公开内容",
    "法定主动公开内容/政策文件",            # 第二十条（一）
    "法定主动公开内容/政策文件/规章",
    "法定主动公开内容/政策文件/行政规范性文件",
    "法定主动公开内容/政策文件/废止和失效文件",
    "法定主动公开内容/政策解读",
    "法定主动公开内容/机构职能",            # （二）
    "法定主动公开内容/规划信息",            # （三）
    "法定主动公开内容/统计信息",            # （四）
    "法定主动公开内容/行政许可",            # （五）
    "法定主动公开内容/行政处罚和行政强制",  # （六）
    "法定主动公开内容/财政预决算",          # （七）
    "法定主动公开内容/行政事业性收费",      # （八）
    "法定主动公开内容/政府采购",            # （九）
    "法定主动公开内容/重大建设项目",        # （十）
    "法定主动公开内容/民生保障",            # （十一）扶贫、教育、医疗、社会保障、促进就业
    "法定主动公开内容/应急管理",            # （十二）
    "法定主动公开内容/监督检查",            # （十三）
    "法定主动公开内容/公务员招考",          # （十四）
    "法定主动公开内容/其他法定公开信息",    # （十五）
    "政府信息公开年报",
)

CONFIG_TEMPLATE = '''# 政府信息公开目录配置。各项说明见 README.md（配置文件）。

[site]
title = "{title}"              # 网站名称（SiteName）
site_id_code = "{site_id_code}"   # 网站标识码：6 位行政区划代码 + 4 位数字
domain = ""                   # 网站域名（SiteDomain），可不填
description = ""
page_size = 20
latest_count = 10

# 发布机构。code 为索引号前段码（组织机构代码或统一社会信用代码）。
[[units]]
name = "{unit}"
code = "{code}"

# 栏目：标准的政府信息公开栏目，可按需增删、调整顺序。
{columns}
'''

EXAMPLE_ITEM = '''---
title: {unit}政府信息公开指南
index_no: "{code}/{year}-00001"
unit: {unit}
category: 政府信息公开指南
date: {date}
genre: 其他
---
## 一、主动公开

本机关主动公开的政府信息，在本目录中按栏目发布。

## 二、依申请公开

公民、法人或者其他组织可以书面形式向本机关申请获取相关政府信息。
'''


def columns_toml() -> str:
    return "\n".join(f'[[categories]]\npath = "{path}"\n' for path in STANDARD_COLUMNS)
