"""Matching benchmark: a mentee's suggestions among 5,000 mentors, and proposing matches for whole programs.

Each figure is measured in its own process on a fresh SQLite file, so peak memory is the computation's own.
Usage: python -m bench.matching [--reference-all]  (the independent optimum of the largest size takes 20 s more)
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
SIZES = [(2000, 1000), (10000, 3000)]


def environment(instance):
    return {**os.environ, "MENTORING_INSTANCE": str(instance), "SECRET_KEY": "bench", "TASK_QUEUE_URL": "immediate",
            "DATABASE_URL": f"sqlite:///{instance / 'mentoring.db'}"}


def child(function, *args):
    """Run `function(*args)` of this module in a new process; returns what it printed as JSON."""
    with tempfile.TemporaryDirectory(prefix="mentoring-bench-") as instance:
        env = environment(Path(instance))
        code = f"from bench.matching import {function}; {function}(*{args!r})"
        output = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True, capture_output=True,
                                text=True).stdout
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


def measure_proposal(mentees, mentors, with_reference):
    """Seed a program, then time a matching run from the database to the saved proposal; compare its total
    with an independent optimum (scipy's sparse LAPJVsp) and with first-come greedy matching."""
    from mentoring.coordinate import match_runs
    from mentoring.matching import assign, people, scoring
    from mentoring.models import MatchRun
    app = _app()
    program = _program(app, mentors, mentees, seed=11)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with app.test_request_context():
        run = MatchRun.create(program=program)
        started = time.perf_counter()
        run = match_runs.compute(run.id)
        seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result = {"mentees": mentees, "mentors": mentors, "seconds": seconds, "peak_mb": peak / 1024,
              "seed_peak_mb": before / 1024, "state": run.state,
              "optimal": _stats([row["score"] for row in run.rows], mentees)}
    rules = people.rules_of(program)
    found, advisers, seats = match_runs.candidates(program)
    scores, feasible, _ = scoring.score(scoring.Pool(rules, found, "mentee"), scoring.Pool(rules, advisers, "mentor"))
    result["greedy"] = _stats(assign.greedy(scores, feasible, seats).scores, mentees)
    if with_reference:
        result["reference_total"] = _reference_total(np.where(feasible, scores, 0), seats)
    print(json.dumps(result))


def _stats(scores, mentees):
    return {"total": int(sum(scores)), "matched": len(scores), "mean": float(np.mean(scores)) if scores else 0.0,
            "lowest": int(min(scores)) if scores else 0, "unmatched": mentees - len(scores)}


def _reference_total(usable, seats):
    """The best total by another algorithm: a minimum-weight full matching of a sparse graph in which every
    mentee has a seat at each mentor they may be paired with, or a seat of their own worth nothing."""
    from scipy.sparse import coo_matrix, hstack
    from scipy.sparse.csgraph import min_weight_full_bipartite_matching
    owners = np.repeat(np.arange(len(seats)), seats)
    values = usable[:, owners].astype(np.float64)
    rows, cols = np.nonzero(values)
    big = 1000.0
    real = coo_matrix((big - values[rows, cols], (rows, cols)), shape=values.shape)
    alone = coo_matrix((np.full(values.shape[0], big), (np.arange(values.shape[0]), np.arange(values.shape[0]))))
    graph = hstack([real, alone]).tocsr()
    mentees, columns = min_weight_full_bipartite_matching(graph)
    real = columns < values.shape[1]
    return int(values[mentees[real], columns[real]].sum())


def main(argv=None):
    everywhere = "--reference-all" in (sys.argv[1:] if argv is None else argv)
    print("\nSuggestions for one mentee (median of 30 calls)")
    print("| mentors | fitting | first call (pool built) ms | scoring, filtering, ranking, reasons of the top 20 ms "
          "| again, scores kept ms |")
    print("| ---: | ---: | ---: | ---: | ---: |")
    figures = child("measure_suggestions", 5000)
    print(f"| {figures['mentors']:,} | {figures['fitting']:,} | {figures['cold_ms']:.0f} | {figures['median_ms']:.1f} "
          f"| {figures['kept_ms']:.2f} |")

    print("\nProposing matches, from the database to the saved proposal (capacities 1-3)")
    print("| mentees × mentors | seconds | peak memory MB | total score | independent optimum | greedy total |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    proposals = [child("measure_proposal", mentees, mentors, everywhere or mentees <= 2000)
                 for mentees, mentors in SIZES]
    for p in proposals:
        reference = f"{p['reference_total']:,}" if "reference_total" in p else "(--reference-all)"
        print(f"| {p['mentees']:,} × {p['mentors']:,} | {p['seconds']:.1f} | {p['peak_mb']:,.0f} | "
              f"{p['optimal']['total']:,} | {reference} | {p['greedy']['total']:,} |")
    print("\nOptimal against first-come greedy matching")
    print("| mentees × mentors | method | matched | mean score | lowest score | left unmatched |")
    print("| --- | --- | ---: | ---: | ---: | ---: |")
    for p in proposals:
        for method in ("optimal", "greedy"):
            s = p[method]
            print(f"| {p['mentees']:,} × {p['mentors']:,} | {method} | {s['matched']:,} | {s['mean']:.1f} | "
                  f"{s['lowest']} | {s['unmatched']:,} |")


if __name__ == "__main__":
    main()
