"""How the screenshot test looks at a page: sideways scrolling on a phone, and Latin digits
or Gregorian dates in what a Persian reader sees (e-mail addresses and URLs excepted).

Used by tests/site/test_screens.py.
"""

import re

from django.conf import settings
from django.test import Client

from tests.conftest import SCREENSHOTS, screenshot

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1366, "height": 860}

# -- what counts as a leak ---------------------------------------------------------------

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
URL = re.compile(r"(?:https?://|www\.)[^\s\"'<>()]+", re.IGNORECASE)
LATIN_DIGITS = re.compile(r"[0-9]+")
ANY_DIGIT = "[0-9\u06f0-\u06f9\u0660-\u0669]"
GREGORIAN_DATE = re.compile(
    rf"(?<!{ANY_DIGIT})[2\u06f2\u0662][0\u06f0\u0660]{ANY_DIGIT}{{2}}\s*[-/.]\s*"
    rf"{ANY_DIGIT}{{1,2}}\s*[-/.]\s*{ANY_DIGIT}{{1,2}}(?!{ANY_DIGIT})"
)
MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    # The Gregorian months as Persian writes them (مه, May, is left out: it is also a word).
    "ژانویه|فوریه|مارس|آوریل|ژوئن|ژوئیه|اوت|سپتامبر|اکتبر|نوامبر|دسامبر"
)
GREGORIAN_MONTH = re.compile(rf"(?<!\w)(?:{MONTHS})(?!\w)")


def _snippet(text, start, end, around=30):
    left, right = max(0, start - around), min(len(text), end + around)
    return " ".join(text[left:right].split())


def leaks(text):
    """Latin digits and Gregorian dates in `text`, outside e-mail addresses and URLs:
    one line per kind, with the distinct offending pieces and where the first one is."""
    cleaned = URL.sub(
        lambda m: " " * len(m.group()), EMAIL.sub(lambda m: " " * len(m.group()), text)
    )
    found = []
    for pattern, what in [
        (GREGORIAN_DATE, "Gregorian date"),
        (GREGORIAN_MONTH, "Gregorian month"),
        (LATIN_DIGITS, "Latin digits"),
    ]:
        matches = list(pattern.finditer(cleaned))
        if matches:
            pieces = list(dict.fromkeys(m.group() for m in matches))
            shown = ", ".join(pieces[:8]) + (
                f" … ({len(pieces)} in all)" if len(pieces) > 8 else ""
            )
            found.append(f"{what} {shown} — first in «{_snippet(text, *matches[0].span())}»")
    return found


# -- what the browser is asked --------------------------------------------------------

# Everything a person reads: the page's text, what visible fields and buttons show
# (their value and placeholder), the names they are announced by, and chart labels.
VISIBLE_TEXT = """() => {
  const out = [{source: "page text", text: document.body.innerText}];
  const shown = (el) => el.checkVisibility ? el.checkVisibility({visibilityProperty: true})
                                          : el.offsetParent !== null;
  const describe = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
                           + (el.name ? "[name=" + el.name + "]" : "");
  for (const el of document.querySelectorAll("input, textarea, button, select, [aria-label]")) {
    if (!shown(el)) continue;
    const type = (el.getAttribute("type") || "").toLowerCase();
    if (type === "hidden" || type === "password") continue;
    for (const attr of ["placeholder", "aria-label"]) {
      const value = el.getAttribute(attr);
      if (value) out.push({source: describe(el) + " " + attr, text: value});
    }
    if (el.tagName === "INPUT" || el.tagName === "TEXTAREA") {
      if (!["checkbox", "radio", "file"].includes(type) && el.value) {
        out.push({source: describe(el) + " value", text: el.value});
      }
    }
  }
  if (window.Chart && window.Chart.instances) {
    for (const chart of Object.values(window.Chart.instances)) {
      const id = "chart #" + chart.canvas.id;
      const labels = (chart.data.labels || []).concat(
        chart.data.datasets.map((d) => d.label || ""));
      for (const scale of Object.values(chart.scales)) {
        for (const tick of scale.ticks || []) labels.push([].concat(tick.label).join(" "));
      }
      out.push({source: id, text: labels.join(" | ")});
    }
  }
  return out;
}"""

