"""Files a pair shares, through the pages: the limits and what people are told, the real type read from the content,
the headers every download carries, who may read and delete, read-only pairs, and a person's data."""
import html
import io
import json
import re
import zipfile
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from conftest import PASSWORD
from mentoring.conversations import service
from mentoring.models import Membership, Message, Pair, PairFile
from mentoring.sniff import sniff
from support.client import logged_in, seen, text

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n"
HTML = b"<!doctype html><html><body><script>alert(1)</script></body></html>"
SCRIPT_NAME = "<img src=x onerror=alert(1)>.txt"


def office(entry, media=b""):
    """A ZIP file holding `entry` (the part that names an Office document's kind), and `media` stored as it is."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("media/image.bin", media)
        archive.writestr(entry, "<x/>")
    return buffer.getvalue()


@pytest.mark.parametrize("content, kind", [
    (PDF, "application/pdf"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "image/png"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF", "image/jpeg"),
    (b"GIF89a\x01\x00\x01\x00", "image/gif"),
    (b"GIF87a\x01\x00\x01\x00", "image/gif"),
    (b"RIFF\x24\x00\x00\x00WEBPVP8 ", "image/webp"),
    (office("word/document.xml"), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    (office("xl/workbook.xml"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    (office("ppt/presentation.xml"), "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
    (office("other.txt"), "application/octet-stream"),
    (b"PK\x03\x04 not really a zip", "application/octet-stream"),
    ("Notes for our next session: héllo\n\tcheers\r\n".encode(), "text/plain"),
    ("é".encode() * 3000, "text/plain"),  # a character cut at the end of what is read is still text
    (HTML, "application/octet-stream"),
    (b"  \n<svg xmlns='http://www.w3.org/2000/svg'/>", "application/octet-stream"),
    (b"\xef\xbb\xbf<html></html>", "application/octet-stream"),
    (b"MZ\x90\x00\x03\x00", "application/octet-stream"),
    (b"\xff\xfe\x00\x00", "application/octet-stream"),
    (b"", "application/octet-stream"),
])
def test_the_type_is_read_from_the_content(content, kind):
    assert sniff(io.BytesIO(content)) == kind


@pytest.fixture
def scene(make_user, make_program, make_pair):
    coordinator = make_user(name="Cora Coordinator")
    program = make_program(coordinators=[coordinator])
    ann = make_user(name="Ann Mentee", timezone="Europe/Berlin")
    bob = make_user(name="Bob Mentor", timezone="America/New_York")
    pair = make_pair(program, ann, bob, activated_days_ago=3)
    return pair, ann, bob, coordinator


def upload(visitor, pair, name, content, htmx=False):
    home = f"/pairs/{pair.id}"
    return visitor.submit(f"{home}/files", {"file": (io.BytesIO(content), name)}, page=home,
                          headers={"HX-Request": "true"} if htmx else None)


def test_a_file_shared_by_one_is_listed_for_the_other_and_served_safely(app, clock, scene, make_user):
    pair, ann, bob, coordinator = scene
    ann_client, bob_client = logged_in(app, ann, PASSWORD), logged_in(app, bob, PASSWORD)
    home = f"/pairs/{pair.id}"
    page = ann_client.text(home)
    assert 'id="files"' in page and 'enctype="multipart/form-data"' in page and "At most 10 MB a file" in page
    fragment = upload(ann_client, pair, "My CV.pdf", PDF, htmx=True)
    assert fragment.status_code == 200 and "HX-Request" in fragment.headers["Vary"]
    assert text(fragment).lstrip().startswith('<section id="files"') and "“My CV.pdf” is shared" in text(fragment)
    clock.advance(timedelta(minutes=5))
    plain = upload(ann_client, pair, "slides.pptx", office("ppt/presentation.xml", b"\0" * 2_500_000))
    assert plain.status_code == 302 and plain.headers["Location"].endswith(f"{home}#files")
    upload(ann_client, pair, SCRIPT_NAME, b"Hello Bob")

    listing = bob_client.text(home)
    assert "My CV.pdf" in listing and "2.4 MB" in listing and "Ann Mentee" in listing
    assert "<img src=x" not in listing and SCRIPT_NAME in html.unescape(listing)
    when = clock.now().astimezone(ZoneInfo("America/New_York")).strftime("%H:%M %Z")  # Bob's zone, not Ann's
    section = listing.split('id="files"')[1].split("</section>")[0]
    assert f"{when}</span>" in section and "Delete" not in section

    files = {f.name: f for f in PairFile.select()}
    pdf = bob_client.get(f"{home}/files/{files['My CV.pdf'].id}")
    assert pdf.status_code == 200 and pdf.data == PDF and pdf.mimetype == "application/pdf"
    assert pdf.headers["Content-Disposition"] == "inline; filename=\"My CV.pdf\"; filename*=UTF-8''My%20CV.pdf"
    assert pdf.headers["X-Content-Type-Options"] == "nosniff" and pdf.headers["Cache-Control"] == "no-store"
    slides = bob_client.get(f"{home}/files/{files['slides.pptx'].id}")
    assert slides.headers["Content-Disposition"].startswith("attachment;") and len(slides.data) > 2_500_000
    assert slides.mimetype.endswith("presentationml.presentation")
    script = bob_client.get(f"{home}/files/{files[SCRIPT_NAME].id}")
    assert script.mimetype == "text/plain" and script.headers["Content-Disposition"].startswith("attachment;")
    assert "filename*=UTF-8''%3Cimg%20src%3Dx%20onerror%3Dalert%281%29%3E.txt" in script.headers[
        "Content-Disposition"]


def test_an_html_file_named_pdf_is_served_as_an_attachment_of_no_particular_type(app, scene):
    pair, ann, bob, _ = scene
    upload(logged_in(app, ann, PASSWORD), pair, "report.pdf", HTML)
    served = logged_in(app, bob, PASSWORD).get(f"/pairs/{pair.id}/files/{PairFile.get().id}")
    assert served.mimetype == "application/octet-stream" and served.data == HTML
    assert served.headers["Content-Disposition"].startswith("attachment;")
    assert served.headers["X-Content-Type-Options"] == "nosniff"


def test_names_are_cleaned_of_paths_and_control_characters(app, scene):
    pair, ann, _, _ = scene
    visitor = logged_in(app, ann, PASSWORD)
    upload(visitor, pair, "../../etc/pass\twd\u202e.txt", b"x")
    upload(visitor, pair, "docs/cv\x07.txt", b"x")
    assert sorted(PairFile.select().tuples().select(PairFile.name)) == [("cv.txt",), ("pass wd.txt",)]


def test_limits_give_the_form_back_with_a_message(make_app, scene):
    app = make_app(FILE_MAX_BYTES=1000, FILE_PAIR_QUOTA_BYTES=2500)
    pair, ann, _, _ = scene
    visitor = logged_in(app, ann, PASSWORD)
    for htmx in (False, True):
        too_large = upload(visitor, pair, "big.txt", b"a" * 200_000, htmx=htmx)  # refused before reading it
        assert too_large.status_code == 422, too_large.status_code
        page = text(too_large)
        assert "too large: a file can be at most 1,000 bytes" in page and 'type="file"' in page
        just_over = upload(visitor, pair, "big.txt", b"a" * 1001, htmx=htmx)  # within the body's slack
        assert just_over.status_code == 422 and "at most 1,000 bytes" in text(just_over)
    assert upload(visitor, pair, "one.txt", b"a" * 1000).status_code == 302
    assert upload(visitor, pair, "two.txt", b"a" * 1000).status_code == 302
    over_quota = upload(visitor, pair, "three.txt", b"a" * 600, htmx=True)
    assert over_quota.status_code == 422 and text(over_quota).lstrip().startswith('<section id="files"')
    assert "“three.txt” (600 bytes) does not fit" in text(over_quota) and "500 bytes is left" in text(over_quota)
    empty = upload(visitor, pair, "", b"")
    assert empty.status_code == 422 and "Choose a file to upload." in text(empty)
    assert PairFile.select().count() == 2 and len(_stored(app)) == 2


def _stored(app):
    """The files kept in the site's store."""
    return [path for path in Path(app.config["FILE_STORAGE_PATH"]).rglob("*") if path.is_file()]


