"""The database: a peewee proxy bound at start-up, pooled connections, migrations, and prepared queries."""
import inspect
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
    """A query of fixed shape for a hot path: peewee builds its SQL once per kind of database (and per size of each
    list parameter), and each call only runs it.

    `build(*params)` is called with a placeholder for each parameter (a list of them for a parameter named in
    `lists`); whatever else the query holds (constants such as `Pair.state.in_(Pair.HOLDING)`) stays in it as peewee
    wrote it. Each call's values are converted as the field they are compared with says, as peewee would."""

    def __init__(self, build, lists=()):
        self.build = build
        names = list(inspect.signature(build).parameters)
        self._lists = frozenset(names.index(name) for name in lists)
        self._compiled = {}

    def _compile(self, params):
        """(compiled query, the values to send) for these parameters."""
        if self._lists:
            sizes = tuple(_bucket(len(value)) if index in self._lists else None for index, value in enumerate(params))
        else:
            sizes = _UNSIZED[len(params)] if len(params) < len(_UNSIZED) else (None,) * len(params)
        key = (type(db.obj), sizes)
        compiled = self._compiled.get(key)
        if compiled is None:
            compiled = self._compiled[key] = _Compiled(self.build, sizes)
        return compiled, compiled.values(params)

    def __call__(self, *params):
        """The rows as model instances (each column converted as its field says; a query of some of the model's
        columns gives instances holding only those; those joined to it are reachable from it)."""
        compiled, values = self._compile(params)
        if compiled.groups is None:
            return list(compiled.query.model.raw(compiled.sql, *values))
        return [instances[0] for instances in compiled.instances(values)]

    def joined(self, *params):
        """Each row as a tuple of model instances, one for each model (or alias) the query selects, in order, each
        connected to those it was joined with as peewee connects them (`pair.mentee.user` needs no query)."""
        compiled, values = self._compile(params)
        return compiled.instances(values)

    def first(self, *params):
        """The first row as a model instance, or None."""
        rows = self(*params)
        return rows[0] if rows else None

    def inserted(self, *params):
        """Run a prepared INSERT: the new row's id. Each value is converted as its field says (an id or a model for a
        foreign key, an aware moment); a field with a computed default must be given one."""
        compiled, values = self._compile(params)
        cursor = db.obj.execute_sql(compiled.sql, values)
        return cursor.fetchone()[0] if compiled.query._returning else cursor.lastrowid

    def changed(self, *params):
        """Run a prepared UPDATE, DELETE or INSERT … ON CONFLICT (`.as_rowcount()`): how many rows it changed."""
        compiled, values = self._compile(params)
        return db.obj.execute_sql(compiled.sql, values).rowcount

    def rows(self, *params):
        """The rows as plain tuples, each column converted as its field says (the same types on every database; None
        stays None, as peewee leaves it); a column that is an expression (COUNT, MAX) is left as the driver gives it."""
        compiled, values = self._compile(params)
        rows = db.obj.execute_sql(compiled.sql, values).fetchall()
        converters = compiled.converters
        if not any(converters):
            return rows
        return [tuple([value if convert is None or value is None else convert(value)
                       for convert, value in zip(converters, row, strict=True)])
                for row in rows]


_UNSIZED = tuple((None,) * count for count in range(16))  # the sizes of a call taking no list, by its parameters


def _bucket(size):
    """The length a list parameter of `size` values is compiled for: 0, or the next power of two."""
    return 1 << (size - 1).bit_length() if size else 0


class _Placeholder(pw.Node):
    """Stands for one parameter (or one item of a list parameter) while peewee writes a prepared query's SQL."""

    def __init__(self, index, item=None):
        super().__init__()
        self.index, self.item = index, item

    def __sql__(self, ctx):
        return ctx.value(_Slot(self.index, self.item, ctx.state.converter), converter=False)


class _Slot:
    """Where a parameter lands in peewee's list of values, and how the field it meets converts it."""

    __slots__ = ("index", "item", "convert")

    def __init__(self, index, item, convert):
        self.index, self.item, self.convert = index, item, convert


def _written_fields(query):
    """{parameter index: how its field converts it} for the values an INSERT or UPDATE writes (peewee converts a
    value it is given, not an expression such as a placeholder); an INSERT must be given each field whose default is
    computed, or it would be computed once, here, and the same value written by every call."""
    if not isinstance(query, pw.Insert | pw.Update):
        return {}
    fields = query.model._meta.fields
    given = {fields[key] if isinstance(key, str) else key: value
             for key, value in (query._insert if isinstance(query, pw.Insert) else query._update).items()}
    if isinstance(query, pw.Insert):
        computed = [field.name for field in query.model._meta.sorted_fields
                    if callable(field.default) and field not in given]
        if computed:
            raise ValueError(f"a prepared insert must be given {computed}")
    return {value.index: field.db_value for field, value in given.items() if isinstance(value, _Placeholder)}


