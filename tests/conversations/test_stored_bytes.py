"""The bytes of files go with their rows, however those rows go: a program deleted by its coordinator takes its pairs'
files and its library's files, bytes and all, once the deletion commits (a failed deletion keeps them); the hourly
sweep removes bytes no row points to, and never an upload still on its way to its row."""
import io
from datetime import timedelta

import pytest

from conftest import PASSWORD
from mentoring import storage
from mentoring.models import PairFile, Program, ResourceFile, User
from support.client import logged_in, seen, text

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n"


@pytest.fixture
def scene(app, make_user, make_program, make_pair):
    """A program whose pair shared a file and whose library holds one; its coordinator logged in."""
    cora = make_user(name="Cora Coordinator")
    program = make_program(coordinators=[cora])
    ann, bob = make_user(name="Ann Mentee"), make_user(name="Bob Mentor")
    pair = make_pair(program, ann, bob, activated_days_ago=3)
    ann_client, cora_client = logged_in(app, ann, PASSWORD), logged_in(app, cora, PASSWORD)
    assert ann_client.submit(f"/pairs/{pair.id}/files", {"file": (io.BytesIO(PDF), "cv.pdf")},
                             page=f"/pairs/{pair.id}").status_code == 302
    assert cora_client.submit(f"/programs/{program.slug}/library/new", {
        "kind": "file", "title": "Slides", "description": "", "link": "", "body": "", "tags": "",
        "audience": "everyone", "stage": "", "file": (io.BytesIO(PDF), "slides.pdf")}).status_code == 302
    return {"program": program, "pair": pair, "cora": cora_client, "ann": ann_client}


def stored(app):
    with app.app_context():
        return set(app.extensions["file_storage"].keys())


def close(program):
    Program.update(state=Program.CLOSED).where(Program.id == program.id).execute()


def test_a_program_deleted_by_its_coordinator_leaves_no_bytes_behind(app, scene):
    program, cora = scene["program"], scene["cora"]
    delete = f"/programs/{program.slug}/delete"
    assert len(stored(app)) == 2
    assert "Only a draft or a closed program can be deleted" in seen(cora.get(delete))  # it is open
    close(program)
    wrong = cora.submit(delete, {"name": "Rust"})
    assert wrong.status_code == 422 and "Type the program's name exactly" in text(wrong)
    assert 'value="Rust"' in text(wrong) and len(stored(app)) == 2
    done = cora.submit(delete, {"name": program.name})
    assert done.status_code == 302
    assert f"“{program.name}” is deleted" in seen(cora.get(done.headers["Location"]))
    assert Program.select().where(Program.id == program.id).count() == 0
    assert PairFile.select().count() == 0 and ResourceFile.select().count() == 0
    assert stored(app) == set()
    assert scene["ann"].get(f"/pairs/{scene['pair'].id}").status_code == 404


def test_a_failed_deletion_keeps_the_files_and_their_bytes(app, scene, monkeypatch):
    program, cora = scene["program"], scene["cora"]
    close(program)
    kept = stored(app)

    def broken(*args, **kwargs):
        raise RuntimeError("the audit log is down")

    monkeypatch.setattr("mentoring.audit.record", broken)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    assert cora.submit(f"/programs/{program.slug}/delete", {"name": program.name}).status_code == 500
    assert Program.select().where(Program.id == program.id).count() == 1 and stored(app) == kept
    pair_file = PairFile.get()
    download = scene["ann"].get(f"/pairs/{scene['pair'].id}/files/{pair_file.id}")
    assert download.status_code == 200 and download.get_data() == PDF


def test_the_sweep_removes_bytes_whose_rows_went_by_a_cascade_and_keeps_the_rest(app, scene, scheduler):
    pair_file = PairFile.get()
    with app.app_context():
        store = app.extensions["file_storage"]
        store.save("0" * 32, io.BytesIO(b"an upload on its way to its row"))
    kept = stored(app)
    PairFile.delete().where(PairFile.id == pair_file.id).execute()  # as a cascade would, leaving the bytes
    scheduler.advance(timedelta(hours=1))  # first seen without a row: kept a while, in case a row is on its way
    assert stored(app) == kept
    with app.app_context():
        PairFile.create(pair=scene["pair"], name="late.txt", size=10, content_type="text/plain", key="0" * 32)
    scheduler.advance(timedelta(hours=1))  # still without a row an hour later: removed
    assert stored(app) == kept - {pair_file.key}
    with app.app_context():
        assert storage.unreferenced() == set()


def test_an_account_deletion_that_fails_keeps_the_pairs_files_and_one_that_commits_removes_them(app, scene,
                                                                                                 monkeypatch):
    ann, pair = scene["ann"], scene["pair"]
    pair_file = PairFile.get()
    original = User.delete_instance

    def broken(self, *args, **kwargs):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(User, "delete_instance", broken)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    assert ann.submit("/account/delete", {"password": PASSWORD, "understood": "y"}).status_code == 500
    assert pair_file.key in stored(app)
    assert ann.get(f"/pairs/{pair.id}/files/{pair_file.id}").get_data() == PDF
    monkeypatch.setattr(User, "delete_instance", original)
    assert ann.submit("/account/delete", {"password": PASSWORD, "understood": "y"}).status_code == 302
    assert pair_file.key not in stored(app) and len(stored(app)) == 1  # the library's file stays
