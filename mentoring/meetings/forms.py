"""Forms of scheduling, moving, cancelling and answering sessions, and of agendas and notes."""
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    RadioField,
    SelectField,
    TimeField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
)

from mentoring.forms import Form, LongTextField, TextField, options
from mentoring.meetings.invites import ANSWERS
from mentoring.meetings.program_events import EVENT_AUDIENCES
from mentoring.meetings.scheduling import DURATIONS, MAX_OCCURRENCES, REPEATS, Plan

DURATION_CHOICES = options((str(minutes), f"{minutes} minutes") for minutes in DURATIONS)


class WhenFields(Form):
    """A day, a start time and a length: what moving a session asks."""

    day = DateField("Date", validators=[InputRequired("Choose a date.")],
                    invalid_value_message="Enter a real date, for example 2026-05-14.")
    at = TimeField("Start time", format=["%H:%M", "%H:%M:%S"], validators=[InputRequired("Choose a start time.")],
                   invalid_value_message="Enter a time of day, for example 18:30.")
    duration = SelectField("Length", choices=DURATION_CHOICES, default="60", coerce=int,
                           validate_choice=True)


class ScheduleForm(WhenFields):
    title = TextField("Title", default="Check-in",
                      validators=[DataRequired("Give the session a title."), Length(max=200)])
    location = TextField("Video-call link or place", validators=[Length(max=300)],
                         description="A link to the call (the mentor's link is filled in), or where you meet.")
    repeat = SelectField("Repeat", choices=options(REPEATS.items()), default="")
    count = IntegerField("Number of sessions", validators=[Optional(), NumberRange(
        2, MAX_OCCURRENCES, f"Choose from 2 to {MAX_OCCURRENCES} sessions.")], default=6,
        description="For check-ins that repeat.")
    until_program_end = BooleanField("Until the program ends (instead of a number of sessions)")

    def plan(self):
        return Plan(title=self.title.data, day=self.day.data, at=self.at.data, duration=self.duration.data,
                    location=self.location.data, repeat=self.repeat.data, count=self.count.data,
                    until_program_end=self.until_program_end.data)


class EventForm(WhenFields):
    title = TextField("Title", validators=[DataRequired("Give the event a title."), Length(max=200)],
                      description="For example: Kick-off, Networking hour, Workshop on giving feedback.")
    location = TextField("Video-call link or place", validators=[Length(max=300)])
    audience = RadioField("Who is invited", choices=options(EVENT_AUDIENCES.items()), default="all")

    def plan(self):
        return Plan(title=self.title.data, day=self.day.data, at=self.at.data, duration=self.duration.data,
                    location=self.location.data)


class RescheduleForm(WhenFields):
    following = RadioField("Which sessions", choices=options([("one", "Only this session"),
                                                             ("following", "This and the following sessions")]),
                           default="one")


class CancelForm(Form):
    scope = RadioField("Which sessions", choices=options([("one", "Only this session"),
                                                         ("series", "This and every later session")]),
                       default="one")


class AnswerForm(Form):
    """An answer to an invite; another time is a date and time in the answering person's zone."""

    answer = RadioField("Your answer", choices=options(ANSWERS.items()),
                        validators=[DataRequired("Choose accept, decline or another time.")])
    day = DateField("Suggested date", validators=[Optional()],
                    invalid_value_message="Enter a real date, for example 2026-05-14.")
    at = TimeField("Suggested start time", format=["%H:%M", "%H:%M:%S"], validators=[Optional()],
                   invalid_value_message="Enter a time of day, for example 18:30.")
    note = LongTextField("A note for your partner (optional)", validators=[Length(max=1000)])


class AgendaItemForm(Form):
    text = TextField("Add an item", validators=[DataRequired("Write the item first."), Length(max=500)],
                     id="agenda-item")  # the session page has three forms of a `text` each: ids of their own


class NotesForm(Form):
    text = LongTextField("Shared notes", validators=[Length(max=20_000)],
                         description="Both of you can read and edit these.", id="shared-notes")


class PrivateNoteForm(Form):
    text = LongTextField("My private note", validators=[Length(max=20_000)],
                         description="Only you can read this.", id="private-note")
