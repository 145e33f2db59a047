"""Matching: requests, pairs, hidden suggestions, coordinators' pins and blocks, and matching runs."""
import peewee as pw


def up(migrator, db):
    class Membership(pw.Model):
        class Meta:
            database = db
            table_name = "membership"

    class Program(pw.Model):
        class Meta:
            database = db
            table_name = "program"

    class User(pw.Model):
        class Meta:
            database = db
            table_name = "users"

    class HiddenSuggestion(pw.Model):
        mentee = pw.ForeignKeyField(Membership, on_delete="CASCADE")
        mentor = pw.ForeignKeyField(Membership, on_delete="CASCADE")
        created_at = pw.DateTimeField()
        class Meta:
            database = db
            table_name = "hidden_suggestion"
            indexes = ((("mentee", "mentor"), True),)
    db.create_tables([HiddenSuggestion])

    class MatchConstraint(pw.Model):
        program = pw.ForeignKeyField(Program, on_delete="CASCADE")
        mentee = pw.ForeignKeyField(Membership, on_delete="CASCADE")
        mentor = pw.ForeignKeyField(Membership, on_delete="CASCADE")
        kind = pw.CharField(max_length=6)
        created_by = pw.ForeignKeyField(User, null=True, on_delete="SET NULL")
        created_at = pw.DateTimeField()
        class Meta:
            database = db
            table_name = "match_constraint"
            indexes = ((("mentee", "mentor"), True),)
    db.create_tables([MatchConstraint])

    class MatchRun(pw.Model):
        program = pw.ForeignKeyField(Program, on_delete="CASCADE")
        created_by = pw.ForeignKeyField(User, null=True, on_delete="SET NULL")
        fairest = pw.BooleanField(default=False)
        state = pw.CharField(max_length=10, default="queued")
        progress = pw.IntegerField(default=0)
        message = pw.TextField(default="")
        rows = pw.TextField(default="[]")
        unmatched = pw.TextField(default="{}")
        created_at = pw.DateTimeField()
        finished_at = pw.DateTimeField(null=True)
        class Meta:
            database = db
            table_name = "match_run"
    db.create_tables([MatchRun])

    class Pair(pw.Model):
        program = pw.ForeignKeyField(Program, on_delete="CASCADE")
        mentee = pw.ForeignKeyField(Membership, on_delete="CASCADE")
        mentor = pw.ForeignKeyField(Membership, on_delete="CASCADE")
        state = pw.CharField(max_length=14)
        origin = pw.CharField(max_length=10, default="request")
        score = pw.IntegerField(null=True)
        mentee_says = pw.CharField(max_length=4, default="")
        mentor_says = pw.CharField(max_length=4, default="")
        created_at = pw.DateTimeField()
        activated_at = pw.DateTimeField(null=True)
        ended_at = pw.DateTimeField(null=True)
        end_kind = pw.CharField(max_length=20, default="")
        end_reason = pw.TextField(default="")
        ended_by = pw.ForeignKeyField(User, null=True, on_delete="SET NULL")
        class Meta:
            database = db
            table_name = "pair"
            indexes = ((("program", "state"), False), (("mentor", "state"), False), (("mentee", "state"), False))
    db.create_tables([Pair])

    class MentorRequest(pw.Model):
        program = pw.ForeignKeyField(Program, on_delete="CASCADE")
        mentee = pw.ForeignKeyField(Membership, on_delete="CASCADE")
        mentor = pw.ForeignKeyField(Membership, on_delete="CASCADE")
        message = pw.TextField(default="")
        state = pw.CharField(max_length=10, default="open")
        created_at = pw.DateTimeField()
        expires_at = pw.DateTimeField()
        reminded_at = pw.DateTimeField(null=True)
        answered_at = pw.DateTimeField(null=True)
        decline_reason = pw.CharField(max_length=40, default="")
        decline_note = pw.TextField(default="")
        welcome_message = pw.TextField(default="")
        pair = pw.ForeignKeyField(Pair, null=True, on_delete="SET NULL")
        class Meta:
            database = db
            table_name = "mentor_request"
            indexes = ((("mentor", "state"), False), (("mentee", "state"), False), (("state", "expires_at"), False))
    db.create_tables([MentorRequest])

    migrator.migrate(migrator.add_column("program", "reply_days", pw.IntegerField(default=14)))
    migrator.migrate(migrator.add_column("program", "introduction_step", pw.BooleanField(default=True)))
    migrator.migrate(migrator.add_column("program", "roster_version", pw.IntegerField(default=0)))


def down(migrator, db):
    migrator.migrate(migrator.drop_column("program", "roster_version"))
    migrator.migrate(migrator.drop_column("program", "introduction_step"))
    migrator.migrate(migrator.drop_column("program", "reply_days"))
    migrator.migrate(migrator.drop_table("mentor_request"))
    migrator.migrate(migrator.drop_table("pair"))
    migrator.migrate(migrator.drop_table("match_run"))
    migrator.migrate(migrator.drop_table("match_constraint"))
    migrator.migrate(migrator.drop_table("hidden_suggestion"))
