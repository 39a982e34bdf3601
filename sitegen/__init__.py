"""sitegen: a static-site generator for 政府信息公开目录 (government disclosure catalogues)."""

__version__ = "0.1.0"
