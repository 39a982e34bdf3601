"""Measuring pages in real Chromium: axe-core audits and computed-style checks.

The JavaScript here runs inside the page under test; it only reads the page.
"""
from __future__ import annotations

from .conftest import ROOT

AXE = ROOT / "node_modules/axe-core/axe.min.js"
WCAG_AA_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

# axe-core over the whole document; violations of any impact, summarised for a readable failure.
RUN_AXE = """async (tags) => {
  // preload off: axe would re-read stylesheets with XMLHttpRequest, which file:// forbids.
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations'], preload: false});
  return result.violations.map(v => `${v.id} (${v.impact}): ${v.help} @ ` +
    v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '));
}"""


def axe_violations(page, tags: list[str] = WCAG_AA_TAGS) -> list[str]:
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    return page.evaluate(RUN_AXE, tags)


# Every visible element that holds text of its own, with what a reader sees of it.
TEXT_STYLES = """() => {
  const parse = (c) => { const m = c.match(/[\\d.]+/g).map(Number); return m.length === 3 ? [...m, 1] : m; };
  const lum = ([r, g, b]) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
  const over = (top, under) => { const a = top[3]; return [0, 1, 2].map(i => top[i] * a + under[i] * (1 - a)).concat(1); };
  const background = (el) => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c[3] > 0) { layers.push(c); if (c[3] >= 1) break; }
    }
    let colour = [255, 255, 255, 1];
    for (const layer of layers.reverse()) colour = over(layer, colour);
    return colour;
  };
  const visible = (el) => { const r = el.getBoundingClientRect(); const s = getComputedStyle(el);
    return r.width > 1 && r.height > 1 && s.visibility !== 'hidden' && s.display !== 'none' && !el.closest('[hidden]'); };
  const out = [];
  for (const el of document.body.querySelectorAll('*')) {
    const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    if (!own || !visible(el) || ['SCRIPT', 'STYLE', 'NOSCRIPT'].includes(el.tagName)) continue;
    const s = getComputedStyle(el);
    const fg = over(parse(s.color), background(el));
    const [hi, lo] = [lum(fg), lum(background(el))].sort((a, b) => b - a);
    out.push({tag: el.tagName.toLowerCase(), cls: el.className && String(el.className), text: el.textContent.trim().slice(0, 30),
              size: parseFloat(s.fontSize), lineHeight: s.lineHeight === 'normal' ? 0 : parseFloat(s.lineHeight),
              contrast: (hi + 0.05) / (lo + 0.05), heading: /^H[1-6]$/.test(el.tagName) || !!el.closest('h1,h2,h3,h4,h5,h6')});
  }
  return out;
}"""

# Every link, button and form field a reader can aim at, with its size on screen.
TARGETS = """() => {
  const out = [];
  for (const el of document.querySelectorAll('a[href], button, input, select, textarea, summary')) {
    const r = el.getBoundingClientRect(); const s = getComputedStyle(el);
    if (r.width <= 1 || r.height <= 1 || s.visibility === 'hidden' || el.closest('[hidden]')) continue;
    // Links inside the running text of a document are inline text (WCAG's inline exception).
    const inline = !!el.closest('.doc-body') && el.tagName === 'A';
    out.push({tag: el.tagName.toLowerCase(), text: (el.textContent || el.getAttribute('aria-label') || el.name || '').trim().slice(0, 30),
              height: r.height, width: r.width, inline});
  }
  return out;
}"""

# Anything that moves or floats over the page.
MOTION_AND_POPUPS = """() => {
  const found = [];
  for (const el of document.querySelectorAll('*')) {
    const s = getComputedStyle(el);
    if (s.animationName !== 'none') found.push(`animation on ${el.tagName}.${el.className}`);
    if (s.transitionDuration.split(',').some(d => parseFloat(d) > 0)) found.push(`transition on ${el.tagName}.${el.className}`);
    if (s.position === 'fixed' || s.position === 'sticky') found.push(`${s.position} ${el.tagName}.${el.className}`);
  }
  for (const el of document.querySelectorAll('dialog, [role=dialog], [role=alertdialog], marquee, blink')) found.push(el.tagName);
  return found;
}"""

# What has the keyboard focus, and whether a sighted keyboard user can see where it is.
FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const s = getComputedStyle(el); const r = el.getBoundingClientRect();
  const ring = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2) || s.boxShadow !== 'none';
  const onScreen = r.bottom > 0 && r.top < innerHeight && r.right > 0 && r.left < innerWidth;
  return {tag: el.tagName.toLowerCase(), cls: String(el.className || ''), id: el.id,
          text: (el.textContent || el.getAttribute('aria-label') || el.placeholder || '').trim().slice(0, 40),
          ring, onScreen};
}"""

