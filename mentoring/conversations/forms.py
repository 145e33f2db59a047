"""The forms of a pair's conversation: a message, and sharing a file."""
from flask_wtf.file import FileField
from wtforms.validators import DataRequired, Length

from mentoring.forms import Form, LongTextField


class MessageForm(Form):
    text = LongTextField("Message", id="message-text",
                         validators=[DataRequired("Write a message first."), Length(max=5000)])


class UploadForm(Form):
    file = FileField("Add a file (a CV, a portfolio, slides)")
