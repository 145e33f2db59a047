"""Profile photos: uploaded on the account page, read for what they are, cut square, resized and stripped of their
metadata; served to those who share a program with the person (kept by the browser a year under an address that
changes with the photo); refused with a message when not a picture; gone with the account. Initials otherwise."""
import io
import re

import pytest
from PIL import Image

from conftest import PASSWORD
from mentoring.models import User
from support.client import logged_in, text


def stored(app):
    """The keys of the bytes kept in the site's file store."""
    with app.app_context():
        return sorted(app.extensions["file_storage"].keys())


def png_with_exif(width=300, height=200):
    """A wide PNG carrying EXIF (a camera's name and a place), left half red, right half blue."""
    picture = Image.new("RGB", (width, height), "red")
    picture.paste(Image.new("RGB", (width // 2, height), "blue"), (width // 2, 0))
    exif = Image.Exif()
    exif[0x010F] = "Secret Camera Co"  # Make
    exif[0x0110] = "Model 7"
    out = io.BytesIO()
    picture.save(out, "PNG", exif=exif)
    return out.getvalue()


def upload(client, content, name="me.png"):
    return client.submit("/account/photo", {"photo": (io.BytesIO(content), name)}, page="/account")


def photo_urls(page):
    return re.findall(r'src="(/people/\d+/photo/[^"]+)"', page)


@pytest.fixture
def scene(app, make_user, make_program, join):
    coordinator = make_user(name="Cora Coordinator")
    program = make_program(coordinators=[coordinator])
    mia, max_ = make_user(name="Mia Mentee"), make_user(name="Max Mentor")
    join(mia, program, "mentee")
    join(max_, program, "mentor")
    other = make_program(name="Another Program")
    olga = make_user(name="Olga Outsider")
    join(olga, other, "mentee")
    return {"program": program, "coordinator": coordinator, "mia": mia, "max": max_, "olga": olga}


def test_an_uploaded_photo_is_served_square_resized_without_exif_and_cached(app, scene):
    original = png_with_exif()
    assert b"Secret Camera Co" in original
    mia = logged_in(app, scene["mia"], PASSWORD)
    assert upload(mia, original).status_code == 302
    page = text(mia.get("/account"))
    assert "Your photo is saved." in page and "Remove photo" in page
    urls = photo_urls(page)
    assert len(urls) == 1 and urls[0].endswith("-256.webp")
    assert 'alt="Mia Mentee"' in page  # the account page's photo stands alone: it carries the name

    user = User.get_by_id(scene["mia"].id)
    assert stored(app) == sorted([user.photo_key, user.photo_small_key])
    for size in (256, 64):
        response = mia.get(urls[0].replace("-256.", f"-{size}."))
        assert response.status_code == 200
        assert response.headers["Content-Type"] == "image/webp"
        assert response.headers["Cache-Control"] == "private, max-age=31536000, immutable"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        body = response.get_data()
        assert b"Secret Camera Co" not in body
        served = Image.open(io.BytesIO(body))
        assert served.format == "WEBP" and served.size == (size, size)
        assert not served.getexif() and "exif" not in served.info and "icc_profile" not in served.info
        rgb = served.convert("RGB")  # the centre kept: red on the left, blue on the right, nothing else
        left, right = rgb.getpixel((size // 8, size // 2)), rgb.getpixel((size - size // 8, size // 2))
        assert left[0] > 200 and left[2] < 60 and right[2] > 200 and right[0] < 60

    for viewer in (scene["max"], scene["coordinator"]):  # a fellow member, a coordinator of the program
        assert logged_in(app, viewer, PASSWORD).get(urls[0]).status_code == 200
    olga = logged_in(app, scene["olga"], PASSWORD)
    assert olga.get(urls[0]).status_code == 404  # another program's member
    assert app.test_client().get(urls[0]).status_code in (302, 401)  # a visitor logs in first

    first_keys = stored(app)
    assert upload(mia, png_with_exif(120, 400), "again.png").status_code == 302
    new_url = photo_urls(text(mia.get("/account")))[0]
    assert new_url != urls[0]  # a new address: the year-long cache never shows the old face
    assert mia.get(urls[0]).status_code == 404
    assert set(stored(app)).isdisjoint(first_keys) and len(stored(app)) == 2  # the old bytes are gone

    removed = mia.submit("/account/photo/remove", {}, page="/account")
    assert removed.status_code == 302
    page = text(mia.get("/account"))
    assert "Your photo is removed." in page and photo_urls(page) == [] and stored(app) == []
    assert 'data-initials="MM" role="img" aria-label="Mia Mentee"></span>' in page


@pytest.mark.parametrize("content, name, message", [
    (b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n", "cv.pdf", "“cv.pdf” is not a picture we can read."),
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "broken.png", "“broken.png” is not a picture we can read."),
    (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "face.svg", "“face.svg” is not a picture we can read."),
])
def test_a_file_that_is_not_a_picture_is_refused_with_the_form(app, scene, content, name, message):
    mia = logged_in(app, scene["mia"], PASSWORD)
    response = upload(mia, content, name)
    assert response.status_code == 422
    page = text(response)
    assert message in page and 'enctype="multipart/form-data"' in page
    assert stored(app) == [] and User.get_by_id(scene["mia"].id).photo_key is None


def test_a_picture_of_too_many_pixels_is_refused_before_it_is_decoded(app, scene):
    huge = io.BytesIO()
    Image.new("1", (9_000, 9_000)).save(huge, "PNG")  # 81 million pixels in a few kilobytes
    assert len(huge.getvalue()) < 100_000
    mia = logged_in(app, scene["mia"], PASSWORD)
    response = upload(mia, huge.getvalue(), "bomb.png")
    assert response.status_code == 422
    assert "“bomb.png” is 9000 × 9000 pixels, too large to read" in text(response)
    assert stored(app) == []


def test_no_photo_chosen_is_asked_for(app, scene):
    response = logged_in(app, scene["mia"], PASSWORD).submit("/account/photo", {}, page="/account")
    assert response.status_code == 422 and "Choose the picture to use as your photo." in text(response)


def test_without_a_photo_people_see_initials(app, scene):
    page = text(logged_in(app, scene["mia"], PASSWORD).get("/account"))
    assert photo_urls(page) == []
    face = r'<span class="avatar avatar--128 avatar--tone-\d" data-initials="MM" role="img" aria-label="Mia Mentee">'
    assert re.search(face, page)


def test_deleting_the_account_removes_the_photo_bytes(app, scene):
    mia = logged_in(app, scene["mia"], PASSWORD)
    assert upload(mia, png_with_exif()).status_code == 302
    assert len(stored(app)) == 2
    exported = mia.get("/account/export").get_json()
    assert exported["photo"] == {"has_photo": True}
    response = mia.submit("/account/delete", {"password": PASSWORD, "understood": "y"})
    assert response.status_code == 302
    assert stored(app) == [] and User.get_or_none(User.id == scene["mia"].id) is None


def test_faces_on_a_list_cost_no_query_per_person(app, scene, make_user, join, make_pair):
    """The suggestions page shows each mentor's face from the rows it already loads: as many queries with photos as
    without, and the same with five mentors as with two."""
    from test_queries import counting_queries
    program = scene["program"]
    mia = logged_in(app, scene["mia"], PASSWORD)
    pair = make_pair(program=program, mentee=make_user(name="Pia Partner"), mentor=make_user(name="Pete Partner"))
    pair_client = logged_in(app, pair.mentee.user, PASSWORD)

    def counted(client, path):
        with counting_queries() as statements:
            page = text(client.get(path))
        return len(statements), page

    before, page = counted(mia, f"/programs/{program.slug}/mentors")
    assert photo_urls(page) == [] and 'data-initials="MM" aria-hidden="true"' in page  # Max Mentor, name beside
    pair_before, _ = counted(pair_client, f"/pairs/{pair.id}")
    for number in range(3):
        join(make_user(name=f"Extra Mentor {number}"), program, "mentor")
    User.update(photo_key="ab" * 16, photo_small_key="cd" * 16).execute()
    after, page = counted(mia, f"/programs/{program.slug}/mentors")
    assert len(photo_urls(page)) == 5 and all(url.endswith("-256.webp") for url in photo_urls(page))
    assert 'alt=""' in page  # the name is beside each face
    assert after == before
    pair_after, page = counted(pair_client, f"/pairs/{pair.id}")
    assert pair_after == pair_before and f"/people/{pair.mentor.user_id}/photo/abababababab-256.webp" in page
