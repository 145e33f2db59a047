"""Moderation and files in the conversation: a message can carry a file (its name and size kept to say when it was
removed) and be hidden by the coordinators; a problem report can be about one message, with a frozen copy of it and
the five before it. Columns are added in place (nullable, or by plain SQL with a default), so 0006's triggers on
problem_report stay."""
import peewee as pw


def up(migrator, db):
    class PairFile(pw.Model):
        class Meta:
            database = db
            table_name = "pair_file"

    class Message(pw.Model):
        class Meta:
            database = db
            table_name = "message"

    migrator.migrate(
        migrator.add_column("message", "hidden_at", pw.DateTimeField(null=True)),
        migrator.add_column("message", "file_id", pw.ForeignKeyField(PairFile, field=PairFile.id, null=True,
                                                                     on_delete="SET NULL")),
        migrator.add_column("message", "file_size", pw.BigIntegerField(null=True)),
        migrator.add_column("problem_report", "message_id", pw.ForeignKeyField(Message, field=Message.id, null=True,
                                                                               unique=True, on_delete="SET NULL")),
        migrator.add_column("problem_report", "excerpt", pw.TextField(null=True)),
    )
    db.execute_sql("ALTER TABLE message ADD COLUMN file_name VARCHAR(255) NOT NULL DEFAULT ''")


def down(migrator, db):
    migrator.migrate(
        migrator.drop_index("problem_report", "problem_report_message_id"),
        migrator.drop_index("message", "message_file_id"),
        migrator.drop_column("problem_report", "excerpt"),
        migrator.drop_column("problem_report", "message_id"),
        migrator.drop_column("message", "file_name"),
        migrator.drop_column("message", "file_size"),
        migrator.drop_column("message", "file_id"),
        migrator.drop_column("message", "hidden_at"),
    )
