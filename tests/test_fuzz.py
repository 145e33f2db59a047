"""Whatever a client can send, to every form and every page, nothing answers a 5xx: a text field sent as a file,
line breaks, NUL and bidi characters, very long values, repeated keys, bytes that are not UTF-8, a JSON body, and
query keys named like url_for's own arguments or the page's."""
import io
import json
from collections import Counter
from urllib.parse import quote, urlencode

from conftest import PASSWORD
from support.client import csrf_token, logged_in, seen
from support.world import FIELDS, url

HOSTILE = "A\r\nBcc: x@example.com\x00\u202eevil\u2066 \x0b\x1b\x85\u2028"
NOT_UTF8 = "%FF%FE%C3%28%80"


def urlencoded(token, fields):
    """A form body with the token first, then `fields` (encoded once: the test client is slow at long values)."""
    return {"data": f"csrf_token={quote(token)}&".encode() + fields,
            "content_type": "application/x-www-form-urlencoded"}


HOSTILE_AND_REPEATED = urlencode([("csrf_token", "forged"),
                                  *((field, value) for field in FIELDS for value in (HOSTILE, "1", ""))]).encode()
VERY_LONG = urlencode([(field, "x" * 3_000 + "\u202e") for field in FIELDS]).encode()
NOT_UTF8_BYTES = "&".join(f"{field}={NOT_UTF8}" for field in FIELDS).encode() + b"&raw=\xff\xfe"


def as_files(token):
    return {"data": {"csrf_token": token, **{field: (io.BytesIO(b"x\r\nBcc: y"), "x.txt") for field in FIELDS}}}


def token_as_a_file(token):
    return {"data": {"csrf_token": (io.BytesIO(token.encode()), "token.txt"), "name": "Ann", "text": "Hi"}}


def hostile_and_repeated(token):
    return urlencoded(token, HOSTILE_AND_REPEATED)


def very_long(token):
    return urlencoded(token, VERY_LONG)


def not_utf8(token):
    return urlencoded(token, NOT_UTF8_BYTES)


def as_json(token):
    return {"data": json.dumps({"csrf_token": token, **{field: [1, {"a": None}] for field in FIELDS}}),
            "content_type": "application/json"}


def json_list(token):
    return {"data": "[1, 2, 3]", "content_type": "application/json"}


BODIES = [as_files, token_as_a_file, hostile_and_repeated, very_long, not_utf8, as_json, json_list]

# url_for's own arguments, the names of the parts of addresses, the listings' filters, and links back.
CLASHING = ["endpoint", "values", "_external", "_scheme", "_anchor", "_method", "_script_root", "slug", "purpose",
            "role", "pair_id", "meeting_id", "token", "reply", "name", "state", "q", "page", "show", "search"]
QUERIES = {
    "clashing keys": "&".join(f"{key}=x" for key in CLASHING) + "&_external=1&_scheme=javascript",
    "line breaks, bidi, not UTF-8, repeated": (
        f"next=/%0d%0aX:y&back=/%0aLocation:%20//evil&q={quote(HOSTILE.replace(chr(0), ''))}&q=a&state=%E2%80%AE"
        f"&page={NOT_UTF8}&page=2&role={NOT_UTF8}&when={NOT_UTF8}&q1=x&q1=y&day=2026-13-45&at=25:99"),
    "very long": "q=" + "x" * 20_000 + "&page=" + "9" * 400 + "&next=/" + "a" * 5_000,
}
VISITORS = ("anonymous", "admin", "participant")


def visitors(app, world):
    people = world["people"]
    return {"anonymous": app.test_client(),
            **{who: logged_in(app, people[who], PASSWORD) for who in VISITORS if who != "anonymous"}}


def mutations(rule, path, token):
    """(mutation, method, address, the test client's arguments) of everything sent to `rule` at `path`."""
    if "POST" in rule.methods:
        for body in BODIES:
            query = f"?{QUERIES['clashing keys']}" if body is hostile_and_repeated else ""
            yield body.__name__, "POST", path + query, body(token)
    if "GET" in rule.methods:
        for kind, query in QUERIES.items():
            yield kind, "GET", f"{path}?{query}", {}


