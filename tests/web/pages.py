"""Read pages as a user does: visible text, headings, form errors. Standard library only."""

import re
from html import unescape
from html.parser import HTMLParser

_VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "wbr",
}


class _Collector(HTMLParser):
    """Collects the text of every element whose tag and class match."""

    def __init__(self, tag: str, css_class: str | None):
        super().__init__()
        self.tag, self.css_class = tag, css_class
        self.depth = 0  # nesting depth inside a matching element
        self.found: list[str] = []
        self.current: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in _VOID:
            return
        if self.depth:
            self.depth += 1
        elif tag == self.tag and (
            self.css_class is None or self.css_class in (dict(attrs).get("class") or "").split()
        ):
            self.depth, self.current = 1, []

    def handle_endtag(self, tag):
        if tag in _VOID or not self.depth:
            return
        self.depth -= 1
        if not self.depth:
            self.found.append(_squash("".join(self.current)))

    def handle_data(self, data):
        if self.depth:
            self.current.append(data)


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def texts(html: str | bytes, tag: str, css_class: str | None = None) -> list[str]:
    """The visible text of each `<tag class="css_class">` element, in page order."""
    if isinstance(html, bytes):
        html = html.decode()
    collector = _Collector(tag, css_class)
    collector.feed(html)
    return collector.found


def page_text(html: str | bytes) -> str:
    """The text of <main>, whitespace squashed: what a reader sees in the page body."""
    return texts(html, "main")[0]


def form_errors(html: str | bytes) -> list[str]:
    """Every error message shown on a form (form-wide and per field), in page order."""
    if isinstance(html, bytes):
        html = html.decode()
    lists = re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', html, flags=re.S)
    return [
        _squash(unescape(re.sub(r"<[^>]+>", "", item)))
        for fragment in lists
        for item in re.findall(r"<li>(.*?)</li>", fragment, flags=re.S)
    ]
