"""Page benchmark: gunicorn (2 workers) on a seeded database, each page loaded by wrk for a fixed time, in rounds.

Every run measures a bare answer (/healthz) and a plain template page (/about) beside the pages
chosen, so figures compare within one run on one machine. Usage: python -m bench.pages [--seconds N] [--rounds N]
[--only WORD ...] (only the pages whose names hold one of the words, e.g. --only conversation)
"""
import argparse
import html
import http.cookiejar
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
WARMING = 4  # connections that load each page before it is measured


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    who: str | None = None  # None: a visitor; else a key of bench.seed.LOGINS
    link: str | None = None  # a pattern: the page measured is the link it finds on `path` as `who` sees it


def resolved(page, get):
    """The path to measure for `page`: its own, or the link found on it (`get(path)` gives the page's text as the
    page's person sees it, e.g. a poll's address signed for their log-in)."""
    if page.link is None:
        return page.path
    found = re.search(page.link, get(page.path))
    assert found, f"{page.name}: no link on {page.path}"
    return html.unescape(found.group(1))


def chosen(pages, only):
    """The pages whose names hold one of the words `only` (every page when there are none)."""
    return [page for page in pages if not only or any(word.lower() in page.name.lower() for word in only)]


BASELINES = [Page("bare answer (/healthz)", "/healthz"), Page("template page (/about)", "/about"),
             Page("template page, logged in (/about)", "/about", "coordinator")]
PAGES = [
    Page("log-in page", "/login"),
    Page("account page", "/account", "coordinator"),
    Page("program page (visitor)", "/programs/bench-program"),
    Page("program page (coordinator)", "/programs/bench-program", "coordinator"),
    Page("applicant list, 500 members", "/programs/bench-program/applicants", "coordinator"),
    Page("applicant list, pending mentees", "/programs/bench-program/applicants?state=pending&role=mentee",
         "coordinator"),
    Page("suggestions, 5,000 mentors", "/programs/bench-mentors/mentors", "mentee"),
    Page("suggestions, filtered", "/programs/bench-mentors/mentors?when=tue-evening", "mentee"),
    Page("pair page, 12 sessions", "/pairs/1", "pair"),
    Page("session page (agenda, notes)", "/pairs/1/sessions/7", "pair"),
    Page("my calendar", "/calendar", "pair"),
    Page("conversation, 2,000 messages", "/pairs/1/conversation", "pair"),
    Page("conversation poll, nothing new", "/pairs/1/conversation", "pair", link=r'id="poller" hx-get="([^"]+)"'),
]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def prepare_database(instance, members):
    """Migrate and seed the benchmark database; returns the environment the servers run with."""
    env = {**os.environ, "MENTORING_INSTANCE": str(instance), "SECRET_KEY": "bench", "MENTORING_ENV": "production",
           "TASK_QUEUE_URL": f"sqlite:///{instance / 'tasks.db'}"}
    env.setdefault("DATABASE_URL", f"sqlite:///{instance / 'mentoring.db'}")
    subprocess.run([sys.executable, "-c", f"from bench.seed import prepare; prepare({members})"], cwd=ROOT, env=env,
                   check=True)
    return env


def start_gunicorn(env, port):
    process = subprocess.Popen([str(BIN / "gunicorn"), "--workers", "2", "--bind", f"127.0.0.1:{port}",
                                "--log-level", "warning", "app:app"], cwd=ROOT, env=env, start_new_session=True)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1):
                return process
        except OSError:
            time.sleep(0.1)
    stop(process)
    raise SystemExit("gunicorn did not start")


def stop(process):
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=15)


