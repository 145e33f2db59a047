"""The program's library: resources, who read them, icebreakers, and the setting that makes mentors read their guide
before accepting requests; every existing program gets the starter set and the default icebreakers.

The health board reads resource_read and resource (who did the training): they are watched like 0006's tables. The
program's new column is added by plain SQL, as peewee's add_column would rebuild the table on SQLite and drop 0006's
triggers."""
from datetime import UTC, datetime

import peewee as pw

from mentoring.library.defaults import ICEBREAKERS, STARTER_SET, page

COMMIT_ORDER_LOCK = 8_006_001  # 0006's lock: program_change rows are written one commit at a time
# As 0006's WATCHED: the board shows who read the guide of their role (a guide removed takes its reads with it).
WATCHED = {
    "resource_read": ("SELECT program_id FROM resource WHERE id = {row}.resource_id", "INSERT OR DELETE"),
    "resource": ("SELECT {row}.program_id", "DELETE"),
}


def up(migrator, db):
    class Program(pw.Model):
        class Meta:
            database = db
            table_name = "program"

    class User(pw.Model):
        class Meta:
            database = db
            table_name = "users"

    class Resource(pw.Model):
        program = pw.ForeignKeyField(Program, on_delete="CASCADE")
        kind = pw.CharField(max_length=8, default="page")
        title = pw.CharField(max_length=200)
        description = pw.CharField(max_length=300, default="")
        link = pw.CharField(max_length=500, default="")
        body = pw.TextField(default="")
        tags = pw.CharField(max_length=300, default="")
        audience = pw.CharField(max_length=10, default="everyone")
        stage = pw.CharField(max_length=16, default="")
        key = pw.CharField(max_length=20, default="")
        created_at = pw.DateTimeField()
        updated_at = pw.DateTimeField()

        class Meta:
            database = db
            table_name = "resource"
            indexes = ((("program", "audience", "stage"), False),)

    class ResourceRead(pw.Model):
        resource = pw.ForeignKeyField(Resource, on_delete="CASCADE")
        user = pw.ForeignKeyField(User, on_delete="CASCADE")
        read_at = pw.DateTimeField()

        class Meta:
            database = db
            table_name = "resource_read"
            indexes = ((("resource", "user"), True), (("user",), False))

    class Icebreaker(pw.Model):
        program = pw.ForeignKeyField(Program, on_delete="CASCADE")
        text = pw.CharField(max_length=300)
        position = pw.IntegerField()

        class Meta:
            database = db
            table_name = "icebreaker"
            indexes = ((("program", "position"), False),)

    db.create_tables([Resource, ResourceRead, Icebreaker])
    db.execute_sql("ALTER TABLE program ADD COLUMN mentors_read_guide BOOLEAN NOT NULL DEFAULT FALSE")
    now = datetime.now(UTC).replace(tzinfo=None)
    for program in Program.select(Program.id):
        for key, title, description, audience, stage, tags, paragraphs in STARTER_SET:
            Resource.create(program=program, key=key, title=title, description=description, audience=audience,
                            stage=stage, tags=tags, body=page(paragraphs), created_at=now, updated_at=now)
        for position, text in enumerate(ICEBREAKERS, 1):
            Icebreaker.create(program=program, text=text, position=position)
    for table, (find, events) in WATCHED.items():
        if isinstance(db, pw.PostgresqlDatabase):
            _postgresql_trigger(db, table, find, events)
        else:
            for event in events.split(" OR "):
                row = "OLD" if event == "DELETE" else "NEW"
                db.execute_sql(f"CREATE TRIGGER {table}_changes_{event.lower()} AFTER {event} ON {table} "
                               f"BEGIN INSERT INTO program_change (program_id) {find.format(row=row)}; END")


def _postgresql_trigger(db, table, find, events):
    """As 0006: a deferred constraint trigger writing the row at commit, under the commit-order lock."""
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
    db.execute_sql("DROP TABLE resource_read")  # the tables' triggers go with them
    db.execute_sql("DROP TABLE icebreaker")
    db.execute_sql("DROP TABLE resource")
    if isinstance(db, pw.PostgresqlDatabase):
        for table in WATCHED:
            db.execute_sql(f"DROP FUNCTION {table}_changes()")
    migrator.migrate(migrator.drop_column("program", "mentors_read_guide"))
