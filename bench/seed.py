"""Data generators for the benchmarks: a database of a chosen size, written fast."""
from mentoring import clock
from mentoring.db import db
from mentoring.models import User

BENCH_EMAIL = "bench@example.org"
BENCH_PASSWORD = "benchmark pass phrase"


def seed_accounts(count, password_hash):
    """`count` verified accounts plus the benchmark's own admin, all with one password hash."""
    now = clock.now()
    rows = [{"name": f"Member {n}", "email": f"member{n}@example.org", "password_hash": password_hash,
             "timezone": "Europe/Berlin", "session_key": f"key{n}", "email_preferences": {},
             "email_verified_at": now, "created_at": now} for n in range(count)]
    with db.atomic():
        for start in range(0, len(rows), 500):
            User.insert_many(rows[start:start + 500]).execute()
        User.create(name="Bench Admin", email=BENCH_EMAIL, password_hash=password_hash, timezone="Europe/Berlin",
                    is_admin=True, email_verified_at=now)
