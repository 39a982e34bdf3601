"""README.txt: the short 使用说明 at the top of the offline edition.

Plain text, UTF-8 with a byte-order mark and Windows line ends, so that
Notepad on an old office PC shows it correctly.
"""
from __future__ import annotations

from pathlib import Path

README = "README.txt"

TEXT = """\
{title} —— 离线版使用说明

本文件夹（光盘、U 盘）是“{title}”政府信息公开目录的完整离线副本，
共 {count} 条主动公开的政府信息，收录至 {date}。不需要联网，也不需要安装任何软件。

一、打开
    双击本文件夹中的 index.html，用浏览器打开即可浏览。
    建议使用较新版本的 Edge、Chrome、Firefox 或 360 安全浏览器（极速模式）。
    收到的是 .zip 压缩包时，请先“全部解压缩”，再打开解压出来的 index.html；
    直接在压缩包里双击打开，页面之间的链接可能无法使用。

二、查找
    可以按发布机构、栏目和年份逐级浏览；页面顶部的搜索框可按标题、文号、
    索引号或关键词检索，离线时同样可用。

三、核对文件是否完整
    SHA256SUMS 记录了每个文件的 SHA-256 校验值，以下任选一种方法核对：
    1. 用浏览器打开 verify.html，按提示选择本文件夹（index.html 所在的文件夹）。
    2. 已安装 Python 3 的电脑：在本文件夹中运行 python3 verify.py
       （Windows 为 py verify.py）。
    3. Linux：在本文件夹中运行 sha256sum -c SHA256SUMS。

四、文件说明
    index.html    首页
    verify.html   在浏览器中核对文件
    verify.py     核对文件的 Python 脚本
    SHA256SUMS    全部文件的 SHA-256 校验清单
    README.txt    本说明
"""


def write_readme(root: Path, title: str, count: int, date: str) -> None:
    body = TEXT.format(title=title, count=count, date=date)
    (root / README).write_bytes(b"\xef\xbb\xbf" + body.replace("\n", "\r\n").encode("utf-8"))
