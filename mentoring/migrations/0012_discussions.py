"""The program's members' board: threads, posts and read marks; the program's setting that turns the board on (off
for every existing program); a reported problem may name a post of the board.

The two new columns are added by plain SQL, as peewee's add_column would rebuild the tables on SQLite and drop
0006's triggers (as 0010 did)."""
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

    class DiscussionThread(pw.Model):
        program = pw.ForeignKeyField(Program, on_delete="CASCADE")
        author = pw.ForeignKeyField(User, null=True, on_delete="SET NULL")
        title = pw.CharField(max_length=200)
        tag = pw.CharField(max_length=12, default="general")
        pinned = pw.BooleanField(default=False)
        locked = pw.BooleanField(default=False)
        announced_at = pw.DateTimeField(null=True)
        posts = pw.IntegerField(default=0)
        last_post_id = pw.IntegerField(default=0)
        last_post_at = pw.DateTimeField()
        created_at = pw.DateTimeField()

        class Meta:
            database = db
            table_name = "discussion_thread"
            indexes = ((("program", "pinned", "last_post_at"), False), (("program", "last_post_id"), False))

    class DiscussionPost(pw.Model):
        thread = pw.ForeignKeyField(DiscussionThread, on_delete="CASCADE")
        author = pw.ForeignKeyField(User, null=True, on_delete="SET NULL")
        text = pw.TextField()
        created_at = pw.DateTimeField()
        edited_at = pw.DateTimeField(null=True)
        deleted_at = pw.DateTimeField(null=True)
        hidden_at = pw.DateTimeField(null=True)

        class Meta:
            database = db
            table_name = "discussion_post"
            indexes = ((("thread", "id"), False), (("author",), False))

    class DiscussionRead(pw.Model):
        thread = pw.ForeignKeyField(DiscussionThread, on_delete="CASCADE")
        user = pw.ForeignKeyField(User, on_delete="CASCADE")
        last_read = pw.IntegerField(default=0)

        class Meta:
            database = db
            table_name = "discussion_read"
            indexes = ((("thread", "user"), True), (("user",), False))

    db.create_tables([DiscussionThread, DiscussionPost, DiscussionRead])
    db.execute_sql("ALTER TABLE program ADD COLUMN discussion_board BOOLEAN NOT NULL DEFAULT FALSE")
    db.execute_sql("ALTER TABLE problem_report ADD COLUMN discussion_post_id INTEGER "
                   "REFERENCES discussion_post (id) ON DELETE SET NULL")
    db.execute_sql("CREATE INDEX problem_report_discussion_post_id ON problem_report (discussion_post_id)")


def down(migrator, db):
    db.execute_sql("DROP INDEX problem_report_discussion_post_id")
    migrator.migrate(migrator.drop_column("problem_report", "discussion_post_id"),
                     migrator.drop_column("program", "discussion_board"))
    for table in ("discussion_read", "discussion_post", "discussion_thread"):
        db.execute_sql(f"DROP TABLE {table}")
