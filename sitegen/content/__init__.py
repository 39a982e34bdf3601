"""Reading content files: front-matter, fields, Markdown bodies."""
