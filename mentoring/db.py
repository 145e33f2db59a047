"""The database: a peewee proxy bound at start-up, pooled connections, and migrations."""
from pathlib import Path
from urllib.parse import unquote, urlparse

import peewee as pw
from playhouse.migrations import Runner
from playhouse.pool import PooledPostgresqlDatabase, PooledSqliteDatabase

db = pw.DatabaseProxy()

MIGRATIONS = Path(__file__).resolve().parent / "migrations"

SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "busy_timeout": 10000,
    "synchronous": "normal",
    "cache_size": -16000,
}


def database_from_url(url):
    """A pooled database for `sqlite:///path` or `postgresql://user@host:port/name`.

    SQLite transactions begin IMMEDIATE so a read-then-write never fails on the lock upgrade.
    """
    parsed = urlparse(url)
    if parsed.scheme == "sqlite":
        path = url.split("sqlite:///", 1)[1]
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        return PooledSqliteDatabase(
            path, pragmas=SQLITE_PRAGMAS, lock_type="IMMEDIATE", timeout=10,
            check_same_thread=False, max_connections=64, stale_timeout=600)
    if parsed.scheme in ("postgres", "postgresql"):
        return PooledPostgresqlDatabase(
            parsed.path.lstrip("/"), user=unquote(parsed.username or "") or None,
            password=unquote(parsed.password or "") or None, host=parsed.hostname,
            port=parsed.port or 5432, max_connections=32, stale_timeout=600,
            prefer_psycopg3=True)
    raise ValueError(f"DATABASE_URL must start with sqlite:/// or postgresql://, not {url!r}")


def bind(url):
    """Point the models at the database named by `url`; returns the database."""
    if db.obj is not None:
        db.obj.close_all()
    database = database_from_url(url)
    db.initialize(database)
    return database


def is_postgres():
    """True when the bound database is PostgreSQL (row locks instead of IMMEDIATE)."""
    return isinstance(db.obj, pw.PostgresqlDatabase)


def migrate():
    """Apply every pending migration in mentoring/migrations; returns their names."""
    with db.connection_context():
        return Runner(db.obj, directory=str(MIGRATIONS)).up()


def close_request_connection(_exc=None):
    """Give the request's connection back to the pool."""
    if not db.is_closed():
        db.close()


def locked(query, skip_locked=False):
    """The query with its rows locked until commit on PostgreSQL (SQLite's IMMEDIATE already locks)."""
    return query.for_update(skip_locked=skip_locked or None) if is_postgres() else query
