"""Forms of the coordinator's console."""
from flask_wtf.file import FileField
from wtforms import HiddenField

from mentoring.forms import Form


class ImportForm(Form):
    file = FileField("Spreadsheet (CSV, UTF-8, at most 5 MB)")
    csv_text = HiddenField()
