"""In a real browser: a mentee sees her initials, uploads a photo on her account page and sees it drawn there as a
256 px square; her mentor sees her face on their pair's page; she removes it and her initials are back."""
import io

from PIL import Image
from playwright.sync_api import expect

from conftest import PASSWORD
from support.browser import log_in


def test_a_photo_uploaded_is_shown_to_the_partner_and_removed(new_page, make_user, make_program, join, make_pair,
                                                             tmp_path):
    program = make_program(name="Writers Circle")
    ann, bob = make_user(name="Ann Mentee"), make_user(name="Bob Mentor")
    pair = make_pair(program, join(ann, program, "mentee"), join(bob, program, "mentor"), activated_days_ago=3)
    picture = tmp_path / "ann.jpg"
    out = io.BytesIO()
    Image.new("RGB", (640, 480), "teal").save(out, "JPEG")
    picture.write_bytes(out.getvalue())

    page = new_page()
    log_in(page, ann, PASSWORD)
    page.goto("/account")
    initials = page.get_by_role("img", name="Ann Mentee")
    expect(initials).to_be_visible()
    assert initials.evaluate("e => getComputedStyle(e, '::before').content") == '"AM"'
    page.get_by_label("A picture of you").set_input_files(picture)
    page.get_by_role("button", name="Upload photo").click()
    expect(page.get_by_role("status")).to_contain_text("Your photo is saved.")
    photo = page.get_by_role("img", name="Ann Mentee")
    expect(photo).to_have_js_property("naturalWidth", 256)
    assert photo.evaluate("e => [e.clientWidth, e.clientHeight]") == [128, 128]

    partner = new_page()
    log_in(partner, bob, PASSWORD)
    partner.goto(f"/pairs/{pair.id}")
    face = partner.get_by_role("region", name="Ann Mentee").locator("img").first  # the partner's card
    expect(face).to_have_js_property("naturalWidth", 256)
    assert face.get_attribute("alt") == ""  # the name is beside it

    page.get_by_role("button", name="Remove photo").click()
    expect(page.get_by_role("status")).to_contain_text("Your photo is removed.")
    expect(page.get_by_role("img", name="Ann Mentee")).to_have_attribute("data-initials", "AM")