def test_a_file_sent_twice_is_kept_once(app, scene):
    pair, ann, _, _ = scene
    visitor, home = logged_in(app, ann, PASSWORD), f"/pairs/{pair.id}"
    page = visitor.text(home)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"', page)
    key = re.search(r'name="submission" value="([^"]+)"', page.split('id="files"')[1]).group(1)
    for _ in range(2):
        sent = visitor.post(f"{home}/files", data={"csrf_token": token.group(1) or token.group(2), "submission": key,
                                                   "file": (io.BytesIO(b"once"), "once.txt")})
        assert sent.status_code in (302, 303)
    assert PairFile.select().count() == 1


def test_only_the_pair_reads_its_files_and_each_deletes_only_their_own(app, scene, make_user):
    pair, ann, bob, coordinator = scene
    ann_client, bob_client = logged_in(app, ann, PASSWORD), logged_in(app, bob, PASSWORD)
    upload(ann_client, pair, "cv.txt", b"Ann's CV")
    shared = PairFile.get()
    address = f"/pairs/{pair.id}/files/{shared.id}"
    for outsider in (coordinator, make_user(name="Stranger")):
        visitor = logged_in(app, outsider, PASSWORD)
        assert visitor.get(address).status_code == 404
        assert visitor.get(f"{address}/delete").status_code == 404
    assert "cv.txt" not in logged_in(app, coordinator, PASSWORD).text(f"/pairs/{pair.id}")
    assert bob_client.get(f"{address}/delete").status_code == 404
    assert bob_client.submit(f"{address}/delete", page=f"/pairs/{pair.id}").status_code == 404
    asked = ann_client.text(f"{address}/delete")
    assert "Delete “cv.txt”?" in asked.replace("&#8220;", "“").replace("&#8221;", "”") or "cv.txt" in asked
    gone = ann_client.submit(f"{address}/delete", page=f"{address}/delete", headers={"HX-Request": "true"})
    assert gone.status_code == 200 and "“cv.txt” is deleted." in text(gone) and "No files yet." in text(gone)
    assert PairFile.select().count() == 0 and not _stored(app)
    assert bob_client.get(address).status_code == 404


