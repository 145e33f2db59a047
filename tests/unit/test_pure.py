"""Tables of cases for the pure pieces: time zones, password rules, the MIME builder, typed text, settings."""
from datetime import UTC, date, datetime
from email import message_from_bytes, policy

import pytest

from config import load_settings
from mentoring import text, timezones
from mentoring.auth.passwords import weakness
from mentoring.email.mime import build_message
from mentoring.words import about_them, counted, listing


@pytest.mark.parametrize("typed, zone", [
    ("Europe/Berlin", "Europe/Berlin"),
    ("europe/berlin", "Europe/Berlin"),
    ("  America/Los_Angeles ", "America/Los_Angeles"),
    ("UTC", "UTC"),
    ("Asia/Calcutta", "Asia/Calcutta"),  # an old alias is still a valid zone
    ("Mars/Olympus", None),
    ("", None),
    (None, None),
    ("../../etc/passwd", None),
])
def test_canonical_zone(typed, zone):
    assert timezones.canonical(typed) == zone


@pytest.mark.parametrize("typed, zone", [
    ("Europe/Berlin", "Europe/Berlin"),
    ("asia/calcutta", "Asia/Calcutta"),
    ("berlin", "Europe/Berlin"),
    ("  BERLIN ", "Europe/Berlin"),
    ("new york", "America/New_York"),
    ("New_York", "America/New_York"),
    ("são paulo", "America/Sao_Paulo"),
    ("Buenos Aires", "America/Argentina/Buenos_Aires"),
    ("Berlin, Germany", "Europe/Berlin"),
    ("Los Ang", "America/Los_Angeles"),  # the start of one city's name
    ("utc", "UTC"),
])
def test_a_zone_is_found_by_its_name_or_a_city(typed, zone):
    assert timezones.find(typed) == zone


@pytest.mark.parametrize("typed, message", [
    ("", "Choose your time zone."),
    ("Springfield", "“Springfield” is not a time zone we know. Type a large city in your time zone, e.g. Berlin or "
                    "New York, or choose one from the list."),
    ("Mars/Olympus", "“Mars/Olympus” is not a time zone we know."),
    ("san", "“san” could be 6 time zones: America/Argentina/San_Juan, America/Argentina/San_Luis, America/Santarem, "
            "America/Santiago, America/Santo_Domingo or Europe/San_Marino. Type or choose the one you mean."),
    ("Argentina", "“Argentina” could be 12 time zones: America/Argentina/Buenos_Aires, America/Argentina/Catamarca, "
                  "America/Argentina/Cordoba, America/Argentina/Jujuy, America/Argentina/La_Rioja, "
                  "America/Argentina/Mendoza, America/Argentina/Rio_Gallegos, America/Argentina/Salta or 4 more."),
])
def test_a_name_of_no_zone_or_several_says_which(typed, message):
    with pytest.raises(timezones.ZoneNotFound) as raised:
        timezones.find(typed)
    assert str(raised.value).startswith(message)


@pytest.mark.parametrize("zone, moment, label", [
    ("Europe/Berlin", datetime(2026, 1, 15, 12, tzinfo=UTC), "UTC+01:00"),
    ("Europe/Berlin", datetime(2026, 7, 15, 12, tzinfo=UTC), "UTC+02:00"),
    ("Asia/Kolkata", datetime(2026, 7, 15, 12, tzinfo=UTC), "UTC+05:30"),
    ("America/St_Johns", datetime(2026, 1, 15, 12, tzinfo=UTC), "UTC-03:30"),
    ("Pacific/Auckland", datetime(2026, 1, 15, 12, tzinfo=UTC), "UTC+13:00"),
])
def test_offset_label(zone, moment, label):
    assert timezones.offset_label(zone, moment) == label


def test_the_zone_list_has_places_not_aliases():
    names = [name for name, _ in timezones.choices_on(date(2026, 11, 21))]
    assert "Europe/Berlin" in names and "UTC" in names and "America/Argentina/Buenos_Aires" in names
    assert "US/Pacific" not in names and "Etc/GMT+5" not in names and "Asia/Calcutta" not in names
    assert dict(timezones.choices_on(date(2026, 11, 21)))["Asia/Kolkata"] == "Asia/Kolkata (UTC+05:30)"


