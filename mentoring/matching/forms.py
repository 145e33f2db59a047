"""Forms of asking and answering."""
from wtforms import RadioField
from wtforms.validators import DataRequired, Length

from mentoring.forms import Form, LongTextField, options
from mentoring.matching.requests import DECLINE_REASONS, NOTE_MAX


class RequestForm(Form):
    message = LongTextField("What do you hope to gain from this mentor?",
                            description="A few sentences: they read this before saying yes.",
                            validators=[DataRequired("Tell the mentor what you hope to gain."),
                                        Length(max=2000, message="Keep it under 2,000 characters.")])


class AcceptForm(Form):
    welcome = LongTextField("A welcome message (optional)", validators=[Length(max=2000)],
                            description="Sent to your new mentee with the good news.")


class DeclineForm(Form):
    reason = RadioField("Why not this time?", choices=options(DECLINE_REASONS.items()),
                        validators=[DataRequired("Choose a reason.")])
    note = LongTextField("A kind note (optional)", validators=[Length(max=2000)])


class NoteForm(Form):
    text = LongTextField("Write to them", description="A question before an answer, or its answer: they are emailed.",
                         validators=[DataRequired("Write something first."),
                                     Length(max=NOTE_MAX, message="Keep it under 2,000 characters.")])
