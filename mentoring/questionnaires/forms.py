"""The question builder's form."""
from wtforms import BooleanField, IntegerField, SelectField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from mentoring.forms import Form, LongTextField, TextField, options
from mentoring.models import Question
from mentoring.questionnaires import engine
from mentoring.questionnaires.service import QuestionData
from mentoring.text import one_line

MATCHING = [(Question.NONE, "Not used for matching"),
            (Question.EQUAL, "Must be equal (mentors with another answer are not suggested)"),
            (Question.SIMILAR, "Similar (closer answers score higher)"),
            (Question.PAIRED, "Paired with a mentor question (e.g. want to learn ↔ can teach)")]


class QuestionForm(Form):
    label = TextField("Question", validators=[DataRequired("Write the question."),
                                              Length(max=200, message="Keep the question under 200 characters.")])
    help = LongTextField("Help text (optional)", validators=[Length(max=1000)],
                         description="Shown under the question, e.g. an example answer.")
    section = TextField("Section (optional)", validators=[Length(max=80)],
                        description="Questions with the same section appear on the same page of the form.")
    kind = SelectField("Kind of answer", choices=options(engine.KINDS.items()))
    required = BooleanField("An answer is required")
    sensitive = BooleanField("Sensitive: used for matching only with consent, never shown to other participants")
    new_choices = LongTextField("Add options, one per line", validators=[Length(max=5000)])
    matching = SelectField("How it counts for matching", choices=options(MATCHING), default=Question.NONE)
    counterpart = SelectField("Compared with the mentor question", coerce=int, validators=[Optional()])
    weight = IntegerField("Weight, from 0 to 10", default=5,
                          validators=[Optional(), NumberRange(0, 10, "Enter a weight from 0 to 10.")])
    label_for_filter = TextField(  # not filter_label: WTForms would take a method filter_<field> for a filter
        "Filter label (optional)", validators=[Length(max=40, message="Keep the filter label under 40 characters.")],
        description="Mentees can narrow their suggested mentors by the mentor's answer; this names that filter in "
                    "their words, e.g. “Speaks” or “Can help with”.")

    def for_questionnaire(self, purpose, mentor_questions):
        """Only mentee questions carry matching rules; they point at a mentor question."""
        if purpose == "mentee":
            self.counterpart.choices = options([(0, "—")] + [(q.id, q.label) for q in mentor_questions])
        else:
            for name in ("matching", "counterpart", "weight", "label_for_filter"):
                del self[name]
        return self

    def question_data(self, question, formdata):
        """What the service needs, including the choice rows that live outside WTForms' fields."""
        existing = question.choices if question else []
        return QuestionData(
            label=self.label.data, kind=self.kind.data, help=(self.help.data or "").strip(),
            section=self.section.data or "",
            required=self.required.data, sensitive=self.sensitive.data,
            matching=self.matching.data if "matching" in self else Question.NONE,
            weight=self.weight.data if "weight" in self and self.weight.data is not None else 5,
            counterpart_id=(self.counterpart.data or None) if "counterpart" in self else None,
            filter_label=self.label_for_filter.data if "label_for_filter" in self else "",
            choice_labels={c["key"]: one_line(formdata.get(f"choice-{c['key']}") or c["label"])[:200]
                           for c in existing},
            removed_choices={c["key"] for c in existing if formdata.get(f"remove-{c['key']}")},
            new_choices=[label[:200] for label in map(one_line, (self.new_choices.data or "").splitlines()) if label])
