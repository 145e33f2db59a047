"""The bar that narrows suggested mentors, written in Python: each list labelled, "Any" first and the chosen option
selected, the bar open with a count and a way to clear when anything is set, htmx asking for the list alone, what
coordinators and the mentee typed escaped; and the hours of the week a time filter reads."""
from datetime import date

import pytest

from mentoring.matching.filter_bar import filter_bar_html
from mentoring.matching.suggestions import Filter, _block_words

HELPS = Filter("q36", "Can help with", (("leadership", "Leadership"), ("data", "Data & analytics")))
WHEN = Filter("when", "Free on", (("tue-evening", "Tuesday evening"),))


def bar(chosen=None, search="", filters=(HELPS, WHEN)):
    return str(filter_bar_html(list(filters), chosen or {}, search, "/programs/p/mentors"))


def test_each_list_is_labelled_with_any_first():
    shown = bar()
    assert ('<label for="filter-q36">Can help with</label>\n<select id="filter-q36" name="q36">\n'
            '<option value="">Any</option>\n<option value="leadership">Leadership</option>'
            '<option value="data">Data &amp; analytics</option>\n</select>') in shown
    assert '<label for="filter-when">Free on</label>\n<select id="filter-when" name="when">' in shown
    assert ('<label for="filter-search">Name or words</label>\n'
            '<input id="filter-search" type="search" name="search" value="">') in shown


def test_the_form_asks_for_the_list_alone_under_htmx_and_plainly_without():
    shown = bar()
    assert ('<form method="get" class="filters" role="search" aria-label="Narrow your suggested mentors" '
            'hx-get="/programs/p/mentors" hx-target="#suggestions" hx-swap="outerHTML" hx-push-url="true" '
            'hx-trigger="change, submit">') in shown
    assert '<button type="submit" class="button button--secondary">Show mentors</button>' in shown


@pytest.mark.parametrize("chosen, search, summary", [
    ({}, "", "Narrow the list</summary>"),
    ({"q36": ""}, "", "Narrow the list</summary>"),
    ({"when": "tue-evening"}, "", "Narrow the list (1 filter set)</summary>"),
    ({"when": "tue-evening", "q36": "data"}, "ada", "Narrow the list (3 filters set)</summary>"),
])
def test_set_filters_open_the_bar_counted_with_a_way_to_clear(chosen, search, summary):
    shown = bar(chosen, search)
    assert summary in shown
    narrowed = summary != "Narrow the list</summary>"
    assert shown.startswith('<details class="filter-bar" open>' if narrowed else '<details class="filter-bar">')
    assert ('<a class="filter-bar__clear" href="/programs/p/mentors">Clear filters</a>' in shown) == narrowed


def test_the_chosen_option_is_selected():
    shown = bar({"when": "tue-evening", "q36": "data"})
    assert '<option value="tue-evening" selected>Tuesday evening</option>' in shown
    assert '<option value="data" selected>Data &amp; analytics</option>' in shown
    assert '<option value="leadership">Leadership</option>' in shown


def test_what_coordinators_and_the_mentee_typed_is_escaped():
    shown = bar({"q36": '"><b>'}, search='"><script>', filters=[Filter("q1", "<i>Tools</i>", (("<u>", "<s>"),))])
    assert "<script>" not in shown and "<i>" not in shown and "<u>" not in shown and "<s>" not in shown
    assert 'value="&#34;&gt;&lt;script&gt;"' in shown and "&lt;i&gt;Tools&lt;/i&gt;" in shown
    assert '<option value="&lt;u&gt;">&lt;s&gt;</option>' in shown


def _hours(words):
    return [64 * word + bit for word, bits in words for bit in range(64) if int(bits) >> bit & 1]


@pytest.mark.parametrize("day, block, zone, hours", [
    ("tue", "evening", "UTC", [41, 42, 43, 44]),
    ("wed", "afternoon", "UTC", [60, 61, 62, 63, 64]),  # across two words
    ("mon", "morning", "Asia/Tokyo", [0, 1, 2, 167]),  # nine hours ahead: from Sunday night, UTC
])
def test_a_time_filter_reads_only_the_words_its_hours_are_in(day, block, zone, hours):
    words = _block_words(day, block, zone, date(2026, 3, 4))
    assert sorted(_hours(words)) == hours
    assert all(int(bits) for _, bits in words)
