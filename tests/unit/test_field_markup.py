"""The field macros (templates/_macros/forms.html) by field kind: each label names its control, help and errors are
tied to it, what was typed comes back escaped, and the control carries the attributes WTForms' own widget gives."""
from datetime import date, time
from html.parser import HTMLParser

import pytest
from flask_wtf.file import FileField
from werkzeug.datastructures import MultiDict
from wtforms import BooleanField, DateField, IntegerField, PasswordField, RadioField, SelectField, TimeField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from mentoring.forms import EmailAddressField, Form, LongTextField, TextField, options

TYPED = 'Ann "<script>alert(1)</script>" & co'


class KindsForm(Form):
    name = TextField("Your name", [DataRequired(), Length(max=120)], description="As your partner will see it.")
    email = EmailAddressField("Email", [DataRequired()])
    about = LongTextField("About you", [Optional(), Length(max=2000)])
    password = PasswordField("Password", [DataRequired(), Length(min=10)])
    role = SelectField("Role", [DataRequired()], choices=options([("mentee", "Mentee <1>"), ("mentor", "Mentor")]))
    capacity = IntegerField("Capacity", [InputRequired(), NumberRange(min=1, max=20)])
    day = DateField("Day", [DataRequired()])
    at = TimeField("Time", [DataRequired()])
    file = FileField("File", [Optional()], description="Up to 10 MB.")
    answer = RadioField("Your answer", [DataRequired()],
                        choices=options([("accepted", "Yes"), ("declined", "No <thanks>")]))
    digest = BooleanField("Send me a weekly digest")


class Elements(HTMLParser):
    """The elements of a piece of HTML: [(tag, {attribute: value}, text up to the next tag)]."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.found, self.open = [], False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.found.append([tag, dict(attrs), ""])
        self.open = True

    def handle_endtag(self, tag):
        self.open = False

    def handle_data(self, data):
        if self.open:
            self.found[-1][2] += data


def elements(html):
    return [(tag, attrs, text) for tag, attrs, text in Elements(html).found]


def first(html, tag, **attrs):
    return next((a, text) for t, a, text in elements(html) if t == tag and attrs.items() <= a.items())


@pytest.fixture
def render(app):
    """render(macro call, formdata=None, **extra) → (the form, the HTML the macro writes for it)."""
    def rendering(call, formdata=None, **extra):
        with app.test_request_context():
            form = KindsForm(formdata=MultiDict(formdata) if formdata is not None else None, meta={"csrf": False})
            if formdata is not None:
                form.validate()
            template = app.jinja_env.from_string(
                '{% from "_macros/forms.html" import field, checkbox, radios %}{{ ' + call + ' }}')
            return form, template.render(form=form, extra=extra)
    return rendering


SENT = {"name": TYPED * 5, "email": "NOT-AN-ADDRESS", "about": TYPED, "password": TYPED, "role": "mentor",
        "capacity": "30", "day": "2027-13-40", "at": "09:30", "answer": "declined", "digest": "y"}

CASES = [  # macro call, formdata, element and the attributes that matter, its text
    ("field(form.name, **extra)", None, "input",
     {"type": "text", "name": "name", "required": None, "maxlength": "120", "aria-describedby": "name-help",
      "value": "", "class": "field__input"}, ""),
    ("field(form.name, **extra)", SENT, "input",
     {"type": "text", "name": "name", "value": TYPED * 5, "aria-describedby": "name-help name-error",
      "aria-invalid": "true"}, ""),
    ("field(form.email, autocomplete='email', **extra)", SENT, "input",
     {"type": "email", "name": "email", "value": "not-an-address", "autocomplete": "email", "required": None}, ""),
    ("field(form.about, rows=4, **extra)", SENT, "textarea",
     {"name": "about", "rows": "4", "maxlength": "2000"}, "\r\n" + TYPED),
    ("field(form.password, autocomplete='new-password', **extra)", SENT, "input",
     {"type": "password", "name": "password", "value": "", "minlength": "10", "autocomplete": "new-password"}, ""),
    ("field(form.role, **extra)", None, "select", {"name": "role", "required": None}, ""),
    ("field(form.capacity, min=1, max=20, **extra)", SENT, "input",
     {"type": "number", "name": "capacity", "value": "30", "min": "1", "max": "20", "aria-invalid": "true",
      "aria-describedby": "capacity-error"}, ""),
    ("field(form.day, type='date', **extra)", SENT, "input",
     {"type": "date", "name": "day", "value": "2027-13-40", "aria-invalid": "true"}, ""),
    ("field(form.at, type='time', step='300', **extra)", SENT, "input",
     {"type": "time", "name": "at", "value": "09:30", "step": "300"}, ""),
    ("field(form.file, **extra)", None, "input", {"type": "file", "name": "file", "aria-describedby": "file-help"},
     ""),
    ("checkbox(form.digest)", SENT, "input", {"type": "checkbox", "name": "digest", "value": "y", "checked": None},
     ""),
    ("checkbox(form.digest)", None, "input", {"type": "checkbox", "name": "digest", "value": "y"}, ""),
]


@pytest.mark.parametrize("call, formdata, tag, expected, text", CASES)
def test_a_field_is_drawn_with_its_label_help_errors_and_what_was_typed(render, call, formdata, tag, expected, text):
    form, html = render(call, formdata, **({"data-focus-after-swap": ""} if "extra" in call else {}))
    name = expected["name"]
    control, inner = first(html, tag, name=name)
    assert expected.items() <= control.items() and (inner if tag == "textarea" else "") == text
    assert ("aria-invalid" in control) == bool(form[name].errors)
    if "extra" in call:
        assert control["data-focus-after-swap"] == ""
    label, label_text = first(html, "label", **{"for": control["id"]})
    assert label_text == form[name].label.text
    for described in control.get("aria-describedby", "").split():
        assert first(html, "p", id=described)[1] in (form[name].description, " ".join(form[name].errors))
    assert "<script>" not in html


@pytest.mark.parametrize("call, formdata, tag, expected, text", CASES)
def test_a_control_has_the_attributes_of_the_wtforms_widget(render, call, formdata, tag, expected, text):
    """Our markup and WTForms' widget agree on every attribute (its value and limits included), so pages read alike."""
    form, html = render(call, formdata)
    name = expected["name"]
    ours, _ = first(html, tag, name=name)
    extra = {key: value for key, value in ours.items() if key not in ("id", "name", "value", "checked", "required")
             and key not in dir(form[name].flags)}
    theirs, _ = first(str(form[name](**extra)), tag, name=name)
    assert ours == theirs


