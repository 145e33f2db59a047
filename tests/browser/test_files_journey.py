"""In a real browser: a file one of a pair uploads (htmx swaps the list in) is downloaded by the other, and refused
(404) to a third person and to the program's coordinator."""
from zoneinfo import ZoneInfo

from playwright.sync_api import expect

from conftest import PASSWORD
from mentoring import clock
from mentoring.models import Message
from support.browser import log_in

NOTES = b"Topics for Thursday: the talk's outline, the slides, the first rehearsal.\n" * 2000


def now_in(zone):
    """The frozen moment as the list shows it to a viewer in `zone`."""
    local = clock.now().astimezone(ZoneInfo(zone))
    return f"{local.strftime('%a %d %b %Y, %H:%M')} {local.tzname()}"


def test_a_file_uploaded_by_one_is_downloaded_by_the_other_and_no_one_else(new_page, make_user, make_program,
                                                                          make_pair):
    coordinator = make_user(name="Cora Coordinator")
    program = make_program(coordinators=[coordinator])
    ann, eve = make_user(name="Ann Mentee"), make_user(name="Eve Elsewhere")
    bob = make_user(name="Bob Mentor", timezone="America/New_York")
    pair = make_pair(program, ann, bob, activated_days_ago=3)

    page = new_page()
    log_in(page, ann, PASSWORD)
    page.goto(f"/pairs/{pair.id}")
    page.get_by_label("Add a file").set_input_files(
        files=[{"name": "talk notes.txt", "mimeType": "text/html", "buffer": NOTES}])
    page.get_by_role("button", name="Upload").click()
    files = page.locator("#files")
    expect(files.get_by_role("status")).to_contain_text("“talk notes.txt” is shared with your partner.")
    expect(files.get_by_role("link", name="talk notes.txt", exact=True)).to_be_visible()
    expect(files).to_contain_text(f"145 KB, from you, {now_in('Europe/Berlin')}")

    partner = new_page(timezone_id="America/New_York")
    log_in(partner, bob, PASSWORD)
    partner.goto(f"/pairs/{pair.id}")
    expect(partner.locator("#files")).to_contain_text(f"145 KB, from Ann Mentee, {now_in('America/New_York')}")
    with partner.expect_download() as download:
        partner.locator("#files").get_by_role("link", name="talk notes.txt", exact=True).click()
    assert download.value.suggested_filename == "talk notes.txt"
    with open(download.value.path(), "rb") as saved:
        assert saved.read() == NOTES
    address = partner.locator("#files").get_by_role("link", name="talk notes.txt", exact=True).get_attribute("href")

    for outsider in (eve, coordinator):
        other = new_page()
        log_in(other, outsider, PASSWORD)
        assert other.goto(address).status == 404
        expect(other.get_by_role("heading", name="Page not found")).to_be_visible()


def test_a_file_over_the_limit_is_refused_before_it_is_sent_and_the_message_stays(app, new_page, make_user,
                                                                                   make_program, make_pair):
    """With JavaScript the browser refuses a file over the site's limit before sending anything (a body too large for
    the server would otherwise be refused unread, and what was typed beside the file with it)."""
    app.config["FILE_MAX_BYTES"] = 1000
    ann, bob = make_user(name="Ann Mentee"), make_user(name="Bob Mentor")
    pair = make_pair(make_program(), ann, bob, activated_days_ago=3)
    page = new_page()
    log_in(page, ann, PASSWORD)
    page.goto(f"/pairs/{pair.id}/conversation")
    page.get_by_role("textbox", name="Message").fill("Here is my portfolio, and a question about it.")
    attach = page.get_by_label("Attach a file (optional)")
    attach.set_input_files(files=[{"name": "portfolio.pdf", "mimeType": "application/pdf", "buffer": NOTES}])
    posts = []
    page.on("request", lambda request: posts.append(request.url) if request.method == "POST" else None)
    page.get_by_role("button", name="Send").click()
    expect(attach).to_be_focused()
    expect(attach).to_have_accessible_description(
        "That file is too large: a file can be at most 1,000 bytes. Nothing was uploaded.")
    expect(page.get_by_role("textbox", name="Message")).to_have_value("Here is my portfolio, and a question about it.")
    assert posts == [] and Message.select().count() == 0  # nothing was sent
    attach.set_input_files(files=[{"name": "notes.txt", "mimeType": "text/plain", "buffer": NOTES[:500]}])
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("log").get_by_role("link", name="notes.txt")).to_be_visible()
