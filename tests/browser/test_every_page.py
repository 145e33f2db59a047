"""Every kind of page as each role sees it, in a real browser: axe-core finds no serious or critical violation (at
1280 px, and by the rules a layout can break at 390 px), no page scrolls sideways at 390 px, and the main pages are
photographed at both widths (not compared)."""
import re
from urllib.parse import urlsplit

import pytest
from flask import url_for

from conftest import PASSWORD
from mentoring.feedback.service import link_for
from mentoring.meetings.invites import rsvp_token
from mentoring.models import Feedback, Meeting, MentorRequest, Pair
from support.browser import axe_violations, log_in, screenshot, sideways_width
from support.client import logged_in
from support.world import url

ROLES = ("visitor", "mentee", "mentee choosing", "mentor", "coordinator", "admin")
# The pages photographed, as (role, endpoint): name.
MAIN_PAGES = {("visitor", "home.index"): "home", ("visitor", "auth.signup"): "sign-up",
              ("mentee", "home.index"): "dashboard", ("mentee choosing", "matching.suggestions"): "suggestions",
              ("mentee", "pairs.show"): "pair", ("mentee", "meetings.show"): "session",
              ("mentee", "conversations.conversation"): "conversation", ("coordinator", "coordinate.board"): "health",
              ("coordinator", "coordinate.report"): "report", ("mentee", "library.index"): "library",
              ("mentee", "discussions.index"): "board"}
NOT_PAGES = ("static", "auth.export_data")  # a file, a download
HIDDEN_INPUT = re.compile(r"<input[^>]*type=\"hidden\"[^>]*>")  # a CSRF token, a form's submission number
WIDE, PHONE = 1280, 390
ON_A_PHONE = ("scrollable-region-focusable", "target-size")  # the axe rules a narrower layout can break


def people(app, world):
    """The person of each role in the world's program (no one for a visitor), the URL values they open pages with,
    and the addresses they open besides: a visitor follows the links of a feedback request and of an invite; a mentee
    still choosing opens the mentor's profile."""
    values, people = world["values"], world["people"]
    pair = Pair.get_by_id(values["pair_id"])
    choosing = MentorRequest.get_by_id(values["request_id"]).mentee.user
    with app.test_request_context():
        from_emails = [("feedback.answer_by_link", urlsplit(link_for(Feedback.get_by_id(values["feedback_id"]))).path),
                       ("meetings.rsvp", url_for("meetings.rsvp", reply="accepted", token=rsvp_token(
                           Meeting.get_by_id(values["meeting_id"]), people["participant"])))]
    return dict(zip(ROLES, [(None, values, from_emails), (people["participant"], values, []),
                            (choosing, {**values, "membership_id": pair.mentor.id}, []), (pair.mentor.user, values, []),
                            (people["coordinator"], values, []), (people["admin"], values, [])], strict=True))


def main_part(html):
    """What a page shows in its <main>, without its hidden inputs: the same for two people who see it alike."""
    return HIDDEN_INPUT.sub("", html[html.find("<main"):html.find("</main>")])


def pages_seen_by(app, person, values, besides, seen):
    """One page of each kind `person` opens (every GET address of tests/test_access.py's enumeration, and those
    `besides`, that answers them with a whole page), as (endpoint, path), but for pages whose <main> someone in `seen`
    (pairs of endpoint and <main>, which this adds to) saw alike: their header and menus are checked on the person's
    other pages."""
    visitor = logged_in(app, person, PASSWORD) if person else app.test_client()
    pages = [] if person else [("not found", "/no-such-page")]
    addresses = [(rule.endpoint, url(app, rule, values)) for rule in sorted(app.url_map.iter_rules(), key=str)
                 if "GET" in rule.methods and rule.endpoint not in NOT_PAGES]
    for endpoint, path in addresses + besides:
        response = visitor.get(path)
        html = response.get_data(as_text=True)
        if response.status_code != 200 or response.mimetype != "text/html" or "<main" not in html:
            continue  # a redirect, a 404, a file, or a fragment that a page polls
        if (endpoint, main_part(html)) not in seen:
            seen.add((endpoint, main_part(html)))
            pages.append((endpoint, path))
    return pages


def pages_of(app, world, role):
    """The person of `role` and the pages they are walked through: those of `pages_seen_by`, leaving to the roles
    before them in ROLES the pages they saw alike."""
    seen = set()
    for each, (person, values, besides) in people(app, world).items():
        pages = pages_seen_by(app, person, values, besides, seen)
        if each == role:
            return person, pages


@pytest.mark.parametrize("role", ROLES, ids=lambda role: role.replace(" ", "-"))
def test_every_page_kind_passes_axe_and_fits_a_phone(app, world, browser, live_server, role):
    """Each page is loaded once: checked by axe and photographed at 1280 px, then narrowed to 390 px, measured,
    checked again by the axe rules a layout can break, and photographed again (one test per role: pytest-xdist
    spreads them over the cores)."""
    person, pages = pages_of(app, world, role)
    violations, sideways = [], []
    context = browser.new_context(base_url=live_server, bypass_csp=True, viewport={"width": WIDE, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    if person:
        log_in(page, person, PASSWORD)
    for endpoint, path in pages:
        page.set_viewport_size({"width": WIDE, "height": 900})
        page.goto(path)
        violations += [f"{role} {endpoint} {path}: axe {rule} ({impact}) at {', '.join(targets)}"
                       for rule, impact, targets in axe_violations(page)]
        name = MAIN_PAGES.get((role, endpoint))
        if name:
            screenshot(page, f"{name}-{WIDE}")
        page.set_viewport_size({"width": PHONE, "height": 900})
        if width := sideways_width(page):
            sideways.append(f"{role} {endpoint} {path} is {width} px wide at {PHONE} px")
        violations += [f"{role} {endpoint} {path} at {PHONE} px: axe {rule} ({impact}) at {', '.join(targets)}"
                       for rule, impact, targets in axe_violations(page, ON_A_PHONE)]
        if name:
            screenshot(page, f"{name}-{PHONE}")
    context.close()
    assert pages
    assert not violations + sideways, "\n".join(violations + sideways)


def test_the_checks_see_a_violation_and_a_page_too_wide(browser):
    """The walk's two measures fail when they should: an image without a text, a block wider than a phone."""
    context = browser.new_context(bypass_csp=True, viewport={"width": PHONE, "height": 900})
    page = context.new_page()
    page.set_content('<!doctype html><html lang="en"><title>Wide</title><main><h1>Wide</h1>'
                     '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><svg width="900" height="10"></svg></main>')
    assert [(rule, impact) for rule, impact, _ in axe_violations(page)] == [("image-alt", "critical")]
    assert sideways_width(page) > PHONE
    context.close()
