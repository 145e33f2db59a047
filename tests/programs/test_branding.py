"""A program's look: its coordinator sets an accent colour (refused, the form kept, when no text reads on it) and a
logo (read for what it is, made to fit, served with caching headers); the program's pages take the colour from a
stylesheet of its own, without an inline style."""
import io
import re

import pytest
from PIL import Image

from config import ROOT
from conftest import PASSWORD
from mentoring.contrast import themes
from mentoring.models import Program
from mentoring.programs.branding import SITE_ACCENT
from support.client import logged_in, seen, text


def logo_png(width=1200, height=300):
    out = io.BytesIO()
    Image.new("RGBA", (width, height), (200, 40, 40, 255)).save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def coordinating(client, log_in, make_user, make_program):
    """A coordinator logged in, and their open program."""
    coordinator = make_user(name="Cora Coordinator")
    program = make_program(name="Rust Mentoring", coordinators=[coordinator])
    log_in(coordinator)
    return program


def save_look(client, program, **data):
    return client.submit(f"/programs/{program.slug}/branding", data, page=f"/programs/{program.slug}/settings")


def theme_links(page):
    return re.findall(r'<link rel="stylesheet" href="(/programs/[^"]+/theme-[^"]+\.css)">', page)


def test_a_good_accent_is_saved_and_the_programs_pages_take_it(client, coordinating):
    response = save_look(client, coordinating, accent="#0F766E")
    assert response.status_code == 302
    page = text(client.get(response.headers["Location"]))
    assert "The program's look is saved." in page and 'value="#0f766e"' in page
    assert Program.get_by_id(coordinating.id).accent == "#0f766e"
    [link] = theme_links(text(client.get(f"/programs/{coordinating.slug}")))
    assert theme_links(page) == [link] and " style=" not in page
    sheet = client.get(link)
    assert sheet.mimetype == "text/css" and "--accent: #0f766e;" in text(sheet)
    assert "--accent-ink: #ffffff;" in text(sheet)
    assert sheet.headers["Cache-Control"] == "private, max-age=31536000, immutable"
    assert client.get(f"/programs/{coordinating.slug}/theme-234e8c.css").status_code == 404  # an old version


def test_the_pairs_pages_and_the_console_take_the_accent_too(app, client, coordinating, make_pair):
    save_look(client, coordinating, accent="#0f766e")
    [link] = theme_links(text(client.get(f"/programs/{coordinating.slug}")))
    assert theme_links(text(client.get(f"/programs/{coordinating.slug}/applicants"))) == [link]
    pair = make_pair(coordinating)
    mentee = logged_in(app, pair.mentee.user, PASSWORD)
    assert theme_links(text(mentee.get(f"/pairs/{pair.id}"))) == [link]
    assert theme_links(text(mentee.get(f"/pairs/{pair.id}/conversation"))) == [link]


def test_a_light_accent_gets_dark_text(client, coordinating):
    save_look(client, coordinating, accent="#ffd400")
    [link] = theme_links(text(client.get(f"/programs/{coordinating.slug}")))
    assert "--accent-ink: #111827;" in text(client.get(link))


def test_an_accent_no_text_reads_on_is_refused_and_the_form_kept(client, coordinating):
    response = save_look(client, coordinating, accent="#E0457B")
    page = seen(response)
    assert response.status_code == 422
    assert ("Text would be hard to read on #e0457b: white text reaches 4.0:1 and black text 4.5:1, and both need "
            "4.5:1. Choose a darker or a lighter shade.") in page
    assert 'value="#e0457b"' in text(response) and "Program settings" in page
    assert Program.get_by_id(coordinating.id).accent is None


@pytest.mark.parametrize("typed", ["blue", "#12345", "#gggggg"])
def test_a_colour_that_is_not_one_is_refused(client, coordinating, typed):
    response = save_look(client, coordinating, accent=typed)
    assert response.status_code == 422
    assert "Write the colour as six hex digits after a #, like #234e8c." in seen(response)


def test_the_sites_own_blue_takes_no_stylesheet(client, coordinating):
    save_look(client, coordinating, accent="#0f766e")
    save_look(client, coordinating, accent="#0f766e", site_accent="y")
    assert Program.get_by_id(coordinating.id).accent is None
    assert theme_links(text(client.get(f"/programs/{coordinating.slug}"))) == []
    assert themes((ROOT / "static" / "css" / "app.css").read_text())["light"]["accent"] == SITE_ACCENT


def test_the_logo_appears_on_the_program_page_resized_and_cached(app, client, coordinating):
    response = save_look(client, coordinating, accent=SITE_ACCENT, file=(io.BytesIO(logo_png()), "logo.png"))
    assert response.status_code == 302
    page = text(client.get(f"/programs/{coordinating.slug}"))
    [src] = re.findall(r'<img class="program-logo" src="([^"]+)" alt="Rust Mentoring logo">', page)
    served = client.get(src)
    assert served.mimetype == "image/webp"
    assert served.headers["Cache-Control"] == "private, max-age=31536000, immutable"
    assert Image.open(io.BytesIO(served.data)).size == (480, 120)
    removed = client.submit(f"/programs/{coordinating.slug}/logo/remove", {},
                            page=f"/programs/{coordinating.slug}/settings")
    assert "The logo is removed." in text(client.get(removed.headers["Location"]))
    assert client.get(src).status_code == 404
    assert "program-logo" not in text(client.get(f"/programs/{coordinating.slug}"))


def test_a_logo_that_is_not_a_picture_is_refused(client, coordinating):
    response = save_look(client, coordinating, file=(io.BytesIO(b"%PDF-1.4 not a logo"), "logo.pdf"))
    assert response.status_code == 422
    assert "“logo.pdf” is not a picture we can read." in seen(response)


def test_only_the_programs_coordinators_change_its_look(client, log_in, make_user, make_program):
    program = make_program(coordinators=[make_user()])
    log_in(make_user(name="Someone Else"))
    assert client.submit(f"/programs/{program.slug}/branding", {"accent": "#0f766e"}, page="/").status_code == 404