@pytest.mark.parametrize("password, email, name, problem", [
    ("violet anchor drizzle", "a@example.org", "Ada", None),
    ("short", "", "", "Use at least 10 characters."),
    ("x" * 201, "", "", "Use at most 200 characters."),
    ("password123", "", "", "This password is too easy to guess. Try a few unrelated words together."),
    ("PASSWORD123", "", "", "This password is too easy to guess. Try a few unrelated words together."),
    ("aaaaaaaaaaaaaa", "", "", "This password is too easy to guess. Try a few unrelated words together."),
    ("ababababababab", "", "", "This password is too easy to guess. Try a few unrelated words together."),
    ("ada.lovelace1815", "ada.lovelace@example.org", "", "Don't use your name or email address in your password."),
    ("i am grace hopper", "gh@example.org", "Grace Hopper", "Don't use your name or email address in your password."),
    ("Bob is 10 chars!", "b@example.org", "Bob", None),  # names shorter than 4 letters are not checked
])
def test_password_weakness(password, email, name, problem):
    assert weakness(password, email=email, name=name) == problem


def test_mime_message_round_trips_with_both_parts():
    message = build_message(
        sender="Mentoring <m@example.org>", to_name="Zoë Ünal", to_address="zoe@example.org",
        subject="Bienvenue — ça commence", text="Line one\n" + "long " * 300, html="<p>Hi ☃</p>",
        message_id="<1@example.org>", date=datetime(2026, 11, 21, 9, 30, tzinfo=UTC),
        headers={"Auto-Submitted": "auto-generated"})
    raw = message.as_bytes()
    assert b"\r\n" in raw and all(len(line) <= 998 for line in raw.split(b"\r\n"))
    parsed = message_from_bytes(raw, policy=policy.default)
    assert parsed["Subject"] == "Bienvenue — ça commence"
    assert parsed["To"].addresses[0].display_name == "Zoë Ünal"
    assert parsed["Date"].datetime == datetime(2026, 11, 21, 9, 30, tzinfo=UTC)
    assert parsed.get_body(("plain",)).get_content().replace("\r\n", "\n").startswith("Line one\nlong long")
    assert parsed.get_body(("html",)).get_content().strip() == "<p>Hi ☃</p>"
    assert parsed["Auto-Submitted"] == "auto-generated"


def test_mime_headers_are_one_line_whatever_is_stored():
    message = build_message(
        sender="Mentoring <m@example.org>", to_name="A\r\nBcc: x@example.com", to_address="a@example.org",
        subject="Hi\nBcc: x@example.com\u2028X-Evil: 1", text="t", html="<p>t</p>", message_id="<1@example.org>",
        date=datetime(2026, 11, 21, 9, 30, tzinfo=UTC), headers={"Reply-To": "r@example.org\r\nBcc: y@x"})
    parsed = message_from_bytes(message.as_bytes(), policy=policy.default)
    assert (parsed["Bcc"], parsed["X-Evil"]) == (None, None)
    assert parsed["To"].addresses[0].display_name == "A Bcc: x@example.com"
    assert parsed["Subject"] == "Hi Bcc: x@example.com X-Evil: 1"


@pytest.mark.parametrize("typed, line, lines", [
    ("  Ann Lee  ", "Ann Lee", "Ann Lee"),
    ("A\r\nBcc: x@example.com", "A Bcc: x@example.com", "A\r\nBcc: x@example.com"),
    ("tab\tand\vform\x0cfeed\x1cand\x85more\u2028breaks\u2029", "tab and form feed and more breaks",
     "tab\tandformfeedandmore\u2028breaks"),
    ("N\x00U\x07L\x1b[31m\x7fL\x9b", "NUL[31mL", "NUL[31mL"),
    ("\u202eevil\u202a\u202b\u202c\u202d\u2066\u2067\u2068\u2069 name", "evil name", "evil name"),
    ("Zoë Ünal, 李小龙, عائشة", "Zoë Ünal, 李小龙, عائشة", "Zoë Ünal, 李小龙, عائشة"),  # letters of any script stay
])
def test_text_on_one_line_and_in_lines(typed, line, lines):
    assert (text.one_line(typed), text.lines(typed)) == (line, lines)


