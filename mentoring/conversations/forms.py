"""Forms of a pair's conversation: sharing a file."""
from flask_wtf.file import FileField

from mentoring.forms import Form


class UploadForm(Form):
    file = FileField("Add a file (a CV, a portfolio, slides)")