# How wide the page is; the elements that stick out of the viewport (the widest first),
# skipping those inside a box that scrolls or clips them; and the boxes on the page that
# themselves scroll sideways (a table in a scrolling box is sideways scrolling too).
OVERFLOW = """() => {
  const width = window.innerWidth;
  const name = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
    + (el.className && typeof el.className === "string" && el.className.trim()
       ? "." + el.className.trim().split(/\\s+/).join(".") : "");
  const words = (el) => (el.innerText || el.value || "").trim().replace(/\\s+/g, " ").slice(0, 50);
  const shown = (el) => el.checkVisibility({visibilityProperty: true, opacityProperty: true});
  const scrolls = (el) => ["auto", "scroll"].includes(getComputedStyle(el).overflowX);
  const clipped = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const o = getComputedStyle(p).overflowX;
      if (o === "auto" || o === "scroll" || o === "hidden" || o === "clip") return true;
    }
    return false;
  };
  const offenders = [], boxes = [];
  for (const el of document.body.querySelectorAll("*")) {
    const r = el.getBoundingClientRect();
    if (r.width <= 1 || r.height <= 1 || !shown(el)) continue;
    if (scrolls(el) && el.scrollWidth > el.clientWidth + 1 && el.tagName !== "TEXTAREA") {
      boxes.push({element: name(el), text: words(el), scrollWidth: el.scrollWidth,
                  clientWidth: el.clientWidth});
    }
    const out = Math.max(r.right - width, -r.left);
    if (out <= 1 || clipped(el)) continue;
    offenders.push({element: name(el), text: words(el), left: Math.round(r.left),
                    right: Math.round(r.right), width: Math.round(r.width),
                    out: Math.round(out)});
  }
  offenders.sort((a, b) => b.out - a.out || b.width - a.width);
  return {scrollWidth: document.documentElement.scrollWidth, innerWidth: width,
          offenders: offenders.slice(0, 5), boxes: boxes};
}"""


def sideways_scroll(page, boxes_too=True):
    """Why the page, or a box in it, scrolls sideways (or sticks out where it cannot be
    scrolled to), one line each; empty when everything fits."""
    found = page.evaluate(OVERFLOW)
    problems = []
    elements = "; ".join(
        f"<{o['element']}> {o['left']}…{o['right']} px ({o['out']} px out) «{o['text']}»"
        for o in found["offenders"]
    )
    if found["scrollWidth"] > found["innerWidth"] + 1:
        problems.append(
            f"scrolls sideways: {found['scrollWidth']} px wide in {found['innerWidth']} px; "
            f"widest sticking out: {elements or 'none found outside scrolling boxes'}"
        )
    elif elements:  # off the right edge of a right-to-left page: not even scrollable
        problems.append(f"sticks out of the screen: {elements}")
    if boxes_too:
        problems.extend(
            f"a box scrolls sideways: <{b['element']}> {b['scrollWidth']} px of content "
            f"in {b['clientWidth']} px «{b['text']}»"
            for b in found["boxes"]
        )
    return problems


def visible_leaks(page):
    found = []
    for item in page.evaluate(VISIBLE_TEXT):
        found.extend(f"{item['source']}: {leak}" for leak in leaks(item["text"]))
    return found


# The README's pictures: what one screen shows, not the whole page. On a phone the report
# list is shown from its first card (its filters come first); refreshed by every run and
# copied by hand into docs/screenshots/.
README_PICTURES = {"triage-queue": "table.app-table-cards", "report-official": None}


def picture_for_readme(page, name, width_name):
    start = README_PICTURES[name]
    if start and width_name == "phone":
        page.locator(start).evaluate(
            "(el) => window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 8)"
        )
    page.screenshot(path=str(SCREENSHOTS / f"{name}-fa-{width_name}-screen.png"))
    page.evaluate("window.scrollTo(0, 0)")


def check_pages(browser, site, session_key, pages):
    """Visit `pages` at both widths; return every problem found, one line each."""
    problems = []
    for width_name, viewport in [("phone", PHONE), ("desktop", DESKTOP)]:
        context = browser.new_context(viewport=viewport)
        context.set_default_timeout(15_000)
        cookies = [{"name": settings.LANGUAGE_COOKIE_NAME, "value": "fa", "url": site}]
        if session_key:
            cookies.append(
                {"name": settings.SESSION_COOKIE_NAME, "value": session_key, "url": site}
            )
        context.add_cookies(cookies)
        blocked = []
        page = context.new_page()
        page.on(
            "console",
            lambda message, blocked=blocked: blocked.append(message.text)
            if "Content Security Policy" in message.text
            else None,
        )
        try:
            for name, path, status in pages:
                where = f"{name} {width_name} ({path})"
                response = page.goto(site + path)
                page.wait_for_load_state("load")
                page.evaluate("document.fonts.ready.then(() => true)")
                if response.status != status:
                    problems.append(f"{where}: answered {response.status}, expected {status}")
                screenshot(page, f"{name}-fa-{width_name}")
                if name in README_PICTURES:
                    picture_for_readme(page, name, width_name)
                if width_name == "phone":
                    # Django's own admin lists scroll inside their box on a phone, by design.
                    overflow = sideways_scroll(page, boxes_too=not path.startswith("/admin/"))
                    problems.extend(f"{where}: {problem}" for problem in overflow)
                problems.extend(f"{where}: {leak}" for leak in visible_leaks(page))
            problems.extend(f"{width_name}: blocked by the CSP: {text}" for text in blocked)
        finally:
            context.close()
    return problems


def session_for(user):
    """A logged-in session's key, made without the login form (the browser gets the cookie)."""
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value
