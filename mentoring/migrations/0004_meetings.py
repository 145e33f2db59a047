"""Meetings: series of check-ins, sessions and program events, answers, agendas, notes, calendar feeds;
invites riding along with outbox emails."""
import peewee as pw


def up(migrator, db):
    class Pair(pw.Model):
        class Meta:
            database = db
            table_name = "pair"

    class Program(pw.Model):
        class Meta:
            database = db
            table_name = "program"

    class User(pw.Model):
        class Meta:
            database = db
            table_name = "users"

    class Series(pw.Model):
        uid = pw.CharField(unique=True, max_length=120)
        sequence = pw.IntegerField(default=0)
        program = pw.ForeignKeyField(Program, on_delete="CASCADE")
        pair = pw.ForeignKeyField(Pair, null=True, on_delete="CASCADE")
        organizer = pw.ForeignKeyField(User, null=True, on_delete="SET NULL")
        title = pw.CharField(max_length=200)
        timezone = pw.CharField(max_length=64)
        first_start = pw.DateTimeField()
        duration_minutes = pw.IntegerField()
        frequency = pw.CharField(max_length=10)
        interval = pw.IntegerField(default=1)
        count = pw.IntegerField(null=True)
        until = pw.DateTimeField(null=True)
        location = pw.CharField(max_length=300, default="")
        cancelled = pw.BooleanField(default=False)
        created_at = pw.DateTimeField()
        class Meta:
            database = db
            table_name = "series"
    db.create_tables([Series])

    class Meeting(pw.Model):
        program = pw.ForeignKeyField(Program, on_delete="CASCADE")
        pair = pw.ForeignKeyField(Pair, null=True, on_delete="CASCADE")
        series = pw.ForeignKeyField(Series, null=True, on_delete="CASCADE")
        uid = pw.CharField(max_length=120)
        recurrence_id = pw.DateTimeField(null=True)
        sequence = pw.IntegerField(default=0)
        organizer = pw.ForeignKeyField(User, null=True, on_delete="SET NULL")
        title = pw.CharField(max_length=200)
        starts_at = pw.DateTimeField()
        duration_minutes = pw.IntegerField()
        timezone = pw.CharField(max_length=64)
        location = pw.CharField(max_length=300, default="")
        audience = pw.CharField(max_length=10, default="")
        cancelled = pw.BooleanField(default=False)
        shared_notes = pw.TextField(default="")
        reminded_at = pw.DateTimeField(null=True)
        carried_over_at = pw.DateTimeField(null=True)
        created_at = pw.DateTimeField()
        class Meta:
            database = db
            table_name = "meeting"
            indexes = ((("pair", "starts_at"), False), (("program", "starts_at"), False), (("uid",), False),
                       (("series", "recurrence_id"), False), (("starts_at",), False))
    db.create_tables([Meeting])

    class AgendaItem(pw.Model):
        meeting = pw.ForeignKeyField(Meeting, on_delete="CASCADE")
        text = pw.CharField(max_length=500)
        position = pw.IntegerField()
        done = pw.BooleanField(default=False)
        added_by = pw.ForeignKeyField(User, null=True, on_delete="SET NULL")
        created_at = pw.DateTimeField()
        class Meta:
            database = db
            table_name = "agenda_item"
            indexes = ((("meeting", "position"), False),)
    db.create_tables([AgendaItem])

    class PrivateNote(pw.Model):
        meeting = pw.ForeignKeyField(Meeting, on_delete="CASCADE")
        user = pw.ForeignKeyField(User, on_delete="CASCADE")
        text = pw.TextField(default="")
        updated_at = pw.DateTimeField()
        class Meta:
            database = db
            table_name = "private_note"
            indexes = ((("meeting", "user"), True),)
    db.create_tables([PrivateNote])

    class Rsvp(pw.Model):
        meeting = pw.ForeignKeyField(Meeting, on_delete="CASCADE")
        user = pw.ForeignKeyField(User, on_delete="CASCADE")
        answer = pw.CharField(max_length=10)
        proposed_start = pw.DateTimeField(null=True)
        note = pw.TextField(default="")
        updated_at = pw.DateTimeField()
        class Meta:
            database = db
            table_name = "rsvp"
            indexes = ((("meeting", "user"), True),)
    db.create_tables([Rsvp])

    migrator.migrate(
        migrator.add_column("users", "calendar_token", pw.CharField(unique=True, null=True, max_length=64)))
    migrator.migrate(migrator.add_column("outbox_email", "calendar_method", pw.CharField(max_length=10, default="")))
    migrator.migrate(migrator.add_column("outbox_email", "calendar", pw.TextField(default="")))
    migrator.migrate(migrator.add_column("outbox_email", "reply_to", pw.CharField(max_length=254, default="")))


def down(migrator, db):
    migrator.migrate(migrator.drop_index("users", "users_calendar_token"))
    migrator.migrate(migrator.drop_column("outbox_email", "reply_to"))
    migrator.migrate(migrator.drop_column("outbox_email", "calendar"))
    migrator.migrate(migrator.drop_column("outbox_email", "calendar_method"))
    migrator.migrate(migrator.drop_column("users", "calendar_token"))
    migrator.migrate(migrator.drop_table("rsvp"))
    migrator.migrate(migrator.drop_table("private_note"))
    migrator.migrate(migrator.drop_table("agenda_item"))
    migrator.migrate(migrator.drop_table("meeting"))
    migrator.migrate(migrator.drop_table("series"))
