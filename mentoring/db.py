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


class Prepared:
    """A query of fixed shape for a hot path: peewee builds its SQL once per kind of database, and each
    call only runs it. `build(*params)` must return a query whose parameters are `params`, in order."""

    def __init__(self, build):
        self.build = build
        self._compiled = {}

    def _compile(self, params):
        kind = type(db.obj)
        if kind not in self._compiled:
            query = self.build(*params)
            sql, built = query.sql()
            if list(built) != list(params):
                raise ValueError(f"prepared query takes {built!r}, was given {params!r}")
            fields = [column for column in query._returning if isinstance(column, pw.Field)]
            whole_model = [field.name for field in fields] == [f.name for f in query.model._meta.sorted_fields]
            self._compiled[kind] = (query.model, sql, fields if whole_model else None)
        return self._compiled[kind]

    def __call__(self, *params):
        """The rows as model instances (each column converted as its field says)."""
        model, sql, fields = self._compile(params)
        if fields is None:
            return list(model.raw(sql, *params))
        converters = [(field.name, field.python_value) for field in fields]
        instances = []
        for row in db.execute_sql(sql, params).fetchall():
            instance = model(__no_default__=1, **{name: convert(value)
                                                  for (name, convert), value in zip(converters, row)})
            instance._dirty.clear()
            instances.append(instance)
        return instances

    def first(self, *params):
        """The first row as a model instance, or None."""
        rows = self(*params)
        return rows[0] if rows else None

    def rows(self, *params):
        """The rows as plain tuples straight from the driver (no conversion: for the busiest lists)."""
        return db.execute_sql(self._compile(params)[1], params).fetchall()
