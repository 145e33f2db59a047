"""Matching benchmark: a mentee's suggestions among 5,000 mentors, and proposing matches for whole programs.

Each program is seeded into a fresh SQLite file by one process and its run measured by another, so peak memory is
the computation's own. Usage: python -m bench.matching
"""
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
SIZES = [(2000, 1000), (10000, 3000), (50000, 10000)]
REFERENCE_UP_TO = 10000  # mentees: the independent optimum of the sizes up to this one


def environment(instance):
    return {**os.environ, "OPENBLAS_NUM_THREADS": "1", "MENTORING_INSTANCE": str(instance), "SECRET_KEY": "bench",
            "TASK_QUEUE_URL": "immediate",
            "DATABASE_URL": f"sqlite:///{instance / 'mentoring.db'}"}


def child(function, *args, instance=None):
    """Run `function(*args)` of this module in a new process on the database of `instance` (by default one of its
    own); returns what it printed as JSON."""
    if instance is None:
        with tempfile.TemporaryDirectory(prefix="mentoring-bench-") as own:
            return child(function, *args, instance=own)
    code = f"from bench.matching import {function}; {function}(*{args!r})"
    output = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=environment(Path(instance)), check=True,
                            capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def _app():
    from mentoring import create_app
    from mentoring import db as database
    app = create_app()
    database.migrate()
    return app


def _program(app, mentors, mentees, seed):
    from bench.seed import bulk_members, new_program
    from mentoring.auth.passwords import hash_password
    with app.test_request_context():
        program = new_program(None, f"Bench {mentors}x{mentees}")
        password = hash_password("benchmark pass phrase")
        bulk_members(program, [("mentor", "approved", 1 + n % 3) for n in range(mentors)], password, seed=seed)
        bulk_members(program, [("mentee", "approved", None) for _ in range(mentees)], password, seed=seed + 1)
    return program


def measure_suggestions(mentors):
    """Time one mentee's suggestions: the first call (building the mentor pool), then the scoring, filtering,
    ranking and reasons of the top 20 with the pool ready, then a repeat with the mentee's scores kept."""
    from mentoring.matching import suggestions
    from mentoring.models import Membership, Program
    app = _app()
    program = _program(app, mentors, 1, seed=5)
    mentee = Membership.get(Membership.role == "mentee")
    mentee.program = Program.get_by_id(program.id)
    with app.test_request_context():
        standing = suggestions.standing(mentee)
        started = time.perf_counter()
        found, fitting = suggestions.suggest(mentee, standing, {}, "", 20, "Europe/Berlin")
        cold = time.perf_counter() - started
        fresh, kept = [], []
        for _ in range(30):
            suggestions._scored.clear()
            started = time.perf_counter()
            suggestions.suggest(mentee, standing, {}, "", 20, "Europe/Berlin")
            fresh.append(time.perf_counter() - started)
        for _ in range(30):
            started = time.perf_counter()
            suggestions.suggest(mentee, standing, {}, "", 20, "Europe/Berlin")
            kept.append(time.perf_counter() - started)
    print(json.dumps({"mentors": mentors, "fitting": fitting, "shown": len(found), "cold_ms": cold * 1000,
                      "median_ms": statistics.median(fresh) * 1000, "kept_ms": statistics.median(kept) * 1000}))


def seed_program(mentees, mentors):
    """Seed a program of `mentees` × `mentors` (capacities 1-3) into this process's database: the seconds it took."""
    started = time.perf_counter()
    _program(_app(), mentors, mentees, seed=11)
    print(json.dumps({"seed_seconds": time.perf_counter() - started}))


def measure_proposal(with_reference):
    """Time a matching run of the seeded program from the database to the saved proposal, in a process of its own;
    then, outside the timing, first-come greedy matching and (`with_reference`) the independent optimum."""
    from mentoring.coordinate import match_runs
    from mentoring.models import MatchRun, Program
    app = _app()
    program = Program.get()
    with app.test_request_context():
        run = MatchRun.create(program=program)
        started = time.perf_counter()
        run = match_runs.compute(run.id)
        seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result = {"seconds": seconds, "peak_mb": peak / 1024, "state": run.state, "comparison": run.comparison}
    from mentoring.matching import assign
    scorer = match_runs.Scorer(program, *_scoring_inputs(program))
    table = scorer.scored(lambda percent: None).table
    result["greedy"] = assign.summary(assign.greedy(table, scorer.free), len(scorer.mentees))
    if with_reference:
        result["reference"] = _reference(table, scorer.free)
    print(json.dumps(result))


def _scoring_inputs(program):
    from mentoring.coordinate import match_runs
    from mentoring.matching import people
    return (people.rules_of(program), *match_runs.people_and_seats(program))


