"""Forms of the members' board: a new thread, a reply (each may carry a file), an edited post, a report of a post."""
from flask_wtf.file import FileField
from wtforms import BooleanField, SelectField
from wtforms.validators import DataRequired, Length

from mentoring.forms import Form, LongTextField, TextField, options
from mentoring.models import DiscussionThread

ATTACHED = "Slides, a document or an image: everyone who reads this board can download it."


class ThreadForm(Form):
    title = TextField("Title", validators=[DataRequired("Give the thread a title."), Length(max=200)])
    tag = SelectField("Kind of thread", choices=options(DiscussionThread.TAGS.items()), default="general")
    text = LongTextField("First post", id="post-text",
                         validators=[DataRequired("Write the first post."), Length(max=10_000)],
                         description="Links are made clickable and line breaks kept; nothing else is formatted.")
    file = FileField("Attach a file (optional)", id="post-file", description=ATTACHED)
    announcement = BooleanField("An announcement: pin it at the top and email it to every member",
                                description="Members who turned off announcements in their account get no email.")


class PostForm(Form):
    text = LongTextField("Your reply", id="post-text",
                         validators=[DataRequired("Write your reply first."), Length(max=10_000)],
                         description="Links are made clickable and line breaks kept; nothing else is formatted.")


class ReplyForm(PostForm):
    file = FileField("Attach a file (optional)", id="post-file", description=ATTACHED)


class ReportForm(Form):
    reason = LongTextField("What is wrong with this post?",
                           validators=[DataRequired("Say what is wrong, in a few words."), Length(max=5000)],
                           description="Only the coordinators read this. They see the post and can hide it.")
