"""Bar charts drawn on the server as accessible SVG: no JavaScript, no CDN. Each chart is an
inline <svg role="img" aria-labelledby="<title> <desc>"> whose bars carry their numbers as
text; the page shows the same numbers as a table below it."""

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

LABEL_WIDTH = 220
BAR_AREA = 360
VALUE_WIDTH = 60
BAR_HEIGHT = 16
BAR_GAP = 4
GROUP_GAP = 12
LEGEND_HEIGHT = 24


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float]
    css_class: str = "chart__bar"


def _number(value: float) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def bar_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    labels: Sequence[str],
    series: Sequence[Series],
) -> SafeString:
    """Horizontal bars: one group per label, one bar per series, each with its value."""
    largest = max((v for s in series for v in s.values), default=0) or 1
    per_group = len(series) * (BAR_HEIGHT + BAR_GAP) - BAR_GAP + GROUP_GAP
    legend = LEGEND_HEIGHT if len(series) > 1 else 0
    height = legend + max(len(labels), 1) * per_group
    width = LABEL_WIDTH + BAR_AREA + VALUE_WIDTH
    title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
    parts = [
        f'<svg class="chart" id="{escape(chart_id)}" role="img" '
        f'aria-labelledby="{escape(title_id)} {escape(desc_id)}" '
        f'viewBox="0 0 {width} {height}" width="100%" preserveAspectRatio="xMinYMin meet" '
        f'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{escape(title_id)}">{escape(title)}</title>',
        f'<desc id="{escape(desc_id)}">{escape(description)}</desc>',
    ]
    if legend:
        x = LABEL_WIDTH
        for index, s in enumerate(series):
            parts.append(
                f'<rect class="{escape(s.css_class)} chart__bar--{index}" x="{x}" y="4" '
                f'width="12" height="12"/>'
                f'<text class="chart__legend" x="{x + 16}" y="15">{escape(s.name)}</text>'
            )
            x += 20 + 8 * len(s.name) + 16
    for group, label in enumerate(labels):
        top = legend + group * per_group
        parts.append(
            f'<text class="chart__label" x="{LABEL_WIDTH - 8}" y="{top + BAR_HEIGHT - 3}" '
            f'text-anchor="end">{escape(label)}</text>'
        )
        for index, s in enumerate(series):
            value = s.values[group]
            y = top + index * (BAR_HEIGHT + BAR_GAP)
            bar = round(BAR_AREA * value / largest, 1) if value > 0 else 0
            parts.append(
                f'<rect class="{escape(s.css_class)} chart__bar--{index}" x="{LABEL_WIDTH}" '
                f'y="{y}" width="{bar}" height="{BAR_HEIGHT}">'
                f"<title>{escape(label)}, {escape(s.name)}: {_number(value)}</title></rect>"
                f'<text class="chart__value" x="{LABEL_WIDTH + bar + 4}" '
                f'y="{y + BAR_HEIGHT - 3}">{_number(value)}</text>'
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 -- every text above is escaped
