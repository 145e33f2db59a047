"""The forms of a pair's conversation: a message (with a file, if one likes), sharing a file, reporting a message."""
from flask_wtf.file import FileField
from wtforms.validators import DataRequired, Length

from mentoring.conversations.service import MESSAGE_MAX
from mentoring.forms import Form, LongTextField


class MessageForm(Form):
    text = LongTextField("Message", id="message-text",
                         validators=[DataRequired("Write a message first."), Length(max=MESSAGE_MAX)])


class NewMessageForm(MessageForm):
    """A message as it is written in the conversation: its text, a file, or both (the service says what is missing)."""

    text = LongTextField("Message", id="message-text", validators=[Length(max=MESSAGE_MAX)])
    file = FileField("Attach a file (optional)", id="message-file")


class UploadForm(Form):
    file = FileField("Add a file (a CV, a portfolio, slides)")


class ReportMessageForm(Form):
    note = LongTextField("Anything to add? (optional)", validators=[Length(max=5000)],
                         description="Only the program's coordinators read this. Your partner is not told.")