def test_options_keep_what_was_chosen_and_escape_their_labels(render):
    form, html = render("field(form.role)", SENT)
    chosen = [(attrs["value"], "selected" in attrs, text) for tag, attrs, text in elements(html) if tag == "option"]
    assert chosen == [("mentee", False, "Mentee <1>"), ("mentor", True, "Mentor")]
    assert "Mentee &lt;1&gt;" in html


@pytest.mark.parametrize("formdata, only, shown", [
    (None, None, [("answer-0", "accepted", False, "Yes"), ("answer-1", "declined", False, "No <thanks>")]),
    (SENT, None, [("answer-0", "accepted", False, "Yes"), ("answer-1", "declined", True, "No <thanks>")]),
    (SENT, ("declined",), [("answer-1", "declined", True, "No <thanks>")]),  # ids count every choice
])
def test_radios_are_a_fieldset_of_labelled_options(render, formdata, only, shown):
    form, html = render("radios(form.answer, only=extra.only)", formdata, only=only)
    found = elements(html)
    radios = [(attrs["id"], attrs["value"], "checked" in attrs) for tag, attrs, _ in found if tag == "input"]
    labels = {attrs["for"]: text for tag, attrs, text in found if tag == "label"}
    assert [(*radio, labels[radio[0]]) for radio in radios] == shown
    assert all("required" in attrs for tag, attrs, _ in found if tag == "input")
    fieldset, _ = first(html, "fieldset")
    assert first(html, "legend")[1] == "Your answer"
    assert ("aria-describedby" in fieldset) == bool(form.answer.errors)


@pytest.mark.parametrize("sent, expected", [(date(2027, 3, 28), "2027-03-28"), (time(9, 30), "09:30")])
def test_stored_dates_and_times_are_shown_in_the_input_format(app, sent, expected):
    with app.test_request_context():
        form = KindsForm(formdata=None, data={"day": sent} if isinstance(sent, date) else {"at": sent},
                         meta={"csrf": False})
        name = "day" if isinstance(sent, date) else "at"
        template = app.jinja_env.from_string('{% from "_macros/forms.html" import field %}{{ field(form[name]) }}')
        control, _ = first(template.render(form=form, name=name), "input", name=name)
    assert control["value"] == expected


def test_a_drawn_forms_fields_are_written_once_for_each_way_asked_and_as_any_other_form_writes_them(app):
    from mentoring.forms import checkbox_html, field_html, radios_html
    with app.test_request_context():
        drawn = KindsForm.drawn(name=TYPED, answer="declined", digest=True)
        built = KindsForm(formdata=None, meta={"csrf": False}, data={"name": TYPED, "answer": "declined",
                                                                      "digest": True})
        assert KindsForm.drawn(name=TYPED, answer="declined", digest=True) is drawn
        for write, field, extra in [(field_html, "name", {}), (field_html, "name", {"autocomplete": "off"}),
                                    (checkbox_html, "digest", {}), (radios_html, "answer", {"only": ("declined",)})]:
            once = write(drawn[field], **extra)
            assert write(drawn[field], **extra) is once and once == write(built[field], **extra)
        assert 'autocomplete="off"' in field_html(drawn.name, autocomplete="off")
        assert 'autocomplete="off"' not in field_html(drawn.name)
        assert radios_html(drawn.answer, only=["declined"]) == radios_html(built.answer, only=["declined"])


@pytest.mark.parametrize("saved, button", [(None, None), ("Saved <yours>.", "Save & go")])
def test_a_swapping_form_replaces_itself_and_says_what_was_saved(app, saved, button):
    from markupsafe import Markup

    from mentoring.forms import swapping_form_html
    with app.test_request_context():
        form = KindsForm(formdata=MultiDict({"name": ""}), meta={"csrf": False})
        form.validate()
        html = str(swapping_form_html(form, "notes-form", "/notes?a=1&b=2", saved, Markup("<p>fields</p>"), button))
    attrs, _ = first(html, "form")
    assert attrs == {"id": "notes-form", "method": "post", "action": "/notes?a=1&b=2", "class": "form",
                     "novalidate": None, "hx-post": "/notes?a=1&b=2", "hx-target": "this", "hx-swap": "outerHTML"}
    assert 'class="error-summary"' in html and first(html, "input", name="csrf_token")[0]["type"] == "hidden"
    assert "<p>fields</p>" in html
    if saved:
        assert ('<p class="message message--success" role="status" tabindex="-1" data-focus-after-swap>'
                "Saved &lt;yours&gt;.</p>") in html
        assert '<button type="submit" class="button button--secondary">Save &amp; go</button>' in html
    else:
        assert "message--success" not in html and "<button" not in html
