"""Bar charts as SVG, drawn on the server (pure): the page shows each beside a table of the same figures."""
from html import escape

WIDTH, HEIGHT = 760, 250
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_BOTTOM, MARGIN_TOP = 64, 12, 52, 14


def count_ticks(largest, most=5):
    """The marks of a scale for counts: whole numbers from 0 in a round step (1, 2 or 5 times a power of ten), no
    more than `most` steps, the last at or above `largest` (at least 1)."""
    power = 1
    while True:
        for step in (power, 2 * power, 5 * power):
            if largest <= step * most:
                return list(range(0, max(-(-largest // step), 1) * step + 1, step))
        power *= 10


def bar_chart(title, bars, x_title="", y_title="", label_every=1):
    """An SVG column chart of (label, value) bars counting something, titled for screen readers, with a scale of
    whole numbers, both axes drawn and named (`x_title` under the labels, `y_title` beside the scale); only every
    `label_every`-th label is written under its bar (long series)."""
    ticks = count_ticks(max((value for _, value in bars), default=0))
    top = ticks[-1]
    plot_width = WIDTH - MARGIN_LEFT - MARGIN_RIGHT
    plot_height = HEIGHT - MARGIN_BOTTOM - MARGIN_TOP
    base = MARGIN_TOP + plot_height
    slot = plot_width / max(len(bars), 1)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" class="chart" role="img" '
             f'aria-label="{escape(title)}"><title>{escape(title)}</title>']
    for value in ticks:
        y = base - plot_height * value / top
        parts.append(f'<line x1="{MARGIN_LEFT}" x2="{WIDTH - MARGIN_RIGHT}" y1="{y:.1f}" y2="{y:.1f}" '
                     f'class="chart__grid"/><text x="{MARGIN_LEFT - 8}" y="{y + 5:.1f}" text-anchor="end" '
                     f'class="chart__scale">{value}</text>')
    for index, (label, value) in enumerate(bars):
        height = plot_height * value / top
        x = MARGIN_LEFT + index * slot + slot * 0.15
        parts.append(f'<rect x="{x:.1f}" y="{base - height:.1f}" width="{slot * 0.7:.1f}" height="{height:.1f}" '
                     f'class="chart__bar"><title>{escape(str(label))}: {value:g}</title></rect>')
        if index % label_every == 0:
            parts.append(f'<line x1="{x + slot * 0.35:.1f}" x2="{x + slot * 0.35:.1f}" y1="{base}" y2="{base + 5}" '
                         f'class="chart__axis"/><text x="{x + slot * 0.35:.1f}" y="{base + 20}" '
                         f'text-anchor="middle" class="chart__label">{escape(str(label))}</text>')
    parts.append(f'<line x1="{MARGIN_LEFT}" x2="{WIDTH - MARGIN_RIGHT}" y1="{base}" y2="{base}" class="chart__axis"/>'
                 f'<line x1="{MARGIN_LEFT}" x2="{MARGIN_LEFT}" y1="{MARGIN_TOP}" y2="{base}" class="chart__axis"/>')
    if x_title:
        parts.append(f'<text x="{MARGIN_LEFT + plot_width / 2:.1f}" y="{HEIGHT - 8}" text-anchor="middle" '
                     f'class="chart__title">{escape(x_title)}</text>')
    if y_title:
        parts.append(f'<text transform="translate(16 {MARGIN_TOP + plot_height / 2:.1f}) rotate(-90)" '
                     f'text-anchor="middle" class="chart__title">{escape(y_title)}</text>')
    parts.append("</svg>")
    return "".join(parts)
