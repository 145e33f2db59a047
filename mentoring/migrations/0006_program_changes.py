"""Program changes noted by the database: triggers on every table the health board and the report read insert a row
into program_change, whatever wrote (a service, raw SQL, a cascading delete), and the hand-kept activity_version
goes. On PostgreSQL the rows are written when the transaction commits, one transaction at a time, so their ids are
in commit order (a kept figure checked against the latest id never misses a change that committed late).

Beware on SQLite: a later migration that rebuilds a watched table (peewee's SqliteMigrator does for add_not_null,
drop_not_null, alter_column_type, and add_column of a NOT NULL column) drops its triggers; create them again there.
tests/coordinate/test_freshness.py writes to every watched table and fails when one is missing."""
import peewee as pw

# Each watched table, with how a row of it finds its program (`{row}` is NEW or OLD), and the events that count.
WATCHED = {
    "pair": ("SELECT {row}.program_id", "INSERT OR UPDATE OR DELETE"),
    "meeting": ("SELECT {row}.program_id", "INSERT OR UPDATE OR DELETE"),
    "feedback": ("SELECT {row}.program_id", "INSERT OR UPDATE OR DELETE"),
    "membership": ("SELECT {row}.program_id", "INSERT OR UPDATE OR DELETE"),
    "mentor_request": ("SELECT {row}.program_id", "INSERT OR UPDATE OR DELETE"),
    "problem_report": ("SELECT {row}.program_id", "INSERT OR UPDATE OR DELETE"),
    "goal": ("SELECT program_id FROM pair WHERE id = {row}.pair_id", "INSERT OR UPDATE OR DELETE"),
    "milestone": ("SELECT pair.program_id FROM goal JOIN pair ON pair.id = goal.pair_id WHERE goal.id = {row}.goal_id",
                  "INSERT OR UPDATE OR DELETE"),
    "users": ("SELECT DISTINCT program_id FROM membership WHERE user_id = {row}.id", "UPDATE OF name"),
    "program": ("SELECT {row}.id", "UPDATE OF cadence_days"),
}
COMMIT_ORDER_LOCK = 8_006_001  # the advisory lock PostgreSQL's triggers take to write their rows one commit at a time


def up(migrator, db):
    class ProgramChange(pw.Model):
        id = pw.BigAutoField()
        program_id = pw.IntegerField()

        class Meta:
            database = db
            table_name = "program_change"
            indexes = ((("program_id", "id"), False),)

    db.create_tables([ProgramChange])
    if isinstance(db, pw.PostgresqlDatabase):
        _postgresql_triggers(db)
    else:
        _sqlite_triggers(db)
    migrator.migrate(migrator.drop_column("program", "activity_version"))


def _sqlite_triggers(db):
    """SQLite writes one transaction at a time, so a row trigger inserting at once keeps ids in commit order."""
    for table, (find, events) in WATCHED.items():
        for event in events.split(" OR "):
            row = "OLD" if event == "DELETE" else "NEW"
            db.execute_sql(f"CREATE TRIGGER {table}_changes_{event.split()[0].lower()} AFTER {event} ON {table} "
                           f"BEGIN INSERT INTO program_change (program_id) {find.format(row=row)}; END")


def _postgresql_triggers(db):
    """Deferred constraint triggers: the rows are written at commit under one advisory lock, released only once the
    transaction is visible, so a row with a lower id is never committed after one with a higher id. The lock is
    taken last, holding nothing a waiter could want: writers cannot deadlock on it."""
    for table, (find, events) in WATCHED.items():
        db.execute_sql(f"""
            CREATE FUNCTION {table}_changes() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                PERFORM pg_advisory_xact_lock({COMMIT_ORDER_LOCK});
                IF TG_OP = 'DELETE' THEN
                    INSERT INTO program_change (program_id) {find.format(row="OLD")};
                ELSE
                    INSERT INTO program_change (program_id) {find.format(row="NEW")};
                END IF;
                RETURN NULL;
            END $$""")
        db.execute_sql(f"CREATE CONSTRAINT TRIGGER {table}_changes AFTER {events} ON {table} "
                       f"DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION {table}_changes()")


def down(migrator, db):
    for table, (_, events) in WATCHED.items():
        if isinstance(db, pw.PostgresqlDatabase):
            db.execute_sql(f"DROP TRIGGER {table}_changes ON {table}")
            db.execute_sql(f"DROP FUNCTION {table}_changes()")
        else:
            for event in events.split(" OR "):
                db.execute_sql(f"DROP TRIGGER {table}_changes_{event.split()[0].lower()}")
    db.execute_sql("DROP TABLE program_change")
    migrator.migrate(migrator.add_column("program", "activity_version", pw.IntegerField(default=0)))