class _Compiled:
    """One prepared query as peewee wrote it for one kind of database: its SQL, its constant values and the
    places of its parameters, and how to make its rows into values or model instances."""

    def __init__(self, build, sizes):
        placeholders = [_Placeholder(index) if size is None else [_Placeholder(index, item) for item in range(size)]
                        for index, size in enumerate(sizes)]
        self.query = build(*placeholders)
        written = _written_fields(self.query)
        self.sql, values = self.query.sql()
        self.constants = [None if isinstance(value, _Slot) else value for value in values]
        self.slots = [(position, value.index, value.item, _quick(value.convert or written.get(value.index)))
                      for position, value in enumerate(values) if isinstance(value, _Slot)]
        self.lists = [index for index, size in enumerate(sizes) if size]
        used = {index for _, index, _, _ in self.slots}
        unused = [index for index, size in enumerate(sizes) if size != 0 and index not in used]
        if unused:
            raise ValueError(f"prepared query does not use its parameters {unused}")
        columns = self.query._returning or ()  # a write returns nothing, or the new row's id
        self.converters = [_converter(column) for column in columns]
        self.groups, self.links = _column_groups(self.query, columns)

    def values(self, params):
        """The values to send for these parameters: lists padded to their compiled length by repeating a value."""
        if self.lists:
            params = list(params)
            for index in self.lists:
                given = list(params[index])
                params[index] = given + given[-1:] * (_bucket(len(given)) - len(given))
        values = self.constants.copy()
        for position, index, item, convert in self.slots:
            value = params[index] if item is None else params[index][item]
            values[position] = value if convert is None else convert(value)
        return values

    def instances(self, values):
        """Model instances made as peewee makes them from a row (its data set, nothing dirty, joined instances
        connected), without the attribute-by-attribute assignment that costs more than the query."""
        groups, links = self.groups, self.links
        rows = []
        for row in db.obj.execute_sql(self.sql, values).fetchall():
            columns, made = iter(row), []  # (each group's zip takes from `columns` only as many as it has)
            for model, converters in groups:
                instance = model.__new__(model)
                instance.__data__ = {name: value if convert is None or value is None else convert(value)
                                     for (name, convert), value in zip(converters, columns, strict=False)}
                instance._dirty, instance.__rel__ = set(), {}
                made.append(instance)
            for source, name, target, is_foreign_key, outer in links:
                joined = made[target]
                if made[source] is None:
                    continue
                if outer and not any(value is not None for value in joined.__data__.values()):
                    joined = made[target] = None
                if is_foreign_key:
                    made[source].__rel__[name] = joined
                else:
                    setattr(made[source], name, joined)
            rows.append(tuple(made))
        return rows


def _quick(convert):
    """`convert` (a field's db_value), passing an int through at once when the field holds integers (an id, a foreign
    key to one: peewee would give the same int back, through two calls)."""
    field = getattr(convert, "__self__", None)
    while isinstance(field, pw.ForeignKeyField):
        field = field.rel_field
    if isinstance(field, pw.IntegerField) and type(field).db_value is pw.Field.db_value \
            and type(field).adapt is pw.IntegerField.adapt:
        return lambda value: value if type(value) is int else convert(value)
    return convert


_NATIVE = {pw.IntegerField.adapt, pw.CharField.adapt}  # both drivers already give ints and strings


def _converter(column):
    """How a selected column's value becomes what its field holds; None when the driver's value is already that (an
    integer or text field) or the column is an expression."""
    field = column.field if isinstance(column, pw.FieldAlias) else column
    if not isinstance(field, pw.Field):
        return None
    while isinstance(field, pw.ForeignKeyField):
        field = field.rel_field
    if type(field).python_value is pw.Field.python_value and type(field).adapt in _NATIVE:
        return None
    return field.python_value


def _column_groups(query, columns):
    """([(model, [(field name, converter)])] for each run of columns of one model or alias, [(source group, attribute,
    joined group, attribute is a foreign key, outer join)] for each join between two selected groups); (None, None)
    when a column is not a model's field (an expression: such queries are left to peewee)."""
    groups, sources = [], []
    for column in columns:
        if isinstance(column, pw.FieldAlias):
            source, field = column.source, column.field
        elif isinstance(column, pw.Field):
            source, field = column.model, column
        else:
            return None, None
        if not sources or source is not sources[-1]:
            groups.append((field.model, []))
            sources.append(source)
        groups[-1][1].append((field.name, _converter(column)))
    links = []
    for source, joins in getattr(query, "_joins", {}).items():  # a UNION has none
        for target, name, _, kind in joins:
            if source in sources and target in sources:
                model = groups[sources.index(source)][0]
                links.append((sources.index(source), name, sources.index(target),
                              isinstance(model._meta.fields.get(name), pw.ForeignKeyField),
                              "LEFT" in kind or "FULL" in kind))
    return groups, links


def as_read(instance, **values):
    """Give `instance` these values (related objects too) as a query that read them would: nothing left to save."""
    for name, value in values.items():
        setattr(instance, name, value)
        instance._dirty.discard(name)
    return instance


def read_again(instance, fresh, stale=()):
    """Make `instance` hold what `fresh`, its row read again, holds (nothing left to save), forgetting the related
    objects named in `stale` (their rows may have changed too)."""
    instance.__data__.update(fresh.__data__)
    for name in stale:
        instance.__rel__.pop(name, None)
    return instance
