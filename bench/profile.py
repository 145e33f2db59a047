"""Where each page's time goes: pyinstrument's sampling profile of requests to the pages of bench.pages, in one
process on the seeded database, as the functions that take the most time themselves (and their share).
Usage: python -m bench.profile [--only WORD ...] [--requests N] [--top N]"""
import argparse
import os
import tempfile
from collections import Counter
from pathlib import Path

from pyinstrument import Profiler


def own_times(frame, totals, owner=None):
    """Add each function's own time under `frame` to `totals`, by function and place (pyinstrument's "[self]"
    frames count for the function they stand under)."""
    if frame.function != "[self]":
        owner = f"{frame.function} ({frame.file_path_short}:{frame.line_no})"
    totals[owner] += frame.total_self_time
    for child in frame.children:
        own_times(child, totals, owner)


def profile(app, only, requests, top):
    """Print the top functions of each chosen page (bench.pages and bench.health), `requests` requests each."""
    from bench import health, pages
    from bench.calls import logged_in
    from bench.seed import BENCH_PASSWORD, LOGINS

    clients = {None: app.test_client(), **{who: logged_in(app, email, BENCH_PASSWORD) for who, email in LOGINS.items()}}
    for page in pages.BASELINES[1:] + pages.chosen(pages.PAGES + health.PAGES, only):
        client = clients[page.who]
        path = pages.resolved(page, lambda path, client=client: client.get(path).get_data(as_text=True))
        for _ in range(20):
            client.get(path)
        profiler = Profiler(interval=0.0002)
        profiler.start()
        for _ in range(requests):
            client.get(path)
        profiler.stop()
        session = profiler.last_session
        totals = Counter()
        own_times(session.root_frame(), totals)
        per_request = session.duration / requests * 1000
        print(f"\n{page.name}: {per_request:.2f} ms a request in one process (pyinstrument, {requests} requests)")
        for name, seconds in totals.most_common(top):
            print(f"  {seconds / session.duration:5.1%}  {name}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", nargs="+", default=[], metavar="WORD")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--top", type=int, default=8)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="mentoring-profile-") as folder:
        instance = Path(folder)
        os.environ.update({"MENTORING_INSTANCE": str(instance), "SECRET_KEY": "bench", "MENTORING_ENV": "production",
                           "TASK_QUEUE_URL": f"sqlite:///{instance / 'tasks.db'}",
                           "DATABASE_URL": f"sqlite:///{instance / 'mentoring.db'}"})
        from bench import health
        from bench.seed import prepare
        prepare(500)
        health.seed(dict(os.environ))
        from mentoring import create_app
        profile(create_app(), args.only, args.requests, args.top)


if __name__ == "__main__":
    main()