@pytest.mark.parametrize("environ, expected", [
    ({}, {"SESSION_COOKIE_SECURE": False, "TASKS_IMMEDIATE": False, "MAIL_SERVER": ""}),
    ({"BASE_URL": "https://mentoring.example.org/"},
     {"SESSION_COOKIE_SECURE": True, "REMEMBER_COOKIE_SECURE": True, "BASE_URL": "https://mentoring.example.org"}),
    ({"TASK_QUEUE_URL": "redis://127.0.0.1:6379/0"}, {"TASK_QUEUE_URL": "redis://127.0.0.1:6379/0"}),
    ({"TASK_QUEUE_URL": "immediate"}, {"TASKS_IMMEDIATE": True}),
    ({"MAIL_SERVER": "smtp.example.org", "MAIL_PORT": "587", "MAIL_USE_TLS": "yes"},
     {"MAIL_SERVER": "smtp.example.org", "MAIL_PORT": 587, "MAIL_USE_TLS": True}),
])
def test_settings_come_from_the_environment(tmp_path, environ, expected):
    settings = load_settings({"MENTORING_INSTANCE": str(tmp_path), **environ})
    assert {key: settings[key] for key in expected} == expected
    assert settings["DATABASE_URL"] == f"sqlite:///{tmp_path / 'mentoring.db'}"


def test_development_keeps_a_generated_secret_and_production_refuses_to_start_without_one(tmp_path):
    first = load_settings({"MENTORING_INSTANCE": str(tmp_path)})["SECRET_KEY"]
    assert len(first) >= 40
    assert load_settings({"MENTORING_INSTANCE": str(tmp_path)})["SECRET_KEY"] == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0
    with pytest.raises(RuntimeError, match="SECRET_KEY must be set in production"):
        load_settings({"MENTORING_INSTANCE": str(tmp_path / "prod"), "MENTORING_ENV": "production"})
    production = load_settings({"MENTORING_ENV": "production", "SECRET_KEY": "s3cret"})
    assert production["SECRET_KEY"] == "s3cret"


@pytest.mark.parametrize("number, noun, plural, words", [
    (0, "pair", None, "0 pairs"),
    (1, "pair", None, "1 pair"),
    (2, "pair", None, "2 pairs"),
    (1200, "pair", None, "1,200 pairs"),
    (1, "person is", "people are", "1 person is"),
    (3, "person is", "people are", "3 people are"),
    (1, "mentor fits", "mentors fit", "1 mentor fits"),
])
def test_counted(number, noun, plural, words):
    assert counted(number, noun, plural) == words


@pytest.mark.parametrize("items, words", [
    ([], ""),
    (["Ann"], "Ann"),
    (["Ann", "Ben"], "Ann and Ben"),
    (["Ann", "Ben", "Cid"], "Ann, Ben and Cid"),
])
def test_listing(items, words):
    assert listing(items) == words


@pytest.mark.parametrize("question, about", [
    ("Which languages can you mentor in?", "Which languages can they mentor in?"),
    ("In which areas can you help someone grow?", "In which areas can they help someone grow?"),
    ("Your favourite tools", "Their favourite tools"),
    ("Where you're based, if you'd like to say", "Where they're based, if they'd like to say"),
    ("My background", "Their background"),
    ("Are you on YouTube?", "Are they on YouTube?"),
    ("Languages", "Languages"),
])
def test_about_them(question, about):
    assert about_them(question) == about


@pytest.mark.parametrize("written, shown", [
    ("plain words", "plain words"),
    ("two\nlines", "two<br>lines"),
    ("<b>bold</b> & more", "&lt;b&gt;bold&lt;/b&gt; &amp; more"),
    ("see https://example.org/a?b=1&c=2.", 'see <a href="https://example.org/a?b=1&amp;c=2" '
                                           'rel="nofollow noopener noreferrer">https://example.org/a?b=1&amp;c=2</a>.'),
    ("(at http://example.org/x)", '(at <a href="http://example.org/x" rel="nofollow noopener noreferrer">'
                                  'http://example.org/x</a>)'),
    ("https://en.wikipedia.org/wiki/Foo_(bar)", '<a href="https://en.wikipedia.org/wiki/Foo_(bar)" '
                                                'rel="nofollow noopener noreferrer">https://en.wikipedia.org/wiki/Foo_(bar)</a>'),
    ('javascript:alert(1) "https://x.org/"><script>', 'javascript:alert(1) &#34;<a href="https://x.org/" '
                                                      'rel="nofollow noopener noreferrer">https://x.org/</a>&#34;&gt;&lt;script&gt;'),
])
def test_a_message_is_text_with_its_lines_and_links(written, shown):
    assert text.message_html(written) == shown
