#!/usr/bin/env python3
"""核对本离线版的文件是否完整、未被改动（与 SHA256SUMS 逐一比对）。

用法：在本文件夹中运行 python3 verify.py（Windows：py verify.py）；
也可以写上要核对的文件夹：python3 verify.py D:\\
只用 Python 自带的模块，Python 3.6 以上均可运行。退出码：0 全部一致，1 有缺失或不一致。
"""
import hashlib
import os
import sys

MANIFEST = "SHA256SUMS"


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def main(argv):
    root = argv[1] if len(argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    manifest = os.path.join(root, MANIFEST)
    if not os.path.isfile(manifest):
        print("找不到校验清单 {}，无法核对。".format(manifest))
        return 1
    expected = {}
    with open(manifest, encoding="utf-8") as handle:
        for line in handle:
            line = line.rstrip("\r\n")
            if line:
                digest, _, name = line.partition("  ")
                expected[name.lstrip("*")] = digest.lower()
    missing, changed = [], []
    for number, (name, digest) in enumerate(sorted(expected.items()), 1):
        path = os.path.join(root, *name.split("/"))
        if not os.path.isfile(path):
            missing.append(name)
        elif sha256_of(path) != digest:
            changed.append(name)
        if number % 500 == 0:
            print("已核对 {}/{} 个文件……".format(number, len(expected)))
    extra = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            rel = os.path.relpath(os.path.join(folder, name), root).replace(os.sep, "/")
            if rel != MANIFEST and not name.startswith(".") and rel not in expected:
                extra.append(rel)
    for name in missing:
        print("缺少文件：" + name)
    for name in changed:
        print("内容不一致：" + name)
    for name in sorted(extra):
        print("清单之外的文件（不影响使用）：" + name)
    if missing or changed:
        print("核对未通过：共 {} 个文件，缺少 {} 个，内容不一致 {} 个。".format(len(expected), len(missing), len(changed)))
        return 1
    print("核对通过：全部 {} 个文件完整无误。".format(len(expected)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
