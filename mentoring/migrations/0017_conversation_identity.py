"""Each conversation gets a random identity, so what a worker keeps of a conversation at a version can never be taken
for another's that reuses its pair's id (SQLite reuses the ids of deleted rows)."""
import peewee as pw


def up(migrator, db):
    migrator.migrate(migrator.add_column("conversation", "identity", pw.CharField(max_length=16, default="")))
    if isinstance(db, pw.PostgresqlDatabase):
        db.execute_sql("UPDATE conversation SET identity = substr(md5(random()::text || id::text), 1, 16)")
    else:
        db.execute_sql("UPDATE conversation SET identity = lower(hex(randomblob(8)))")


def down(migrator, db):
    migrator.migrate(migrator.drop_column("conversation", "identity"))