def asked_to_log_in(client, rule, path, token):
    """Whether the page sends a visitor who is not logged in to log in (reading nothing else they sent)."""
    response = client.get(path) if "GET" in rule.methods else client.post(path, data={"csrf_token": token})
    return response.status_code == 302 and response.headers["Location"].startswith("/login?next=")


def test_no_form_or_page_answers_a_5xx_whatever_it_is_sent(app, world):
    app.config["PROPAGATE_EXCEPTIONS"] = False  # an exception is counted as the 500 a client gets, and the run goes on
    clients = visitors(app, world)
    tokens = {who: csrf_token(client.get("/").get_data(as_text=True)) for who, client in clients.items()}
    rules = [rule for rule in app.url_map.iter_rules()
             if rule.endpoint not in ("static", "auth.logout", "auth.log_out_everywhere")]
    assert sum("POST" in rule.methods for rule in rules) >= 60 and sum("GET" in rule.methods for rule in rules) >= 60
    failures, answered = [], Counter()
    for who, client in clients.items():
        for rule in rules:
            path = url(app, rule, world["values"])
            if who == "anonymous" and asked_to_log_in(client, rule, path, tokens[who]):
                continue
            for kind, method, address, arguments in mutations(rule, path, tokens[who]):
                status = client.open(address, method=method, **arguments).status_code
                answered[status] += 1
                if status >= 500:
                    failures.append((kind, who, method, path, status))
    assert failures == [], (f"{len(failures)} answers of 5xx at {len({f[3] for f in failures})} addresses, by "
                            f"mutation: {dict(Counter(f[0] for f in failures))}; {sorted(set(failures))}")
    assert answered[422] >= 100 and answered[200] >= 100  # the forms were reached, and the pages shown
    for who in ("admin", "participant"):  # still logged in: nothing above ran as a visitor by mistake
        assert "Log out" in seen(clients[who].get("/account"))


def test_a_text_field_sent_as_a_file_gets_the_form_back_with_its_message(client):
    response = client.submit("/signup", {"name": (io.BytesIO(b"Ann"), "name.txt"), "email": "ann@example.org",
                                         "password": (io.BytesIO(PASSWORD.encode()), "password.txt"),
                                         "timezone": "Europe/Berlin"})
    page = seen(response)
    assert response.status_code == 422 and "Enter your name." in page and "Choose a password." in page
    assert 'value="ann@example.org"' in response.get_data(as_text=True)


def test_a_line_break_in_the_next_address_leads_home_after_logging_in(client, make_user):
    user = make_user()
    response = client.submit("/login?next=/%0d%0aX:y", {"email": user.email, "password": PASSWORD})
    assert response.status_code == 302 and response.headers["Location"] == "/" and "X" not in response.headers
    again = client.get("/login?next=/account%0aSet-Cookie:%20a=b")  # already logged in
    assert again.status_code == 302 and again.headers["Location"] == "/" and "a=b" not in str(again.headers)


def test_query_keys_named_like_url_for_arguments_change_nothing_after_a_bulk_approval(app, make_user, make_program,
                                                                                     join):
    coordinator = make_user()
    program = make_program(coordinators=[coordinator])
    applicant = join(make_user(name="Ann Applicant"), program, "mentee", state="pending")
    visitor = logged_in(app, coordinator, PASSWORD)
    response = visitor.submit(f"/programs/{program.slug}/applicants/approve?role=mentee&slug=x&endpoint=x&_external=1"
                              "&_scheme=javascript&_anchor=x&values=1", {"membership": str(applicant.id)},
                              page=f"/programs/{program.slug}/applicants")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/programs/{program.slug}/applicants?role=mentee"
    assert "1 application approved." in seen(visitor.get(response.headers["Location"]))
