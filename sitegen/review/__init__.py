"""Pre-publication review (保密审查): 先审查、后公开.

One concern per module:

- personal_data: 身份证号, mobile numbers and bank cards in a line of text
- secrecy: 密级 marks (秘密★…) and not-for-publication headers (内部资料…)
- masking: masked forms and excerpts; nothing here ever returns a full number
- scan: per-file scanning (pure, runs in worker processes) -> Finding
- waivers: per-item acceptance of one named finding by a reviewer
- disclosure, index_numbers, doc_number_checks, timeliness, column_health, reviewers:
  site-level checks over the site model
- site_review: runs them all and turns findings into Diagnostics
- report_html, summary: what staff read

This package's __init__ imports nothing, so diagnostics.py can use review.redact.
"""
