"""Files in the program's library: a coordinator uploads one (its type read from its bytes, within the site's
limit), the program's members download it as the pair's files are served, others get 404, and its bytes go with it."""
import io

import pytest

from conftest import PASSWORD
from mentoring.models import Resource, ResourceFile
from support.client import logged_in, seen, text

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n"
HTML = b"<!doctype html><html><body><script>alert(1)</script></body></html>"
TYPED = {"kind": "file", "title": "Session slides", "description": "Slides of the kick-off", "link": "", "body": "",
         "tags": "slides", "audience": "everyone", "stage": ""}


@pytest.fixture
def scene(app, make_user, make_program, join):
    coordinator = make_user(name="Cora Coordinator")
    program = make_program(coordinators=[coordinator])
    mia = make_user(name="Mia Mentee")
    join(mia, program, "mentee")
    return {"program": program, "coordinator": coordinator, "mia": mia, "library": f"/programs/{program.slug}/library"}


def stored(app):
    """The keys of the bytes kept in the site's file store."""
    with app.app_context():
        return sorted(app.extensions["file_storage"].keys())


def add(client, library, content, name, **fields):
    return client.submit(f"{library}/new", {**TYPED, **fields, "file": (io.BytesIO(content), name)})


def test_a_coordinator_shares_a_file_that_members_download_and_others_do_not(app, scene, make_user):
    cora = logged_in(app, scene["coordinator"], PASSWORD)
    library = scene["library"]
    form = text(cora.get(f"{library}/new"))
    assert 'enctype="multipart/form-data"' in form
    assert '<label class="field__label" for="file">File (for a file)' in form
    missing = cora.submit(f"{library}/new", TYPED)
    assert missing.status_code == 422 and "Choose the file to share." in text(missing)
    assert 'value="Session slides"' in text(missing)  # what was typed stays
    assert add(cora, library, PDF, "Kick-off slides.pdf").status_code == 302
    resource = Resource.get(Resource.title == "Session slides")
    kept = ResourceFile.get(ResourceFile.resource == resource)
    assert (kept.name, kept.size, kept.content_type) == ("Kick-off slides.pdf", len(PDF), "application/pdf")
    assert stored(app) == [kept.key]

    mia = logged_in(app, scene["mia"], PASSWORD)
    page = seen(mia.get(f"{library}/{resource.id}"))
    assert "Download “Kick-off slides.pdf”" in page and f"{len(PDF)} bytes" in page
    download = mia.get(f"{library}/{resource.id}/file")
    assert download.status_code == 200 and download.get_data() == PDF
    assert download.headers["Content-Type"] == "application/pdf"
    assert download.headers["Content-Disposition"].startswith('inline; filename="Kick-off slides.pdf"')
    assert download.headers["X-Content-Type-Options"] == "nosniff" and download.headers["Cache-Control"] == "no-store"

    outsider = logged_in(app, make_user(name="Olga Outsider"), PASSWORD)
    assert outsider.get(f"{library}/{resource.id}/file").status_code == 404
    assert app.test_client().get(f"{library}/{resource.id}/file").status_code in (302, 404)  # a visitor logs in first
    a_page = Resource.get(Resource.program == scene["program"], Resource.kind == "page")
    assert mia.get(f"{library}/{a_page.id}/file").status_code == 404  # a page has no file


def test_markup_is_never_served_as_a_page_and_a_replaced_or_removed_file_leaves_no_bytes(app, scene):
    cora, mia = logged_in(app, scene["coordinator"], PASSWORD), logged_in(app, scene["mia"], PASSWORD)
    library = scene["library"]
    assert add(cora, library, HTML, "agenda.html").status_code == 302
    resource = Resource.get(Resource.title == "Session slides")
    download = mia.get(f"{library}/{resource.id}/file")
    assert download.headers["Content-Type"] == "application/octet-stream"
    assert download.headers["Content-Disposition"].startswith('attachment; filename="agenda.html"')
    first = stored(app)

    edited = cora.submit(f"{library}/{resource.id}/edit", {**TYPED, "file": (io.BytesIO(PDF), "agenda.pdf")})
    assert edited.status_code == 302
    assert mia.get(f"{library}/{resource.id}/file").get_data() == PDF
    assert len(stored(app)) == 1 and stored(app) != first  # the replaced file's bytes are gone
    kept_only = cora.submit(f"{library}/{resource.id}/edit", {**TYPED, "title": "Slides"})  # no new file: kept
    assert kept_only.status_code == 302 and mia.get(f"{library}/{resource.id}/file").get_data() == PDF
    assert "“agenda.pdf”" in seen(cora.get(f"{library}/{resource.id}/edit"))

    assert cora.submit(f"{library}/{resource.id}/remove", {}, page=library).status_code == 302
    assert stored(app) == [] and ResourceFile.select().count() == 0
    assert mia.get(f"{library}/{resource.id}/file").status_code == 404


def test_a_file_over_the_limit_or_empty_comes_back_with_the_form(make_app, scene):
    app = make_app(FILE_MAX_BYTES=1000)
    cora = logged_in(app, scene["coordinator"], PASSWORD)
    library = scene["library"]
    too_large = add(cora, library, b"a" * 200_000, "big.pdf")  # refused before it is read
    assert too_large.status_code == 422 and "a file can be at most 1,000 bytes" in text(too_large)
    just_over = add(cora, library, b"a" * 1001, "big.txt")
    assert just_over.status_code == 422 and "at most 1,000 bytes" in text(just_over)
    assert 'value="Session slides"' in text(just_over)
    empty = add(cora, library, b"", "empty.pdf")
    assert empty.status_code == 422 and "“empty.pdf” is empty" in text(empty)
    assert Resource.select().where(Resource.title == "Session slides").count() == 0 and stored(app) == []


def test_a_failed_save_keeps_no_bytes_and_changes_nothing(app, scene, monkeypatch):
    from mentoring import audit
    cora = logged_in(app, scene["coordinator"], PASSWORD)

    def broken(*args, **kwargs):
        raise RuntimeError("the audit log is down")

    monkeypatch.setattr(audit, "record", broken)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    assert add(cora, scene["library"], PDF, "slides.pdf").status_code == 500
    assert Resource.select().where(Resource.title == "Session slides").count() == 0 and stored(app) == []
