"""Every message written or changed counts one more version of its conversation, in the database itself: a trigger
grows `conversation.version` (making the conversation, with a random identity, at its first message) and stamps the
message with it, in the same statement as the change. What pages and polls keep or compare by version can then
never miss a change, whichever code makes it."""
import peewee as pw

COLUMNS = "sender_id, text, edited_at, deleted_at, hidden_at, file_id, file_name, file_size"

POSTGRESQL = [
    """CREATE FUNCTION message_counted() RETURNS trigger AS $$
    BEGIN
        INSERT INTO conversation (pair_id, version, identity)
        VALUES (NEW.pair_id, 0, substr(md5(random()::text || clock_timestamp()::text), 1, 16))
        ON CONFLICT (pair_id) DO NOTHING;
        UPDATE conversation SET version = version + 1 WHERE pair_id = NEW.pair_id RETURNING version INTO NEW.version;
        IF TG_OP = 'INSERT' THEN  -- its id taken under the conversation's lock, so ids keep the versions' order
            NEW.id := nextval(pg_get_serial_sequence('message', 'id'));
        END IF;
        RETURN NEW;
    END $$ LANGUAGE plpgsql""",
    f"""CREATE TRIGGER message_counted BEFORE INSERT OR UPDATE OF {COLUMNS} ON message
    FOR EACH ROW EXECUTE FUNCTION message_counted()""",
]

# (no INSERT OR IGNORE: inside a trigger the statement that fired it, such as a foreign key's SET NULL, sets the
# conflict policy)
SQLITE_STEPS = """
        INSERT INTO conversation (pair_id, version, identity)
        SELECT NEW.pair_id, 0, lower(hex(randomblob(8)))
        WHERE NOT EXISTS (SELECT 1 FROM conversation WHERE pair_id = NEW.pair_id);
        UPDATE conversation SET version = version + 1 WHERE pair_id = NEW.pair_id;
        UPDATE message SET version = (SELECT version FROM conversation WHERE pair_id = NEW.pair_id)
        WHERE id = NEW.id;"""
SQLITE = [
    f"CREATE TRIGGER message_counted_written AFTER INSERT ON message BEGIN {SQLITE_STEPS} END",
    f"CREATE TRIGGER message_counted_changed AFTER UPDATE OF {COLUMNS} ON message BEGIN {SQLITE_STEPS} END",
]


def up(migrator, db):
    for statement in POSTGRESQL if isinstance(db, pw.PostgresqlDatabase) else SQLITE:
        db.execute_sql(statement)


def down(migrator, db):
    if isinstance(db, pw.PostgresqlDatabase):
        db.execute_sql("DROP TRIGGER message_counted ON message")
        db.execute_sql("DROP FUNCTION message_counted()")
    else:
        db.execute_sql("DROP TRIGGER message_counted_written")
        db.execute_sql("DROP TRIGGER message_counted_changed")
