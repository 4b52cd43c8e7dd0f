"""Checks of the WCAG 2.2 criteria that axe cannot check fully, for Playwright pages
(samson/core/tests/test_wcag22_browser.py says how each is read)."""

from __future__ import annotations

from typing import Any

PHONE = {"width": 360, "height": 740}
MIN_TARGET = 24

# Every visible target that is neither large enough nor spaced enough, as "tag text (w x h)".
TOO_SMALL_JS = """
(minimum) => {
  const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary,'
    + ' [role=button], [role=link]';
  const visible = (el) => {
    const r = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    return r.width > 1 && r.height > 1 && style.visibility !== 'hidden'
      && style.display !== 'none' && r.right > 0 && r.left < document.documentElement.clientWidth;
  };
  const inSentence = (el) => {
    if (el.tagName !== 'A') return false;
    const block = el.closest('p, li, dd, td, figcaption, small');
    if (!block) return false;
    return block.textContent.replace(/\\s+/g, ' ').trim().length
      > el.textContent.replace(/\\s+/g, ' ').trim().length + 1;
  };
  const targets = [...document.querySelectorAll(selector)].filter(visible);
  const boxes = targets.map((el) => el.getBoundingClientRect());
  const distance = (x, y, r) => {
    const dx = Math.max(r.left - x, 0, x - r.right);
    const dy = Math.max(r.top - y, 0, y - r.bottom);
    return Math.hypot(dx, dy);
  };
  const small = (r) => r.width < minimum || r.height < minimum;
  const problems = [];
  targets.forEach((el, i) => {
    const r = boxes[i];
    if (!small(r) || inSentence(el)) return;
    const x = r.left + r.width / 2, y = r.top + r.height / 2;
    const crowded = targets.some((other, j) => {
      if (j === i || other.contains(el) || el.contains(other)) return false;
      const o = boxes[j];
      if (small(o)) {
        const ox = o.left + o.width / 2, oy = o.top + o.height / 2;
        return Math.hypot(ox - x, oy - y) < minimum;
      }
      return distance(x, y, o) < minimum / 2;
    });
    if (crowded) {
      const text = (el.innerText || el.value || el.name || '').trim().slice(0, 40);
      const size = `${r.width.toFixed(1)} x ${r.height.toFixed(1)}`;
      problems.push(`${el.tagName.toLowerCase()} "${text}" (${size})`);
    }
  });
  return problems;
}
"""

# The focused element after a Tab, or null when focus left the page's content.
FOCUS_JS = """
() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const r = el.getBoundingClientRect();
  const x = r.left + r.width / 2, y = r.top + r.height / 2;
  const inView = r.bottom > 0 && r.top < window.innerHeight && r.right > 0
    && r.left < window.innerWidth && x >= 0 && y >= 0
    && x <= window.innerWidth && y <= window.innerHeight;
  // A link that wraps over two lines has one box per line: the centre of any of them counts.
  const centres = [[x, y], ...[...el.getClientRects()].map(
    (b) => [b.left + b.width / 2, b.top + b.height / 2])];
  const covers = (hit) => !!hit && (hit === el || el.contains(hit)
    || (el.labels && [...el.labels].some((l) => l === hit || l.contains(hit)))
    || (hit.tagName === 'LABEL' && hit.contains(el)));
  const hits = inView ? centres.map(([cx, cy]) => document.elementFromPoint(cx, cy)) : [];
  const shown = hits.some(covers);
  const hit = hits.find((h) => !covers(h)) || null;
  const name = (el.innerText || el.value || el.name || el.id || '').trim().slice(0, 40);
  return {
    name: `${el.tagName.toLowerCase()} "${name}"`,
    inView, shown,
    hit: hit ? hit.tagName.toLowerCase() + (hit.className ? '.' + hit.className : '') : null,
  };
}
"""


def assert_targets_large_enough(page: Any) -> None:
    """2.5.8 Target size (minimum): every target is 24 px or spaced from the others."""
    problems = page.evaluate(TOO_SMALL_JS, MIN_TARGET)
    assert problems == [], f"targets smaller than 24 x 24 px and too close on {page.url}"


def assert_focus_never_obscured(page: Any, *, limit: int = 80) -> int:
    """2.4.11 Focus not obscured (minimum): tab through the page; each focused element is in
    the viewport and not covered. Returns how many elements took focus."""
    seen = 0
    for _ in range(limit):
        page.keyboard.press("Tab")
        state = page.evaluate(FOCUS_JS)
        if state is None:
            break
        seen += 1
        assert state["inView"], f"{state['name']} is focused outside the viewport on {page.url}"
        assert state["shown"], (
            f"{state['name']} is focused but covered by {state['hit']} on {page.url}"
        )
    return seen
