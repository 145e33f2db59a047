"""A pair's conversation: messages, the conversation's version (for cheap polling), how far each has read and up to
which message they were emailed what they had not read."""
import peewee as pw


def up(migrator, db):
    class User(pw.Model):
        class Meta:
            database = db
            table_name = "users"

    class Pair(pw.Model):
        class Meta:
            database = db
            table_name = "pair"

    class Conversation(pw.Model):
        pair = pw.ForeignKeyField(Pair, unique=True, on_delete="CASCADE")
        version = pw.IntegerField(default=0)

        class Meta:
            database = db
            table_name = "conversation"

    class Message(pw.Model):
        pair = pw.ForeignKeyField(Pair, on_delete="CASCADE")
        sender = pw.ForeignKeyField(User, null=True, on_delete="SET NULL")
        text = pw.TextField()
        sent_at = pw.DateTimeField()
        edited_at = pw.DateTimeField(null=True)
        deleted_at = pw.DateTimeField(null=True)
        version = pw.IntegerField()

        class Meta:
            database = db
            table_name = "message"
            indexes = ((("pair", "id"), False), (("pair", "version"), False), (("sent_at",), False))

    class ConversationRead(pw.Model):
        pair = pw.ForeignKeyField(Pair, on_delete="CASCADE")
        user = pw.ForeignKeyField(User, on_delete="CASCADE")
        last_read = pw.IntegerField(default=0)
        emailed_up_to = pw.IntegerField(default=0)

        class Meta:
            database = db
            table_name = "conversation_read"
            indexes = ((("pair", "user"), True),)

    db.create_tables([Conversation, Message, ConversationRead])


def down(migrator, db):
    for table in ("conversation_read", "message", "conversation"):
        migrator.migrate(migrator.drop_table(table))
