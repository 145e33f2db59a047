"""The one-time keys of forms that create things (see mentoring/once.py): a form sent twice creates once."""
import peewee as pw


def up(migrator, db):
    class User(pw.Model):
        class Meta:
            database = db
            table_name = "users"

    class Submission(pw.Model):
        key = pw.CharField(max_length=64, unique=True)
        user = pw.ForeignKeyField(User, null=True, on_delete="CASCADE")
        outcome = pw.CharField(max_length=500, default="")
        created_at = pw.DateTimeField()

        class Meta:
            database = db
            table_name = "submission"
            indexes = ((("created_at",), False),)

    db.create_tables([Submission])


def down(migrator, db):
    migrator.migrate(migrator.drop_table("submission"))
