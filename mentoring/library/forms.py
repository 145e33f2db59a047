"""Forms of the library: a resource, the icebreakers."""
from flask_wtf.file import FileField
from wtforms import SelectField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from mentoring.forms import Form, LongTextField, TextField, options, web_link
from mentoring.models import Resource


def _optional_link(form, field):
    if field.data:
        web_link(form, field)


class ResourceForm(Form):
    kind = SelectField("Kind", choices=options(Resource.KINDS.items()), default=Resource.PAGE)
    title = TextField("Title", validators=[DataRequired("Give it a title."), Length(max=200)])
    description = TextField("Short description", validators=[Length(max=300)])
    link = TextField("Link (for a link)", validators=[Optional(), Length(max=500), _optional_link])
    file = FileField("File (for a file)", description="A PDF, slides or a document; members download it.")
    body = LongTextField("Page (for a page)", validators=[Length(max=50_000)],
                         description="Plain text: a blank line starts a paragraph; https:// addresses and "
                                     "[words](https://…) become links.")
    tags = TextField("Tags (optional)", validators=[Length(max=300)], description="Separated by commas.")
    audience = SelectField("Who it is for", choices=options(Resource.AUDIENCES.items()), default="everyone")
    stage = SelectField("Stage it fits", choices=options(Resource.STAGES.items()), default="")

    def upload(self):
        """(name, stream) of the file chosen, or None."""
        chosen = self.file.data
        return (chosen.filename or "", chosen.stream) if chosen else None

    def fields(self):
        """The resource's values as typed."""
        return {name: getattr(self, name).data for name in ("kind", "title", "description", "link", "body", "tags",
                                                            "audience", "stage")}


def _questions(form, field):
    if any(len(line) > 300 for line in field.data.splitlines()):
        raise ValidationError("Keep each question under 300 characters.")


class IcebreakersForm(Form):
    questions = LongTextField("Icebreakers, one question a line", validators=[Length(max=10_000), _questions])

    def texts(self):
        """The questions typed, one a line, without blank lines."""
        return [line.strip() for line in self.questions.data.splitlines() if line.strip()]
