"""Health benchmark: the coordinator's health board and the program report for a program of 500 pairs with 10,000
sessions and their feedback, under gunicorn beside the template page. `bench.pages` measures these pages with the
others; alone: python -m bench.health [--seconds N]
"""
import argparse
import subprocess
import sys
import time

from bench.pages import ROOT, Page, run

PAIRS, SESSIONS_PER_PAIR = 500, 20
PAGES = [
    Page("health board, 500 pairs (first page)", "/programs/bench-health/health", "coordinator"),
    Page("health board, flagged pairs, page 2", "/programs/bench-health/health?show=flagged&page=2", "coordinator"),
    Page("program report, 10,000 sessions", "/programs/bench-health/report", "coordinator"),
]


def seed(env):
    """The program, written into the benchmark's database by a process of its own."""
    started = time.perf_counter()
    output = subprocess.run([sys.executable, "-c", "from bench.health import prepare; prepare()"], cwd=ROOT, env=env,
                            check=True, capture_output=True, text=True).stdout
    print(f"seeded {output.strip()} in {time.perf_counter() - started:.1f}s")


def prepare():
    from bench.seed import BENCH_PASSWORD, LOGINS, new_program, seed_health
    from mentoring import create_app
    from mentoring.auth.passwords import hash_password
    from mentoring.models import Coordinator, User

    app = create_app()
    with app.test_request_context():
        program = new_program(None, "Bench health")
        Coordinator.create(program=program, user=User.get(User.email == LOGINS["coordinator"]))
        sessions, feedback = seed_health(program, PAIRS, SESSIONS_PER_PAIR, hash_password(BENCH_PASSWORD))
    print(f"{PAIRS} pairs, {sessions:,} sessions, {feedback:,} feedback forms")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=8)
    args = parser.parse_args(argv)
    run(PAGES, args.seconds, args.connections, 50, seed=seed)


if __name__ == "__main__":
    main()
