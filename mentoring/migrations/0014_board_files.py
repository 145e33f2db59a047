"""Files on the members' board: a row for the file a post carries (its bytes are in the site's file store under its
key), naming the program so its quota for board files is one sum. A table of its own: no existing table changes."""
import peewee as pw


def up(migrator, db):
    class Program(pw.Model):
        class Meta:
            database = db
            table_name = "program"

    class User(pw.Model):
        class Meta:
            database = db
            table_name = "users"

    class DiscussionPost(pw.Model):
        class Meta:
            database = db
            table_name = "discussion_post"

    class BoardFile(pw.Model):
        post = pw.ForeignKeyField(DiscussionPost, unique=True, on_delete="CASCADE")
        program = pw.ForeignKeyField(Program, on_delete="CASCADE")
        uploaded_by = pw.ForeignKeyField(User, null=True, on_delete="SET NULL")
        name = pw.CharField(max_length=255)
        size = pw.BigIntegerField()
        content_type = pw.CharField(max_length=100)
        key = pw.CharField(max_length=32, unique=True)
        created_at = pw.DateTimeField()

        class Meta:
            database = db
            table_name = "board_file"

    db.create_tables([BoardFile])


def down(migrator, db):
    migrator.migrate(migrator.drop_table("board_file"))
