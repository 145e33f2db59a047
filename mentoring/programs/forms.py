"""Forms of the program pages: settings, coordinators, the application profile, decisions."""
from flask_wtf.file import FileField
from wtforms import BooleanField, DateField, IntegerField, SelectField
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional, Regexp
from wtforms.widgets import ColorInput

from mentoring.forms import EmailAddressField, Form, LongTextField, TextField, options, web_link
from mentoring.programs.branding import SITE_ACCENT
from mentoring.programs.service import STATE_LABELS

CADENCES = [(7, "Every week"), (14, "Every 2 weeks"), (21, "Every 3 weeks"), (28, "Every 4 weeks"),
            (30, "Every month")]
CHECK_INS = [(0, "Never"), (2, "Every 2 weeks"), (4, "Every 4 weeks"), (6, "Every 6 weeks"), (8, "Every 8 weeks"),
             (12, "Every 12 weeks")]


def _count(label, low, high, description=""):
    return IntegerField(label, description=description, validators=[
        DataRequired(f"Enter a number from {low} to {high}."),
        NumberRange(low, high, f"Enter a number from {low} to {high}.")])


class NewProgramForm(Form):
    name = TextField("Program name", validators=[DataRequired("Give the program a name."), Length(max=120)])


class DeleteProgramForm(Form):
    name = TextField("Type the program's name to delete it", validators=[DataRequired("Type the program's name.")])


class SettingsForm(Form):
    name = TextField("Program name", validators=[DataRequired("Give the program a name."),
                                                 Length(max=120, message="Keep the name under 120 characters.")])
    description = TextField("Short description", description="One sentence shown in the list of programs.",
                            validators=[Length(max=300, message="Keep it under 300 characters.")])
    goals = LongTextField("Goals and objectives",
                          description="What mentees should gain: skills, career steps, personal growth…",
                          validators=[Length(max=10000)])
    guidelines = LongTextField("Guidelines and expectations",
                               description="How often and how pairs meet, confidentiality, how long it lasts.",
                               validators=[Length(max=10000)])
    starts_on = DateField("Start date", validators=[Optional()], description="Leave empty if not decided yet.")
    ends_on = DateField("End date", validators=[Optional()])
    cadence_days = SelectField("Pairs are expected to meet", choices=options(CADENCES), coerce=int,
                               description="The health board flags a pair with no session for twice this long.")
    checkin_weeks = SelectField("Check-in survey", coerce=int, choices=options(CHECK_INS),
                                description="A short survey of how the relationship is going, to both people.")
    default_capacity = _count("Mentees per mentor, usually", 1, 20, "What a mentor's capacity starts at.")
    max_capacity = _count("Mentees per mentor, at most", 1, 20)
    max_open_requests = _count("Open requests a mentee may hold at once", 1, 10)
    reply_days = SelectField("Mentors answer requests within", coerce=int,
                             choices=options([(7, "1 week"), (10, "10 days"), (14, "2 weeks"), (21, "3 weeks"),
                                              (30, "a month")]),
                             description="Unanswered requests then expire; mentors are reminded half way.")
    introduction_step = BooleanField("New pairs first meet once, then both decide whether to continue")
    requires_approval = BooleanField("Coordinators approve each applicant")
    allows_both_roles = BooleanField("People may be mentor and mentee at once (a peer program)")
    mentors_read_guide = BooleanField("Mentors must read the mentor guide before accepting requests",
                                      description="The guide is in the program's library; reading it is their "
                                                  "training.")
    discussion_board = BooleanField("Members' discussion board",
                                    description="Mentors and mentees share tips and questions; you pin announcements.")
    state = SelectField("State", choices=options(STATE_LABELS.items()),
                        description="Draft and closed programs take no applications.")

    def settings(self):
        return {name: field.data for name, field in self._fields.items() if name != "csrf_token"}


def _hex_colour(value):
    """A colour as typed (#ABC, abc, #aabbcc) written #aabbcc; anything else is left for the validator to refuse."""
    value = (value or "").strip().lower().removeprefix("#")
    if len(value) == 3:
        value = "".join(digit * 2 for digit in value)
    return f"#{value}" if value else None


class BrandingForm(Form):
    accent = TextField("Accent colour", widget=ColorInput(), filters=[_hex_colour], default=SITE_ACCENT,
                        description="Buttons and the top of the program's pages take this colour.",
                        validators=[Optional(), Regexp(r"^#[0-9a-f]{6}$", message="Write the colour as six hex "
                                                       "digits after a #, like #234e8c.")])
    site_accent = BooleanField("Use Mentoring's own blue instead")
    file = FileField("Logo", description="A JPEG, PNG, WebP or GIF image; it is made to fit 480 × 160 pixels.")

    def accent_chosen(self):
        """The accent colour chosen, None for the site's own."""
        return None if self.site_accent.data or self.accent.data == SITE_ACCENT else self.accent.data

    def upload(self):
        """(name, stream) of the logo chosen, or None."""
        chosen = self.file.data
        return (chosen.filename or "logo", chosen.stream) if chosen else None


class AppointForm(Form):
    email = EmailAddressField("Email address", validators=[DataRequired("Enter their email address."),
                                                           Length(max=254), Email("Enter a valid email address.")])
    name = TextField("Name (if they have no account yet)", validators=[Length(max=120)])


class ProfileForm(Form):
    headline = TextField("Headline", description="One line about you, e.g. “Data engineer, loves teaching”.",
                         validators=[DataRequired("Write a one-line headline."), Length(max=120)])
    bio = LongTextField("About you", description="A few sentences others will read on your profile.",
                        validators=[Length(max=2000, message="Keep it under 2,000 characters.")])
    video_link = TextField("Video-call link (optional)",
                           description="Your personal meeting room, used as the default for sessions.",
                           validators=[Optional(), Length(max=300), web_link])
    capacity = IntegerField("How many mentees can you take?", validators=[Optional()])
    consent_sensitive = BooleanField("Use my optional background answers for matching",
                                     description="They are never shown to other participants.")


class DecisionForm(Form):
    message = LongTextField("Message to the applicant (optional)", validators=[Length(max=2000)],
                            description="Sent with the decision by email.")
