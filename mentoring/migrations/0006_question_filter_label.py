"""A short label for the filter each matching rule gives mentees on their suggestions ("Speaks", "Can help with");
the rules of the default questionnaire get theirs in every existing program."""
import peewee as pw

DEFAULT_LABELS = {"languages": "Speaks", "areas_to_grow": "Can help with"}


def up(migrator, db):
    class Questionnaire(pw.Model):
        purpose = pw.CharField(max_length=20)

        class Meta:
            database = db
            table_name = "questionnaire"

    class Question(pw.Model):
        questionnaire = pw.ForeignKeyField(Questionnaire)
        key = pw.CharField(max_length=40)
        filter_label = pw.CharField(max_length=40, default="")

        class Meta:
            database = db
            table_name = "question"

    migrator.migrate(migrator.add_column("question", "filter_label", pw.CharField(max_length=40, default="")))
    mentee_questionnaires = Questionnaire.select(Questionnaire.id).where(Questionnaire.purpose == "mentee")
    for key, label in DEFAULT_LABELS.items():
        (Question.update(filter_label=label)
         .where(Question.key == key, Question.questionnaire.in_(mentee_questionnaires))
         .execute())


def down(migrator, db):
    migrator.migrate(migrator.drop_column("question", "filter_label"))
