"""The work each page does, counted in machine instructions: the pages of bench.pages in one process under valgrind's
callgrind, instrumenting only the timed requests. Unlike requests per second, the count is the same from run to run
whatever else the machine is doing, so a change's cost shows here when the page table moves by 20% from one run to
the next. Slow (a few minutes: valgrind runs Python about fifty times slower), so not part of `make bench`.
Usage: python -m bench.instructions [--only WORD ...] [--requests N]"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def instructions(client, path, requests):
    """Instructions per request for `path`, after a few requests that warm the caches."""
    for _ in range(5):
        assert client.get(path).status_code in (200, 304), path
    pid = str(os.getpid())
    control = ["callgrind_control"]
    subprocess.run([*control, "-z", pid], check=True, capture_output=True)
    subprocess.run([*control, "-i", "on", pid], check=True, capture_output=True)
    for _ in range(requests):
        client.get(path)
    totals = subprocess.run([*control, "-e", "-b", pid], check=True, capture_output=True, text=True).stdout
    subprocess.run([*control, "-i", "off", pid], check=True, capture_output=True)
    return int(re.search(r"Th 1\s+([\d,]+)", totals).group(1).replace(",", "")) / requests


def measure(only, requests):
    """Print the table (run inside valgrind, on the database the parent seeded)."""
    from bench import health, pages
    from bench.calls import logged_in
    from bench.seed import BENCH_PASSWORD, LOGINS
    from mentoring import create_app

    app = create_app()
    clients = {None: app.test_client(), **{who: logged_in(app, email, BENCH_PASSWORD) for who, email in LOGINS.items()}}
    chosen = pages.BASELINES[1:] + pages.chosen(pages.PAGES + health.PAGES, only)
    print(f"\nInstructions per request, one process, SQLite, {requests} requests per page (callgrind)")
    print("| page | million instructions | vs template page |")
    print("| --- | ---: | ---: |")
    template = None
    for page in chosen:
        client = clients[page.who]
        path = pages.resolved(page, lambda path, client=client: client.get(path).get_data(as_text=True))
        count = instructions(client, path, requests)
        template = template or count
        print(f"| {page.name} | {count / 1e6:.2f} | {template / count:.0%} |", flush=True)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", nargs="+", default=[], metavar="WORD")
    parser.add_argument("--requests", type=int, default=10)
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)  # (inside valgrind)
    args = parser.parse_args(argv)
    if args.measure:
        return measure(args.only, args.requests)
    if not shutil.which("valgrind"):
        raise SystemExit("bench.instructions needs valgrind (Debian's package valgrind)")
    with tempfile.TemporaryDirectory(prefix="mentoring-instructions-") as folder:
        instance = Path(folder)
        env = {**os.environ, "MENTORING_INSTANCE": str(instance), "SECRET_KEY": "bench", "MENTORING_ENV": "production",
               "TASK_QUEUE_URL": f"sqlite:///{instance / 'tasks.db'}",
               "DATABASE_URL": f"sqlite:///{instance / 'mentoring.db'}"}
        subprocess.run([sys.executable, "-c", "from bench.seed import prepare; prepare(500)"], cwd=ROOT, env=env,
                       check=True)
        subprocess.run([sys.executable, "-c", "import os; from bench import health; health.seed(dict(os.environ))"],
                       cwd=ROOT, env=env, check=True)
        command = ["valgrind", "--tool=callgrind", "--instr-atstart=no", f"--callgrind-out-file={instance / 'cg'}",
                   sys.executable, "-m", "bench.instructions", "--measure", "--requests", str(args.requests)]
        if args.only:
            command += ["--only", *args.only]
        result = subprocess.run(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                text=True)
        print(result.stdout, end="")
        if result.returncode:
            raise SystemExit(f"valgrind run failed ({result.returncode})")


if __name__ == "__main__":
    main()
