"""Words about an open request before it is answered (a question to the mentor, their answer), written on the page or
by replying to the request's email: a table of its own."""
import peewee as pw


def up(migrator, db):
    class User(pw.Model):
        class Meta:
            database = db
            table_name = "users"

    class MentorRequest(pw.Model):
        class Meta:
            database = db
            table_name = "mentor_request"

    class RequestNote(pw.Model):
        request = pw.ForeignKeyField(MentorRequest, on_delete="CASCADE")
        author = pw.ForeignKeyField(User, on_delete="CASCADE")
        text = pw.TextField()
        written_at = pw.DateTimeField()

        class Meta:
            database = db
            table_name = "request_note"
            indexes = ((("request", "written_at"), False),)

    db.create_tables([RequestNote])


def down(migrator, db):
    migrator.migrate(migrator.drop_table("request_note"))
