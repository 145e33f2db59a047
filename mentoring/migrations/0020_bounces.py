"""Mail that comes back undelivered: since when mail to a person's address bounces. The health board shows it, so a
change of it is a program change too: the trigger on users (0006) watches the new column beside the name. Adding a
column that may be null rebuilds no table on SQLite; the trigger is made again because its columns are part of it."""
import peewee as pw

# 0006's trigger on users, its events before and after
FIND = "SELECT DISTINCT program_id FROM membership WHERE user_id = NEW.id"
BEFORE, AFTER = "UPDATE OF name", "UPDATE OF name, email_bouncing_since"


def up(migrator, db):
    migrator.migrate(migrator.add_column("users", "email_bouncing_since", pw.DateTimeField(null=True)))
    _watch(db, AFTER)


def down(migrator, db):
    _watch(db, BEFORE)
    migrator.migrate(migrator.drop_column("users", "email_bouncing_since"))


def _watch(db, events):
    """Make the trigger on users fire on `events` (PostgreSQL's trigger function stays as 0006 wrote it)."""
    if isinstance(db, pw.PostgresqlDatabase):
        db.execute_sql("DROP TRIGGER users_changes ON users")
        db.execute_sql(f"CREATE CONSTRAINT TRIGGER users_changes AFTER {events} ON users "
                       "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION users_changes()")
    else:
        db.execute_sql("DROP TRIGGER users_changes_update")
        db.execute_sql(f"CREATE TRIGGER users_changes_update AFTER {events} ON users "
                       f"BEGIN INSERT INTO program_change (program_id) {FIND}; END")
