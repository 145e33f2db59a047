"""Programs, coordinators, memberships (applications), questionnaires, questions and answers."""
import peewee as pw


def up(migrator, db):
    class User(pw.Model):
        class Meta:
            database = db
            table_name = "users"

    class Program(pw.Model):
        name = pw.CharField(max_length=120)
        slug = pw.CharField(unique=True, max_length=80)
        description = pw.CharField(max_length=300, default="")
        goals = pw.TextField(default="")
        guidelines = pw.TextField(default="")
        starts_on = pw.DateField(null=True)
        ends_on = pw.DateField(null=True)
        cadence_days = pw.IntegerField(default=14)
        default_capacity = pw.IntegerField(default=2)
        max_capacity = pw.IntegerField(default=5)
        max_open_requests = pw.IntegerField(default=3)
        requires_approval = pw.BooleanField(default=True)
        allows_both_roles = pw.BooleanField(default=False)
        state = pw.CharField(max_length=12, default="draft")
        created_at = pw.DateTimeField()

        class Meta:
            database = db
            table_name = "program"

    class Coordinator(pw.Model):
        program = pw.ForeignKeyField(Program, on_delete="CASCADE")
        user = pw.ForeignKeyField(User, on_delete="CASCADE")
        appointed_at = pw.DateTimeField()

        class Meta:
            database = db
            table_name = "coordinator"
            indexes = ((("program", "user"), True),)

    class Membership(pw.Model):
        program = pw.ForeignKeyField(Program, on_delete="CASCADE")
        user = pw.ForeignKeyField(User, on_delete="CASCADE")
        role = pw.CharField(max_length=10)
        state = pw.CharField(max_length=12, default="started")
        headline = pw.CharField(max_length=120, default="")
        bio = pw.TextField(default="")
        video_link = pw.CharField(max_length=300, default="")
        capacity = pw.IntegerField(null=True)
        consent_sensitive = pw.BooleanField(default=False)
        decision_message = pw.TextField(default="")
        created_at = pw.DateTimeField()
        submitted_at = pw.DateTimeField(null=True)
        decided_at = pw.DateTimeField(null=True)

        class Meta:
            database = db
            table_name = "membership"
            indexes = ((("program", "user", "role"), True), (("program", "role", "state"), False),
                       (("program", "state"), False))

    class Questionnaire(pw.Model):
        program = pw.ForeignKeyField(Program, on_delete="CASCADE")
        purpose = pw.CharField(max_length=20)

        class Meta:
            database = db
            table_name = "questionnaire"
            indexes = ((("program", "purpose"), True),)

    class Question(pw.Model):
        questionnaire = pw.ForeignKeyField(Questionnaire, on_delete="CASCADE")
        key = pw.CharField(max_length=40)
        position = pw.IntegerField()
        kind = pw.CharField(max_length=20)
        label = pw.CharField(max_length=200)
        help = pw.TextField(default="")
        section = pw.CharField(max_length=80, default="")
        required = pw.BooleanField(default=False)
        choices = pw.TextField(default="[]")
        matching = pw.CharField(max_length=10, default="none")
        weight = pw.IntegerField(default=5)
        counterpart = pw.ForeignKeyField("self", null=True, on_delete="SET NULL")
        sensitive = pw.BooleanField(default=False)

        class Meta:
            database = db
            table_name = "question"
            indexes = ((("questionnaire", "key"), True), (("questionnaire", "position"), False))

    class Response(pw.Model):
        questionnaire = pw.ForeignKeyField(Questionnaire, on_delete="CASCADE")
        user = pw.ForeignKeyField(User, on_delete="CASCADE")
        membership = pw.ForeignKeyField(Membership, unique=True, null=True, on_delete="CASCADE")
        updated_at = pw.DateTimeField()

        class Meta:
            database = db
            table_name = "response"

    class Answer(pw.Model):
        response = pw.ForeignKeyField(Response, on_delete="CASCADE")
        question = pw.ForeignKeyField(Question, on_delete="CASCADE")
        value = pw.TextField()

        class Meta:
            database = db
            table_name = "answer"
            indexes = ((("response", "question"), True),)

    db.create_tables([Program, Coordinator, Membership, Questionnaire, Question, Response, Answer])
    migrator.migrate(
        migrator.add_column("audit_log", "program_id",
                            pw.ForeignKeyField(Program, field=Program.id, null=True, on_delete="CASCADE")),
        migrator.add_index("audit_log", ("program_id", "created_at")))


def down(migrator, db):
    migrator.migrate(migrator.drop_index("audit_log", "audit_log_program_id_created_at"),
                     migrator.drop_column("audit_log", "program_id"))
    for table in ("answer", "response", "question", "questionnaire", "membership", "coordinator", "program"):
        migrator.migrate(migrator.drop_table(table))