@pytest.mark.parametrize("state", [Pair.PAUSED, Pair.ENDED])
def test_a_pair_that_is_not_meeting_keeps_its_files_readable_and_takes_no_new_one(app, scene, state):
    pair, ann, bob, _ = scene
    upload(logged_in(app, ann, PASSWORD), pair, "cv.txt", b"Ann's CV")
    Pair.update(state=state).where(Pair.id == pair.id).execute()
    visitor = logged_in(app, bob, PASSWORD)
    page = visitor.text(f"/pairs/{pair.id}")
    assert "cv.txt" in page and "no file can be added" in page and 'type="file"' not in page
    refused = upload(visitor, pair, "more.txt", b"more")
    assert refused.status_code == 422 and "no file can be added" in text(refused)
    assert visitor.get(f"/pairs/{pair.id}/files/{PairFile.get().id}").data == b"Ann's CV"
    assert PairFile.select().count() == 1


def test_a_deactivated_member_cannot_upload(app, scene):
    pair, ann, _, _ = scene
    Membership.update(state=Membership.DEACTIVATED).where(Membership.id == pair.mentee_id).execute()
    refused = upload(logged_in(app, ann, PASSWORD), pair, "cv.txt", b"Ann's CV", htmx=True)
    assert refused.status_code == 422 and "deactivated" in text(refused) and PairFile.select().count() == 0


def test_my_files_are_in_my_data_and_go_with_my_account(app, scene):
    pair, ann, bob, _ = scene
    ann_client = logged_in(app, ann, PASSWORD)
    upload(ann_client, pair, "cv.txt", b"Ann's CV")
    upload(logged_in(app, bob, PASSWORD), pair, "bob.txt", b"Bob's notes")
    data = json.loads(ann_client.get("/account/export").data)
    assert [(f["name"], f["bytes"]) for f in data["files"]] == [("cv.txt", 8)]
    assert ann_client.submit("/account/delete", {"password": PASSWORD, "understood": "y"}).status_code == 302
    assert [f.name for f in PairFile.select()] == ["bob.txt"]
    assert [path.read_bytes() for path in _stored(app)] == [b"Bob's notes"]  # the partner's file stays


# --- a file sent with a message ---------------------------------------------------------------------------

def write(visitor, pair, message, name=None, content=b"", htmx=False):
    """Send `message` in the pair's conversation, with a file when `name` is given (as the form does, multipart)."""
    url = f"/pairs/{pair.id}/conversation"
    data = {"text": message, **({"file": (io.BytesIO(content), name)} if name is not None else {})}
    return visitor.submit(url, data, headers={"HX-Request": "true"} if htmx else None)


def poll_url(page):
    start = page.index('id="poller" hx-get="') + len('id="poller" hx-get="')
    return page[start:page.index('"', start)].replace("&amp;", "&")