def _reference(table, free):
    """(pairs, total) of the most pairs then the highest total, and of the highest total, by another route on every
    usable pair: scipy's LAPJVsp on the whole graph at once (no candidates, no proof), each seat a node, the smaller
    side as rows and each row free to stay alone in a column of its own worth nothing."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import min_weight_full_bipartite_matching
    mentee, mentor = np.nonzero(table)
    score = table[mentee, mentor].astype(np.int64)
    seats = np.maximum(free, 0)
    copies = seats[mentor]
    seat = (np.repeat(np.concatenate([[0], np.cumsum(seats)])[mentor], copies) +
            np.arange(copies.sum()) - np.repeat(np.cumsum(copies) - copies, copies))
    mentees, places = table.shape[0], int(seats.sum())
    rows, columns = (seat, np.repeat(mentee, copies)) if places < mentees else (np.repeat(mentee, copies), seat)
    row_count, column_count = min(places, mentees), max(places, mentees)
    answers = {}
    for name, bonus in (("most_pairs", 100 * (mentees + 1)), ("highest_total", 0)):
        worth = np.repeat(score, copies) + bonus
        top = float(worth.max(initial=0)) + 1
        graph = coo_matrix((np.concatenate([top - worth, np.full(row_count, top)]),
                            (np.concatenate([rows, np.arange(row_count)]),
                             np.concatenate([columns, column_count + np.arange(row_count)]))),
                           shape=(row_count, column_count + row_count)).tocsr()
        matched, chosen = min_weight_full_bipartite_matching(graph)
        real = chosen < column_count
        made = np.asarray(graph[matched[real], chosen[real]]).ravel()
        answers[name] = {"matched": int(real.sum()),
                         "total": int(round(top * real.sum() - made.sum() - bonus * real.sum()))}
    return answers


def measure_sparse(mentees=2000, mentors=1000, fitting=3, seed=7):
    """The three objectives, greedy and the independent optimum on a sparse program made in memory: each mentee fits
    `fitting` random mentors with random scores (the kind of program where the objectives differ)."""
    from mentoring.matching import assign
    rng = np.random.default_rng(seed)
    table = np.zeros((mentees, mentors), dtype=np.uint8)
    for row in range(mentees):
        table[row, rng.choice(mentors, fitting, replace=False)] = rng.integers(1, 101, fitting)
    free = rng.integers(1, 4, mentors)
    found = assign.solve_each(table, free)
    result = {objective: assign.summary(assignment, mentees) for objective, assignment in found.items()}
    return {"comparison": result, "greedy": assign.summary(assign.greedy(table, free), mentees),
            "reference": _reference(table, free)}


def main(argv=None):
    print("\nSuggestions for one mentee (median of 30 calls)")
    print("| mentors | fitting | first call (pool built) ms | scoring, filtering, ranking, reasons of the top 20 ms "
          "| again, scores kept ms |")
    print("| ---: | ---: | ---: | ---: | ---: |")
    figures = child("measure_suggestions", 5000)
    print(f"| {figures['mentors']:,} | {figures['fitting']:,} | {figures['cold_ms']:.0f} | {figures['median_ms']:.1f} "
          f"| {figures['kept_ms']:.2f} |")

    proposals = []
    for mentees, mentors in SIZES:
        with tempfile.TemporaryDirectory(prefix="mentoring-bench-") as instance:
            seeded = child("seed_program", mentees, mentors, instance=instance)
            measured = child("measure_proposal", mentees <= REFERENCE_UP_TO, instance=instance)
        proposals.append({"mentees": mentees, "mentors": mentors, **seeded, **measured})
    print("\nProposing matches, from the database to the saved proposal with all three objectives (capacities 1-3; "
          "seeding not counted)")
    print("| mentees × mentors | seconds | peak memory MB | seeding s |")
    print("| --- | ---: | ---: | ---: |")
    for p in proposals:
        print(f"| {p['mentees']:,} × {p['mentors']:,} | {p['seconds']:.1f} | {p['peak_mb']:,.0f} | "
              f"{p['seed_seconds']:.0f} |")
    print("\nEach objective on the same run, first-come greedy matching, and the independent optimum (LAPJVsp on every "
          "usable pair)")
    print("| mentees × mentors | method | pairs | mean score | lowest score | unmatched | total | independent optimum "
          "(pairs / total) |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |")
    sparse = {"mentees": 2000, "mentors": 1000, "sparse": True, **measure_sparse()}
    for p in [*proposals, sparse]:
        size = f"{p['mentees']:,} × {p['mentors']:,}{', sparse (3 mentors fit each mentee)' if 'sparse' in p else ''}"
        for method, label in (("most_pairs", "most pairs (default)"), ("fairest", "fairest"),
                              ("highest_total", "highest total"), ("greedy", "greedy")):
            s = p["comparison"][method] if method in p["comparison"] else p[method]
            optimum = p.get("reference", {}).get(method)
            shown = (f"{optimum['matched']:,} / {optimum['total']:,}" if optimum else
                     "(not computed at this size)" if method in ("most_pairs", "highest_total") else "")
            print(f"| {size} | {label} | {s['matched']:,} | {s['mean']:.1f} | "
                  f"{s['lowest']} | {s['unmatched']:,} | {s['total']:,} | {shown} |")


if __name__ == "__main__":
    main()
