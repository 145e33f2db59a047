"""Files benchmark: how much the worker's memory grows while a pair's file is uploaded (it streams to disk in chunks,
so the growth must not follow the file's size), and how long the upload takes.

Runs in one process on a fresh SQLite file: the request body is read from a file on disk (as a server hands it over),
and tracemalloc measures the peak of Python's allocations during the request. Usage: python -m bench.files
"""
import os
import re
import tempfile
import time
import tracemalloc
from pathlib import Path

SIZES = (1024, 1024 * 1024, 10 * 1024 * 1024)
PASSWORD = "benchmark pass phrase"
BOUNDARY = "bench-boundary-7MA4YWxkTrZu0gW"


def multipart_body(path, fields, size):
    """Write a multipart/form-data body to `path`: the text `fields`, then a file of `size` bytes, in chunks."""
    chunk = (b"Notes for our next session. " * 2341)[:65536]
    with open(path, "wb") as body:
        for name, value in fields.items():
            body.write(f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
        body.write(f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="notes-{size}.txt"\r\n'
                   "Content-Type: text/plain\r\n\r\n".encode())
        left = size
        while left:
            body.write(chunk[:left])
            left -= min(left, len(chunk))
        body.write(f"\r\n--{BOUNDARY}--\r\n".encode())
    return path.stat().st_size


def token(client, path):
    """The CSRF token of the page at `path`."""
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', client.get(path).get_data(as_text=True)).group(1)


def measure(app, client, pair_id, size, folder):
    """(peak memory growth in bytes, seconds) of one upload of `size` bytes."""
    page = f"/pairs/{pair_id}"
    body = folder / f"body-{size}"
    length = multipart_body(body, {"csrf_token": token(client, page)}, size)
    with open(body, "rb") as stream:
        tracemalloc.start()
        before, _ = tracemalloc.get_traced_memory()
        started = time.perf_counter()
        response = client.post(f"{page}/files", input_stream=stream, content_length=length,
                               content_type=f"multipart/form-data; boundary={BOUNDARY}")
        seconds = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert response.status_code == 302, (response.status_code, response.get_data(as_text=True)[:500])
    body.unlink()
    return peak - before, seconds


def main():
    with tempfile.TemporaryDirectory(prefix="mentoring-bench-") as instance:
        os.environ.update(MENTORING_INSTANCE=instance, SECRET_KEY="bench",
                          DATABASE_URL=f"sqlite:///{instance}/mentoring.db",
                          TASK_QUEUE_URL=f"sqlite:///{instance}/tasks.db")
        from bench.seed import bulk_members, new_program
        from mentoring import create_app
        from mentoring import db as database
        from mentoring.auth.passwords import hash_password
        from mentoring.models import Membership, Pair, User
        from mentoring.words import file_size
        app = create_app({"BASE_URL": "http://127.0.0.1:5000", "FILE_PAIR_QUOTA_BYTES": 100 * 1024 * 1024})
        database.migrate()
        with app.test_request_context():
            program = new_program(None, "Bench files")
            mentor_id, mentee_id = bulk_members(program, [("mentor", "approved", 2), ("mentee", "approved", None)],
                                                "x")
            mentee = Membership.get_by_id(mentee_id)
            pair = Pair.create(program=program, mentee=mentee, mentor=mentor_id, state=Pair.ACTIVE)
            User.update(password_hash=hash_password(PASSWORD)).where(User.id == mentee.user_id).execute()
            email = User.get_by_id(mentee.user_id).email
        client = app.test_client()
        client.post("/login", data={"csrf_token": token(client, "/login"), "email": email, "password": PASSWORD})
        rows = [(size, *measure(app, client, pair.id, size, Path(instance))) for size in SIZES]
    print("\nfiles: one upload to a pair, the body streamed from disk (one process, SQLite, tracemalloc)")
    print("| file | peak memory growth, MB | seconds |")
    print("| ---: | ---: | ---: |")
    for size, growth, seconds in rows:
        print(f"| {file_size(size)} | {growth / 1024 / 1024:.2f} | {seconds:.3f} |")


if __name__ == "__main__":
    main()
