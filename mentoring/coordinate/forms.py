"""Forms of the coordinator's console."""
from flask_wtf.file import FileField
from wtforms import BooleanField, HiddenField, RadioField, SelectField
from wtforms.validators import DataRequired, Length

from mentoring.forms import Form, LongTextField, TextField, options
from mentoring.matching import assign
from mentoring.models import ProblemReport


class ImportForm(Form):
    file = FileField("Spreadsheet (CSV, UTF-8, at most 5 MB)")
    csv_text = HiddenField()


class RunForm(Form):
    objective = RadioField("What matters most", default=assign.MOST_PAIRS, validators=[DataRequired("Choose one.")],
                           choices=options([(assign.MOST_PAIRS, "Most pairs: give as many people as possible a mentor, "
                                                                "then the highest total score (recommended)"),
                                            (assign.FAIREST, "Fairest: as many pairs, then the lowest score as high "
                                                             "as it can be, then the total"),
                                            (assign.HIGHEST_TOTAL, "Highest total, even if fewer people get a "
                                                                   "mentor")]))


class PeopleForm(Form):
    """A mentee and a mentor chosen from the program's lists (for pairing by hand, pins and blocks)."""

    mentee = SelectField("Mentee", coerce=int, validators=[DataRequired("Choose a mentee.")])
    mentor = SelectField("Mentor", coerce=int, validators=[DataRequired("Choose a mentor.")])
    kind = SelectField("Rule", choices=options([("pin", "Pin: these two must be paired"),
                                                ("block", "Block: never pair these two")]))

    def offering(self, mentees, mentors):
        """Fill the two lists with (membership id, name) options."""
        self.mentee.choices = options([(0, "—")] + mentees)
        self.mentor.choices = options([(0, "—")] + mentors)
        return self


class NudgeForm(Form):
    subject = TextField("Subject", validators=[DataRequired("Write a subject."), Length(max=150)])
    message = LongTextField("Message", validators=[DataRequired("Write the message."), Length(max=5000)],
                            description="{name}, {partner}, {days} (days since their last session) and {program} "
                                        "are filled in for each person.")


class ProblemForm(Form):
    state = SelectField("State", choices=options(ProblemReport.STATES.items()))
    note = LongTextField("What the coordinators did (only coordinators read this)", validators=[Length(max=5000)])
    deactivate = BooleanField("Deactivate the member this report is about: their pairs end, their requests close, "
                              "they are no longer matched")
