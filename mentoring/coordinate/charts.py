"""Bar charts as SVG, drawn on the server (pure): the page shows each beside a table of the same figures."""
from html import escape

WIDTH, HEIGHT = 560, 220
MARGIN_LEFT, MARGIN_BOTTOM, MARGIN_TOP = 36, 36, 12


def count_ticks(largest, most=5):
    """The marks of a scale for counts: whole numbers from 0 in a round step (1, 2 or 5 times a power of ten), no
    more than `most` steps, the last at or above `largest` (at least 1)."""
    power = 1
    while True:
        for step in (power, 2 * power, 5 * power):
            if largest <= step * most:
                return list(range(0, max(-(-largest // step), 1) * step + 1, step))
        power *= 10


def bar_chart(title, bars, label_every=1):
    """An SVG column chart of (label, value) bars counting something, titled for screen readers, with a scale of
    whole numbers; only every `label_every`-th label is written under its bar (long series)."""
    ticks = count_ticks(max((value for _, value in bars), default=0))
    top = ticks[-1]
    plot_width = WIDTH - MARGIN_LEFT - 8
    plot_height = HEIGHT - MARGIN_BOTTOM - MARGIN_TOP
    slot = plot_width / max(len(bars), 1)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" class="chart" role="img" '
             f'aria-label="{escape(title)}"><title>{escape(title)}</title>']
    for value in ticks:
        y = MARGIN_TOP + plot_height - plot_height * value / top
        parts.append(f'<line x1="{MARGIN_LEFT}" x2="{WIDTH - 8}" y1="{y:.1f}" y2="{y:.1f}" class="chart__grid"/>'
                     f'<text x="{MARGIN_LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" class="chart__scale">'
                     f'{value}</text>')
    for index, (label, value) in enumerate(bars):
        height = plot_height * value / top
        x = MARGIN_LEFT + index * slot + slot * 0.15
        y = MARGIN_TOP + plot_height - height
        parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{slot * 0.7:.1f}" height="{height:.1f}" class="chart__bar">'
                     f'<title>{escape(str(label))}: {value:g}</title></rect>')
        if index % label_every == 0:
            parts.append(f'<text x="{x + slot * 0.35:.1f}" y="{HEIGHT - MARGIN_BOTTOM + 16}" text-anchor="middle" '
                         f'class="chart__label">{escape(str(label))}</text>')
    parts.append("</svg>")
    return "".join(parts)
