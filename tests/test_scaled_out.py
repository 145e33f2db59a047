"""The production shape: gunicorn serving, a huey worker delivering, over every queue this machine has."""
import http.cookiejar
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from conftest import PASSWORD
from support.client import csrf_token

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def answers(port):
    with socket.socket() as probe:
        probe.settimeout(0.5)
        return probe.connect_ex(("127.0.0.1", port)) == 0


QUEUES = ["sqlite"] + [name for name, port in (("redis", 6379), ("postgresql", 5432)) if answers(port)]


def queue_url(name, tmp_path):
    return {"sqlite": f"sqlite:///{tmp_path / 'tasks.db'}",
            "redis": "redis://127.0.0.1:6379/15",
            "postgresql": "postgresql://postgres@127.0.0.1:5432/test"}[name]


def start(command, env, log):
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)


def stop(process):
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def wait_until_up(url, processes, timeout=20):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert all(p.poll() is None for p in processes), "a server process exited early"
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"{url} did not answer")


@pytest.mark.parametrize("queue", QUEUES)
def test_sign_up_on_gunicorn_and_the_worker_delivers_the_email(settings, app, mailbox, tmp_path, queue):
    env = {**{k: v for k, v in os.environ.items() if k != "TASK_QUEUE_URL"},
           **{key: str(value) for key, value in settings.items() if key.isupper()},
           "TASK_QUEUE_URL": queue_url(queue, tmp_path), "MENTORING_ENV": "production"}
    port = settings["SERVER_PORT"]
    with open(tmp_path / "servers.log", "w") as log:
        web = start([str(BIN / "gunicorn"), "--workers", "2", "--bind", f"127.0.0.1:{port}", "app:app"], env, log)
        worker = start([str(BIN / "huey_consumer"), "mentoring.worker.huey", "--workers", "2",
                        "--worker-type", "thread"], env, log)
        try:
            wait_until_up(settings["BASE_URL"], [web, worker])
            browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
            with browser.open(settings["BASE_URL"] + "/signup") as page:
                token = csrf_token(page.read().decode())
            form = urllib.parse.urlencode({"csrf_token": token, "name": "Wen", "email": f"wen-{queue}@example.org",
                                           "password": PASSWORD, "timezone": "Asia/Taipei"}).encode()
            with browser.open(settings["BASE_URL"] + "/signup", data=form) as dashboard:
                assert "Hello, Wen" in dashboard.read().decode()

            [email] = mailbox.wait_for(f"wen-{queue}@example.org", timeout=20)
            assert email["Subject"] == "Confirm your email address for Mentoring"
            with browser.open(email.link_containing("/verify/")) as page:
                assert f"wen-{queue}@example.org is confirmed" in page.read().decode()
        finally:
            stop(web)
            stop(worker)
    assert len(mailbox.to(f"wen-{queue}@example.org")) == 1, (tmp_path / "servers.log").read_text()
