"""The forms of a pair's conversation."""
from wtforms.validators import DataRequired, Length

from mentoring.forms import Form, LongTextField


class MessageForm(Form):
    text = LongTextField("Message", id="message-text",
                         validators=[DataRequired("Write a message first."), Length(max=5000)])
