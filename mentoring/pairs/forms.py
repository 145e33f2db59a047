"""Forms of a pair's page."""
from wtforms.validators import Length

from mentoring.forms import Form, LongTextField


class EndForm(Form):
    reason = LongTextField("Why is it ending? (only the coordinators read this)", validators=[Length(max=2000)])
