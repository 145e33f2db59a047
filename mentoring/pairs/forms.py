"""Forms of a pair's page: ending, goals and milestones, reporting a problem."""
from wtforms import DateField
from wtforms.validators import DataRequired, Length, Optional

from mentoring.forms import Form, LongTextField, TextField


class EndForm(Form):
    reason = LongTextField("Why is it ending? (only the coordinators read this)", validators=[Length(max=2000)])


class GoalForm(Form):
    title = TextField("Goal", validators=[DataRequired("Write the goal."), Length(max=200)],
                      description="What you want to achieve, e.g. “Give a talk at a meetup”.")
    why = LongTextField("Why it matters (optional)", validators=[Length(max=2000)])
    target_date = DateField("Target date (optional)", validators=[Optional()],
                            invalid_value_message="Enter a real date, for example 2026-05-14.")


class MilestoneForm(Form):
    text = TextField("Add a milestone", validators=[DataRequired("Write the milestone first."), Length(max=300)])


class ProblemReportForm(Form):
    text = LongTextField("What happened?", validators=[DataRequired("Tell the coordinators what happened."),
                                                       Length(max=5000)],
                         description="Only the program's coordinators read this. They may contact you.")
