"""The work each page does, counted rather than timed: database queries and Python function calls per request, in one
process on the pages of bench.pages. Counts are the same from run to run whatever else the machine is doing, so a
change's cost shows here when requests per second are too noisy to tell 5% apart.
Usage: python -m bench.calls [--only WORD ...] (only the pages whose names hold one of the words)"""
import argparse
import cProfile
import os
import pstats
import re
import sys
import tempfile
from pathlib import Path

REQUESTS = 5


def counted(client, path):
    """(queries, function calls) per request for `path`, after one request to warm caches."""
    from mentoring.db import db

    assert client.get(path).status_code in (200, 304), path
    execute, queries = db.obj.execute_sql, []
    db.obj.execute_sql = lambda *args, **kwargs: queries.append(1) or execute(*args, **kwargs)
    try:
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(REQUESTS):
            client.get(path)
        profile.disable()
    finally:
        db.obj.execute_sql = execute
    return len(queries) / REQUESTS, pstats.Stats(profile).total_calls / REQUESTS


def logged_in(app, email, password):
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    client.post("/login", data={"csrf_token": token, "email": email, "password": password})
    return client


def measure(app, only=()):
    """Print the counts of the pages of bench.pages (those `only` picks), on the database the app is bound to (seeded
    by bench.seed and bench.health)."""
    from bench import health, pages
    from bench.seed import BENCH_PASSWORD, LOGINS

    clients = {None: app.test_client(), **{who: logged_in(app, email, BENCH_PASSWORD) for who, email in LOGINS.items()}}
    database = "PostgreSQL" if os.environ["DATABASE_URL"].startswith("postgres") else "SQLite"
    print(f"\nWork per request, one process, {database}, {REQUESTS} requests per page (counts, not times)")
    print("| page | queries | Python function calls |")
    print("| --- | ---: | ---: |")
    for page in pages.BASELINES[1:] + pages.chosen(pages.PAGES + health.PAGES, only):
        client = clients[page.who]
        path = pages.resolved(page, lambda path, client=client: client.get(path).get_data(as_text=True))
        queries, calls = counted(client, path)
        print(f"| {page.name} | {queries:g} | {calls:,.0f} |")
    sys.stdout.flush()


def main(argv=None):
    """Seed a database of its own unless bench.pages hands over the one it measured (BENCH_SEEDED)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", nargs="+", default=[], metavar="WORD")
    only = parser.parse_args(argv).only
    with tempfile.TemporaryDirectory(prefix="mentoring-calls-") as folder:
        if not os.environ.get("BENCH_SEEDED"):
            instance = Path(folder)
            os.environ.update({"MENTORING_INSTANCE": str(instance), "SECRET_KEY": "bench",
                               "MENTORING_ENV": "production", "TASK_QUEUE_URL": f"sqlite:///{instance / 'tasks.db'}",
                               "DATABASE_URL": f"sqlite:///{instance / 'mentoring.db'}"})
            from bench import health
            from bench.seed import prepare
            prepare(500)
            health.seed(dict(os.environ))
        from mentoring import create_app
        measure(create_app(), only)


if __name__ == "__main__":
    main()
