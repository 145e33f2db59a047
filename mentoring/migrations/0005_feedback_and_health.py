"""Feedback, goals and program health: goals and milestones, feedback forms and their answers, reports of problems,
paused and nudged pairs, check-in cadence and the version the health board is cached by; the feedback
questionnaires of every existing program."""
import peewee as pw

from mentoring.questionnaires import defaults


def up(migrator, db):
    class Program(pw.Model):
        class Meta:
            database = db
            table_name = "program"

    class User(pw.Model):
        class Meta:
            database = db
            table_name = "users"

    class Membership(pw.Model):
        class Meta:
            database = db
            table_name = "membership"

    class Pair(pw.Model):
        class Meta:
            database = db
            table_name = "pair"

    class Meeting(pw.Model):
        class Meta:
            database = db
            table_name = "meeting"

    class Goal(pw.Model):
        pair = pw.ForeignKeyField(Pair, on_delete="CASCADE")
        title = pw.CharField(max_length=200)
        why = pw.TextField(default="")
        target_date = pw.DateField(null=True)
        state = pw.CharField(max_length=12, default="not_started")
        position = pw.IntegerField()
        created_by = pw.ForeignKeyField(User, null=True, on_delete="SET NULL")
        created_at = pw.DateTimeField()
        done_at = pw.DateTimeField(null=True)
        class Meta:
            database = db
            table_name = "goal"
            indexes = ((("pair", "position"), False), (("state", "done_at"), False))

    class Milestone(pw.Model):
        goal = pw.ForeignKeyField(Goal, on_delete="CASCADE")
        text = pw.CharField(max_length=300)
        position = pw.IntegerField()
        done_at = pw.DateTimeField(null=True)
        class Meta:
            database = db
            table_name = "milestone"
            indexes = ((("goal", "position"), False),)

    class Feedback(pw.Model):
        program = pw.ForeignKeyField(Program, on_delete="CASCADE")
        pair = pw.ForeignKeyField(Pair, on_delete="CASCADE")
        meeting = pw.ForeignKeyField(Meeting, null=True, on_delete="CASCADE")
        user = pw.ForeignKeyField(User, on_delete="CASCADE")
        role = pw.CharField(max_length=10)
        kind = pw.CharField(max_length=20)
        asked_at = pw.DateTimeField()
        submitted_at = pw.DateTimeField(null=True)
        answers = pw.TextField(default="{}")
        shared = pw.BooleanField(default=False)
        rating = pw.IntegerField(null=True)
        took_place = pw.CharField(max_length=12, default="")
        recommend = pw.IntegerField(null=True)
        class Meta:
            database = db
            table_name = "feedback"
            indexes = ((("pair", "kind", "submitted_at"), False), (("user", "submitted_at"), False),
                       (("program", "kind", "submitted_at"), False), (("meeting", "user"), False))

    class ProblemReport(pw.Model):
        program = pw.ForeignKeyField(Program, on_delete="CASCADE")
        reporter = pw.ForeignKeyField(User, null=True, on_delete="SET NULL")
        pair = pw.ForeignKeyField(Pair, null=True, on_delete="SET NULL")
        about = pw.ForeignKeyField(Membership, null=True, on_delete="SET NULL")
        text = pw.TextField()
        state = pw.CharField(max_length=12, default="new")
        note = pw.TextField(default="")
        created_at = pw.DateTimeField()
        updated_at = pw.DateTimeField()
        class Meta:
            database = db
            table_name = "problem_report"
            indexes = ((("program", "state", "created_at"), False),)

    db.create_tables([Goal, Milestone, Feedback, ProblemReport])
    migrator.migrate(
        migrator.add_column("program", "checkin_weeks", pw.IntegerField(default=4)),
        migrator.add_column("program", "activity_version", pw.IntegerField(default=0)),
        migrator.add_column("program", "digest_sent_at", pw.DateTimeField(null=True)),
        migrator.add_column("pair", "paused_at", pw.DateTimeField(null=True)),
        migrator.add_column("pair", "nudged_at", pw.DateTimeField(null=True)),
        migrator.add_column("meeting", "feedback_asked_at", pw.DateTimeField(null=True)))
    _feedback_questionnaires(db)


def _feedback_questionnaires(db):
    """Every program gets the three feedback questionnaires new programs start with."""
    import json

    class Program(pw.Model):
        class Meta:
            database = db
            table_name = "program"

    class Questionnaire(pw.Model):
        program = pw.ForeignKeyField(Program)
        purpose = pw.CharField()
        class Meta:
            database = db
            table_name = "questionnaire"

    class Question(pw.Model):
        questionnaire = pw.ForeignKeyField(Questionnaire)
        key = pw.CharField()
        position = pw.IntegerField()
        kind = pw.CharField()
        label = pw.CharField()
        help = pw.TextField(default="")
        section = pw.CharField(default="")
        required = pw.BooleanField(default=False)
        choices = pw.TextField(default="[]")
        matching = pw.CharField(default="none")
        weight = pw.IntegerField(default=5)
        sensitive = pw.BooleanField(default=False)
        class Meta:
            database = db
            table_name = "question"

    for program in Program.select():
        for purpose, questions in defaults.FEEDBACK.items():
            questionnaire = Questionnaire.create(program=program, purpose=purpose)
            for position, spec in enumerate(questions, start=1):
                spec = {**spec, "choices": json.dumps(spec.get("choices", []))}
                Question.create(questionnaire=questionnaire, position=position, **spec)


def down(migrator, db):
    db.execute_sql("DELETE FROM question WHERE questionnaire_id IN (SELECT id FROM questionnaire WHERE purpose IN "
                   "('session_feedback', 'check_in', 'final'))")
    db.execute_sql("DELETE FROM questionnaire WHERE purpose IN ('session_feedback', 'check_in', 'final')")
    migrator.migrate(
        migrator.drop_column("meeting", "feedback_asked_at"),
        migrator.drop_column("pair", "nudged_at"),
        migrator.drop_column("pair", "paused_at"),
        migrator.drop_column("program", "digest_sent_at"),
        migrator.drop_column("program", "activity_version"),
        migrator.drop_column("program", "checkin_weeks"))
    for table in ("problem_report", "feedback", "milestone", "goal"):
        migrator.migrate(migrator.drop_table(table))
