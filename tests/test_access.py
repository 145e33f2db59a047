"""Every URL against every kind of visitor: coordinators' pages are theirs alone, no POST skips its CSRF
token, and nothing anyone sends gets a 500."""

import pytest

from conftest import PASSWORD
from mentoring.models import MODELS
from support.client import csrf_token, logged_in
from support.world import FIELDS, url

COORDINATOR_ENDPOINTS = ("programs.settings", "programs.coordinators", "programs.remove_coordinator", "meetings.events",
                         "meetings.cancel_event")
COORDINATOR_BLUEPRINTS = ("questionnaires", "coordinate")


def coordinator_rules(app):
    return [rule for rule in app.url_map.iter_rules()
            if rule.endpoint in COORDINATOR_ENDPOINTS or rule.endpoint.split(".")[0] in COORDINATOR_BLUEPRINTS]


def rows():
    return {model.__name__: model.select().count() for model in MODELS}


def test_coordinator_pages_open_for_their_coordinators_and_admins(app, world):
    for who in ("coordinator", "admin"):
        visitor = logged_in(app, world["people"][who], PASSWORD)
        for rule in coordinator_rules(app):
            if "GET" in rule.methods:
                assert visitor.get(url(app, rule, world["values"])).status_code == 200, (who, rule.rule)


@pytest.mark.parametrize("who", ["other coordinator", "participant", "stranger"])
def test_coordinator_pages_are_404_for_everyone_else(app, world, who):
    visitor = logged_in(app, world["people"][who], PASSWORD)
    before = rows()
    rules = coordinator_rules(app)
    assert len(rules) >= 12
    for rule in rules:
        path = url(app, rule, world["values"])
        if "GET" in rule.methods:
            response = visitor.get(path)
            assert response.status_code == 404, (who, path)
            assert world["people"]["participant"].email not in response.get_data(as_text=True)
        if "POST" in rule.methods:
            assert visitor.submit(path, {"membership": "1", "direction": "up", "confirmed": "1", "label": "x",
                                         "kind": "single", "email": "x@example.org"},
                                  page="/account").status_code == 404, (who, path)
    assert rows() == before


def test_visitors_who_are_not_logged_in_are_asked_to(app, world):
    for rule in coordinator_rules(app):
        if "GET" in rule.methods:
            response = app.test_client().get(url(app, rule, world["values"]))
            assert response.status_code == 302 and "/login?next=" in response.headers["Location"], rule.rule


def test_ids_of_another_program_are_404_even_for_a_coordinator(app, world):
    visitor = logged_in(app, world["people"]["coordinator"], PASSWORD)
    values = {**world["values"], **world["foreign"]}
    for rule in coordinator_rules(app):
        if set(rule.arguments) & set(world["foreign"]) and "GET" in rule.methods:
            assert visitor.get(url(app, rule, values)).status_code == 404, rule.rule


def test_every_post_without_a_csrf_token_changes_nothing(app, world):
    anonymous, admin = app.test_client(), logged_in(app, world["people"]["admin"], PASSWORD)
    before = rows()
    posts = [rule for rule in app.url_map.iter_rules() if "POST" in rule.methods]
    assert len(posts) >= 25
    for rule in posts:
        path = url(app, rule, world["values"])
        for who in (anonymous, admin):
            response = who.post(path, data={"name": "x", "password": PASSWORD, "understood": "y", "direction": "up",
                                             "membership": "1", "confirmed": "1", "decision": "approve"})
            if response.status_code == 302:  # members sent home from visitor pages, visitors to log in
                location = response.headers["Location"]
                assert location == "/" if who is admin else location.startswith("/login?next="), path
                continue
            assert response.status_code in (400, 404, 422), (path, response.status_code)
            if response.status_code != 404:  # 404: an invitation link that is not valid, checked first
                assert "expired" in response.get_data(as_text=True), path
    assert rows() == before


GARBAGE = ["", "x" * 100_000, "\x00\x01\x02", "☃" * 300, "<script>alert(1)</script>", "' OR 1=1 --", "-1",
           "99999999999999999999", "2026-02-30", "../../etc/passwd"]


@pytest.mark.parametrize("turn", range(4))
def test_no_post_answers_a_500_whatever_is_sent(app, world, turn):
    """Every form gets garbage in every field (each turn another kind per field, all kinds each turn), and
    nothing at all."""
    garbage = {field: GARBAGE[(index + 3 * turn) % len(GARBAGE)] for index, field in enumerate(FIELDS)}
    def visitor(who):
        """A client logged in as `who`, and its session's form token."""
        client = logged_in(app, world["people"][who], PASSWORD)
        return client, csrf_token(client.get("/about").get_data(as_text=True))

    visitors = {who: visitor(who) for who in ("admin", "participant")}
    for rule in app.url_map.iter_rules():
        if "POST" not in rule.methods or rule.endpoint in ("auth.logout", "auth.delete_account"):
            continue
        path = url(app, rule, world["values"])
        for who in visitors:
            for data in (garbage, {}) if turn == 0 else (garbage,):
                client, token = visitors[who]
                response = client.post(path, data={**data, "csrf_token": token})
                assert response.status_code < 500, (path, response.status_code)
                if response.status_code == 302 and response.headers["Location"].startswith("/login"):
                    visitors[who] = visitor(who)  # logged out (everywhere, or by a reset)


def test_no_page_answers_a_500_whatever_the_address_says(app, world):
    admin = logged_in(app, world["people"]["admin"], PASSWORD)
    query = "?page=99999999999999999999&state=%3Cscript%3E&role=%00&q=%25%27%22&purpose=x"
    for rule in app.url_map.iter_rules():
        if "GET" in rule.methods and rule.endpoint not in ("static", "auth.export_data"):
            response = admin.get(url(app, rule, world["values"]) + query)
            assert response.status_code < 500, (rule.rule, response.status_code)
    for path in ("/admin/outbox/99999999999999999999", "/programs/ours/applicants/99999999999999999999",
                 "/programs/%00/settings", "/programs/ours/questions/nobody", "/programs/ours/apply/coach/profile"):
        assert admin.get(path).status_code == 404, path