def log_in(base_url, email, password):
    """The Cookie header of a logged-in session."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with opener.open(base_url + "/login") as page:
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.read().decode()).group(1)
    form = urllib.parse.urlencode({"csrf_token": token, "email": email, "password": password}).encode()
    with opener.open(base_url + "/login", data=form) as page:
        assert "Dashboard" in page.read().decode(), "benchmark log-in failed"
    return "; ".join(f"{cookie.name}={cookie.value}" for cookie in jar)


UNITS = {"us": 1e-3, "ms": 1.0, "s": 1000.0}


def wrk(url, seconds, connections, cookie=None):
    """Requests per second and p50/p99 latency in ms, as wrk measured them."""
    command = ["wrk", "--latency", "-t1", f"-c{connections}", f"-d{seconds}s", url]
    if cookie:
        command[1:1] = ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if non_2xx:
        raise SystemExit(f"{url}: {non_2xx.group(1)} error responses\n{output}")

    def latency(percent):
        value, unit = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s)\s*$", output, re.M).groups()
        return float(value) * UNITS[unit]

    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    return rate, latency(50), latency(99)


def fetch(base_url, path, cookie=None):
    """The text of the page at `path`, with `cookie` when given."""
    request = urllib.request.Request(base_url + path, headers={"Cookie": cookie} if cookie else {})
    with urllib.request.urlopen(request) as page:
        return page.read().decode()


def load(base_url, path, cookie=None):
    """Load the page at `path` once, as a browser would (a poll that finds nothing new answers 304)."""
    try:
        fetch(base_url, path, cookie)
    except urllib.error.HTTPError as answer:
        if answer.code != 304:
            raise


def measure(base_url, pages, seconds, connections, cookies, rounds):
    """Each page's figures in its steady state, as the median of `rounds` runs taken in turn with every other page's
    (so that a slow moment of the machine falls on one run of each page, not on all runs of one); each page is loaded
    a few times at once first, so that both workers have compiled its templates and filled their caches."""
    paths = []
    with ThreadPoolExecutor(WARMING) as warming:
        for page in pages:
            path = resolved(page, lambda path, who=page.who: fetch(base_url, path, cookies.get(who)))
            list(warming.map(lambda _, path=path, who=page.who: load(base_url, path, cookies.get(who)), range(16)))
            paths.append(path)
    runs = [[wrk(base_url + path, seconds, connections, cookies.get(page.who))
             for page, path in zip(pages, paths, strict=True)] for _ in range(rounds)]
    return [(page, *(statistics.median(figures) for figures in zip(*each, strict=True)))
            for page, *each in zip(pages, *runs, strict=True)]


def print_table(rows, title):
    """The figures, each page's requests/s beside the template page's (as a visitor, and logged in)."""
    visitor, member = rows[1][1], rows[2][1]
    print(f"\n{title}")
    print("| page | requests/s | p50 ms | p99 ms | vs template page | vs template page logged in |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for page, rate, p50, p99 in rows:
        print(f"| {page.name} | {rate:,.0f} | {p50:.2f} | {p99:.2f} | {rate / visitor:.0%} | {rate / member:.0%} |")


def run(pages, seconds, connections, members, seed=None, counts=False, only=(), rounds=3):
    """Seed, serve, measure the baselines and `pages` (`rounds` times each, for `seconds`), print the table of the
    medians; `seed(env)` adds data first; with `counts`, then the work per request on the same database (bench.calls,
    of the pages `only` picks)."""
    with tempfile.TemporaryDirectory(prefix="mentoring-bench-") as instance:
        env = prepare_database(Path(instance), members)
        if seed is not None:
            seed(env)
        port = free_port()
        server = start_gunicorn(env, port)
        try:
            base_url = f"http://127.0.0.1:{port}"
            from bench.seed import BENCH_PASSWORD, LOGINS
            cookies = {who: log_in(base_url, email, BENCH_PASSWORD) for who, email in LOGINS.items()}
            rows = measure(base_url, BASELINES + pages, seconds, connections, cookies, rounds)
        finally:
            stop(server)
        database = "PostgreSQL" if env["DATABASE_URL"].startswith("postgres") else "SQLite"
        print_table(rows, f"gunicorn, 2 workers, {database}, a program of {members} members, wrk 1 thread x "
                          f"{connections} connections, the median of {rounds} runs of {seconds}s per page")
        if counts:
            sys.stdout.flush()
            subprocess.run([sys.executable, "-m", "bench.calls", *(["--only", *only] if only else [])], cwd=ROOT,
                           env={**env, "BENCH_SEEDED": "1"}, check=True)
    return rows


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=3, help="runs of each page, taken in turn; the median is shown")
    parser.add_argument("--members", type=int, default=500)
    parser.add_argument("--only", nargs="+", default=[], metavar="WORD",
                        help="only the pages whose names hold one of these words (the baselines always)")
    args = parser.parse_args(argv)
    from bench import health
    pages = chosen(PAGES + health.PAGES, args.only)
    seed = health.seed if any(page in health.PAGES for page in pages) else None  # the health program takes a while
    run(pages, args.seconds, args.connections, args.members, seed=seed, counts=True, only=args.only,
        rounds=args.rounds)


if __name__ == "__main__":
    main()
