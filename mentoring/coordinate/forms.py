"""Forms of the coordinator's console."""
from flask_wtf.file import FileField
from wtforms import BooleanField, HiddenField, SelectField
from wtforms.validators import DataRequired

from mentoring.forms import Form, options


class ImportForm(Form):
    file = FileField("Spreadsheet (CSV, UTF-8, at most 5 MB)")
    csv_text = HiddenField()


class RunForm(Form):
    fairest = BooleanField("Fairest: make the lowest score as high as possible first, then the total")


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
