"""Scoring benchmark: blocks of mentees against 10,000 mentors with the default questionnaires' rules, as a matching
run scores them (the mentors' matrices are built once, then every block uses them).

Usage: python -m bench.scoring [--blocks 7]  (OpenBLAS runs its matrix products on every core unless
OPENBLAS_NUM_THREADS says otherwise; on a busy machine one thread is often faster)
"""
import argparse
import os
import random
import statistics
import sys
import tempfile
import time

import numpy as np

MENTORS = 10_000
BLOCK = 256  # mentees a block, as the matching run scores them
MENTEES = 50_000  # mentees of the extrapolated run


def people(app, questions, count, rng):
    """`count` Persons answering `questions` at random, as seeded members do."""
    from bench.seed import ZONES, random_answer
    from mentoring.matching.scoring import Person
    with app.test_request_context():
        found = []
        for number in range(count):
            zone = rng.choice(ZONES)
            answers = {question.id: random_answer(rng, question, zone) for question in questions}
            found.append(Person(number, {key: value for key, value in answers.items() if value is not None},
                                consent=rng.random() < 0.6))
    return found


def measure(blocks):
    from bench.seed import Asked, new_program
    from mentoring import create_app
    from mentoring import db as database
    from mentoring.matching import people as program_people
    from mentoring.matching.scoring import Pool, score
    from mentoring.models import Question
    app = create_app()
    database.migrate()
    with app.test_request_context():
        program = new_program(None, "Bench scoring")
        rules = program_people.rules_of(program)
        questions = {role: [Asked.of(question) for question in Question.of(program, role)]
                     for role in ("mentee", "mentor")}
    rng = random.Random(1)
    mentees = Pool(rules, people(app, questions["mentee"], BLOCK * blocks, rng), "mentee")
    mentors = Pool(rules, people(app, questions["mentor"], MENTORS, rng), "mentor")
    seconds = []
    for block in range(blocks + 1):  # the first builds the mentors' matrices
        started = time.perf_counter()
        score(mentees, mentors, np.arange(block * BLOCK, (block + 1) * BLOCK) % len(mentees))
        seconds.append(time.perf_counter() - started)
    first, seconds = seconds[0], seconds[1:]
    per_pair = statistics.median(seconds) / (BLOCK * MENTORS)
    print(f"\nScoring blocks of {BLOCK} mentees against {MENTORS:,} mentors ({len(rules)} rules; median of "
          f"{blocks} blocks; OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS', 'unset')})")
    print(f"| first block, mentors' matrices built, ms | ns per pair | fastest block, ns per pair "
          f"| {MENTEES:,} × {MENTORS:,} s |")
    print("| ---: | ---: | ---: | ---: |")
    print(f"| {first * 1000:.0f} | {per_pair * 1e9:.1f} | {min(seconds) / (BLOCK * MENTORS) * 1e9:.1f} "
          f"| {per_pair * MENTEES * MENTORS:.0f} |")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--blocks", type=int, default=7)
    arguments = parser.parse_args(sys.argv[1:] if argv is None else argv)
    with tempfile.TemporaryDirectory(prefix="mentoring-bench-") as instance:
        os.environ.update({"MENTORING_INSTANCE": instance, "SECRET_KEY": "bench", "TASK_QUEUE_URL": "immediate",
                           "DATABASE_URL": f"sqlite:///{instance}/mentoring.db"})
        measure(arguments.blocks)


if __name__ == "__main__":
    main()