def test_a_file_sent_with_a_message_is_shown_in_it_and_downloaded_by_the_pair_alone(app, clock, scene, make_user):
    pair, ann, bob, coordinator = scene
    ann_client, bob_client = logged_in(app, ann, PASSWORD), logged_in(app, bob, PASSWORD)
    url = f"/pairs/{pair.id}/conversation"
    form = ann_client.text(url)
    assert 'enctype="multipart/form-data"' in form and 'hx-encoding="multipart/form-data"' in form
    assert '<label class="field__label" for="message-file">Attach a file (optional)</label>' in form
    assert 'data-upload-progress' in form and 'aria-label="Upload progress" hidden' in form  # shown while sending
    bobs_page = bob_client.text(url)
    sent = write(ann_client, pair, "My CV, as promised", "My CV.pdf", PDF)  # no JavaScript: a plain form
    assert sent.status_code == 302
    shared = PairFile.get()
    message = Message.get()
    assert (shared.name, shared.uploaded_by_id, message.file_id, message.text) == ("My CV.pdf", ann.id, shared.id,
                                                                                  "My CV, as promised")
    news = bob_client.get(poll_url(bobs_page), headers={"HX-Request": "true"})
    assert "My CV, as promised File: My CV.pdf (35 bytes)" in seen(news)
    download = f"/pairs/{pair.id}/files/{shared.id}"
    assert f'href="{download}"' in news.get_data(as_text=True)
    assert "My CV.pdf" in seen(bob_client.get(f"/pairs/{pair.id}"))  # in the pair's Files list too
    served = bob_client.get(download)
    assert served.status_code == 200 and served.data == PDF and served.headers["X-Content-Type-Options"] == "nosniff"
    assert logged_in(app, make_user(name="Sam Stranger"), PASSWORD).get(download).status_code == 404
    assert logged_in(app, coordinator, PASSWORD).get(download).status_code == 404

    fragment = write(bob_client, pair, "", SCRIPT_NAME, b"Notes", htmx=True)  # a file alone, with htmx
    assert fragment.status_code == 200 and text(fragment).lstrip().startswith('<section id="conversation"')
    assert f"File: {SCRIPT_NAME} (5 bytes)" in seen(fragment) and "<img src=x" not in fragment.get_data(as_text=True)


def test_a_message_without_text_or_file_or_over_the_limits_comes_back_and_keeps_nothing(make_app, scene):
    app = make_app(FILE_MAX_BYTES=1000, FILE_PAIR_QUOTA_BYTES=1500)
    pair, ann, _, _ = scene
    visitor = logged_in(app, ann, PASSWORD)
    empty = write(visitor, pair, "  ")
    assert empty.status_code == 422 and "Write a message first." in seen(empty)
    for htmx in (False, True):
        too_large = write(visitor, pair, "Here it is", "big.txt", b"a" * 1001, htmx=htmx)
        assert too_large.status_code == 422 and "a file can be at most 1,000 bytes" in seen(too_large)
        assert re.search(r">\s*Here it is</textarea>", too_large.get_data(as_text=True))  # what was typed is kept
    refused = write(visitor, pair, "Way too big", "huge.txt", b"a" * 200_000)  # refused before reading it
    assert refused.status_code == 422 and "at most 1,000 bytes" in seen(refused)
    assert write(visitor, pair, "One", "one.txt", b"a" * 1000).status_code == 302
    over_quota = write(visitor, pair, "Two", "two.txt", b"a" * 600)
    assert over_quota.status_code == 422 and "“two.txt” (600 bytes) does not fit" in seen(over_quota)
    assert [m.text for m in Message.select()] == ["One"] and PairFile.select().count() == 1 and len(_stored(app)) == 1


def test_a_message_refused_after_its_file_was_stored_leaves_nothing(app, scene, monkeypatch):
    pair, ann, _, _ = scene
    visitor = logged_in(app, ann, PASSWORD)
    Pair.update(state=Pair.PROPOSED).where(Pair.id == pair.id).execute()  # may write, may not share files
    refused = write(visitor, pair, "Proposal notes", "notes.txt", b"notes")
    assert refused.status_code == 422 and "no file can be added" in seen(refused)
    Pair.update(state=Pair.ACTIVE).where(Pair.id == pair.id).execute()
    # The pair ends between the upload and the message: the file goes too.
    monkeypatch.setattr(service, "read_only_because",
                        lambda pair, user: "The pair has ended: the conversation stays here to read.")
    refused = write(visitor, pair, "Too late", "late.txt", b"late")
    assert refused.status_code == 422 and "The pair has ended" in seen(refused)
    assert Message.select().count() == 0 and PairFile.select().count() == 0 and _stored(app) == []


def test_a_deleted_file_leaves_its_message_saying_so(app, scene):
    pair, ann, bob, _ = scene
    ann_client, bob_client = logged_in(app, ann, PASSWORD), logged_in(app, bob, PASSWORD)
    url = f"/pairs/{pair.id}/conversation"
    write(ann_client, pair, "Slides attached", "slides.txt", b"slides")
    bobs_page = bob_client.text(url)
    shared = PairFile.get()
    assert ann_client.submit(f"/pairs/{pair.id}/files/{shared.id}/delete").status_code == 302
    news = bob_client.get(poll_url(bobs_page), headers={"HX-Request": "true"})
    assert "Slides attached The file “slides.txt” was removed." in seen(news)
    assert "was removed" in seen(bob_client.get(url)) and f"/files/{shared.id}" not in bob_client.text(url)
    assert bob_client.get(f"/pairs/{pair.id}/files/{shared.id}").status_code == 404 and _stored(app) == []
