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


generation = 0  # how many times the models were bound: kept figures are keyed on it (ids repeat across databases)


def bind(url):
    """Point the models at the database named by `url`; returns the database."""
    global generation
    if db.obj is not None:
        db.obj.close_all()
    database = database_from_url(url)
    db.initialize(database)
    generation += 1
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
            self._compiled[kind] = (query.model, sql, _column_groups(query._returning))
        return self._compiled[kind]

    def __call__(self, *params):
        """The rows as model instances (each column converted as its field says; a query of some of the model's
        columns gives instances holding only those)."""
        model, sql, groups = self._compile(params)
        if groups is None or len(groups) != 1:
            return list(model.raw(sql, *params))
        return [instances[0] for instances in self._instances(sql, params, groups)]

    def joined(self, *params):
        """Each row as a tuple of model instances, one for each model (or alias) the query selects, in order."""
        _, sql, groups = self._compile(params)
        return self._instances(sql, params, groups)

    @staticmethod
    def _instances(sql, params, groups):
        """Model instances made as peewee makes them from a row (its data set, nothing dirty), without the
        attribute-by-attribute assignment that costs more than the query."""
        rows = []
        for row in db.execute_sql(sql, params).fetchall():
            values, made = iter(row), []
            for model, converters in groups:
                instance = model.__new__(model)
                instance.__data__ = {name: convert(next(values)) for name, convert in converters}
                instance._dirty, instance.__rel__ = set(), {}
                made.append(instance)
            rows.append(tuple(made))
        return rows

    def first(self, *params):
        """The first row as a model instance, or None."""
        rows = self(*params)
        return rows[0] if rows else None

    def rows(self, *params):
        """The rows as plain tuples straight from the driver (no conversion: for the busiest lists)."""
        return db.execute_sql(self._compile(params)[1], params).fetchall()


def _column_groups(columns):
    """[(model, [(field name, converter)])] for each run of columns of one model or alias; None when a column is not
    a model's field (an expression: such queries are left to peewee)."""
    groups, owner = [], None
    for column in columns:
        if isinstance(column, pw.FieldAlias):
            source, field = column.source, column.field
        elif isinstance(column, pw.Field):
            source, field = column.model, column
        else:
            return None
        if source is not owner:
            groups.append((field.model, []))
            owner = source
        groups[-1][1].append((field.name, field.python_value))
    return groups
