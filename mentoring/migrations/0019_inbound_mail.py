"""Mail that comes back: a table of the messages the app's mailbox received, and where an answer to a session came
from (a calendar's own Accept or Decline, or the links and pages of the app). A table and a column of their own."""
import peewee as pw


def up(migrator, db):
    class User(pw.Model):
        class Meta:
            database = db
            table_name = "users"

    class InboundMessage(pw.Model):
        fingerprint = pw.CharField(max_length=250, unique=True)
        raw = pw.BlobField()
        sender = pw.CharField(max_length=254, default="")
        subject = pw.CharField(max_length=300, default="")
        kind = pw.CharField(max_length=12, default="")
        outcome = pw.CharField(max_length=8, default="")
        note = pw.TextField(default="")
        user = pw.ForeignKeyField(User, null=True, on_delete="SET NULL")
        received_at = pw.DateTimeField()
        processed_at = pw.DateTimeField(null=True)

        class Meta:
            database = db
            table_name = "inbound_message"

    db.create_tables([InboundMessage])
    migrator.migrate(migrator.add_column("rsvp", "via", pw.CharField(max_length=10, default="")))


def down(migrator, db):
    migrator.migrate(migrator.drop_column("rsvp", "via"), migrator.drop_table("inbound_message"))
