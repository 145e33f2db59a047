"""Forms of the account pages."""
from flask_wtf.file import FileField
from wtforms import BooleanField, PasswordField
from wtforms.validators import DataRequired, Email, EqualTo, InputRequired, Length

from mentoring.email.kinds import NOTIFICATIONS
from mentoring.forms import EmailAddressField, Form, TextField, TimeZoneField

NAME = dict(validators=[DataRequired("Enter your name."),
                        Length(max=120, message="Keep your name under 120 characters.")])
EMAIL = dict(validators=[DataRequired("Enter your email address."),
                         Length(max=254, message="An email address has at most 254 characters."),
                         Email("Enter an email address like name@example.org.")])
NEW_PASSWORD = dict(validators=[InputRequired("Choose a password.")],
                    description="At least 10 characters. A few unrelated words make a strong one.")
ZONE = dict(validators=[DataRequired("Choose your time zone.")],
            description="Sessions are shown in this zone. Start typing a city, e.g. Berlin or Los Angeles.")


class SignupForm(Form):
    name = TextField("Your name", **NAME)
    email = EmailAddressField("Email address", **EMAIL)
    password = PasswordField("Password", **NEW_PASSWORD)
    timezone = TimeZoneField("Time zone", **ZONE)


class InvitationForm(Form):
    name = TextField("Your name", **NAME)
    timezone = TimeZoneField("Time zone", **ZONE)
    password = PasswordField("Choose a password", **NEW_PASSWORD)


class LoginForm(Form):
    email = EmailAddressField("Email address", **EMAIL)
    password = PasswordField("Password", validators=[InputRequired("Enter your password.")])
    remember = BooleanField("Keep me logged in on this device")


class ForgotPasswordForm(Form):
    email = EmailAddressField("Email address", **EMAIL)


class ResetPasswordForm(Form):
    password = PasswordField("New password", **NEW_PASSWORD)
    confirm = PasswordField("Repeat the new password",
                            validators=[EqualTo("password", "The two passwords are not the same.")])


class ProfileForm(Form):
    name = TextField("Your name", **NAME)
    timezone = TimeZoneField("Time zone", **ZONE)


class EmailForm(Form):
    email = EmailAddressField("Email address", **EMAIL)
    current_password = PasswordField("Your password", validators=[InputRequired("Enter your password.")],
                                     description="To change the address your account and its emails go to.",
                                     id="email-password")  # the password form beside it has a current_password


class PasswordForm(Form):
    current_password = PasswordField("Current password", validators=[InputRequired("Enter your current password.")])
    password = PasswordField("New password", **NEW_PASSWORD)
    confirm = PasswordField("Repeat the new password",
                            validators=[EqualTo("password", "The two passwords are not the same.")])


class PreferencesForm(Form):
    """One checkbox per kind of notification."""

    @classmethod
    def for_user(cls, user):
        """The form drawn with the person's choices ticked (Form.drawn)."""
        return cls.drawn(**{kind: user.wants_email(kind) for kind in NOTIFICATIONS})

    def choices(self):
        return {kind: self[kind].data for kind in NOTIFICATIONS}


for _kind, (_label, _help) in NOTIFICATIONS.items():
    setattr(PreferencesForm, _kind, BooleanField(_label, description=_help))


class DeleteAccountForm(Form):
    password = PasswordField("Your password", validators=[InputRequired("Enter your password to confirm.")])
    understood = BooleanField("I understand that my account and my answers are removed for good",
                              validators=[DataRequired("Tick the box to confirm.")])


class PhotoForm(Form):
    photo = FileField("A picture of you", description="A JPEG, PNG, WebP or GIF image; it is cut to a square.")

    def upload(self):
        """(name, stream) of the picture chosen, or None."""
        chosen = self.photo.data
        return (chosen.filename or "photo", chosen.stream) if chosen else None
