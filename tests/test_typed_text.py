"""What people type is stored on one line wherever one line is meant (every one-line form field, a spreadsheet's
cells, a question's options), and never with control characters or the bidi overrides that make a name read
backwards; texts of several lines keep their lines."""
import html
import io
import re

from werkzeug.datastructures import MultiDict
from wtforms import HiddenField, PasswordField, StringField
from wtforms.widgets import TextArea

from coordinate.test_import import HEADER, MENTEE
from mentoring.forms import Form, TextField
from mentoring.models import Question, User
from support.client import seen, text

TYPED = " Ann\r\nBcc: x@example.com\x00\x1b\x85\u2028\u202eevil\u202a\u202b\u202c\u202d\u2066\u2067\u2068\u2069\t"
HIDDEN = re.compile("[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
BREAKS = re.compile("[\t\n\r\x1c-\x1e\x85\u2028\u2029]")


def form_classes():
    """Every form of the app (create_app has imported them all)."""
    found, todo = [], [Form]
    while todo:
        subclasses = todo.pop().__subclasses__()
        found += subclasses
        todo += subclasses
    return found


def test_every_one_line_field_stores_one_line_without_control_or_bidi_characters(app):
    classes = form_classes()
    assert len(classes) >= 30
    one_line = several = 0
    with app.test_request_context(method="POST"):
        for form_class in classes:
            names = [field.name for field in form_class(formdata=None, meta={"csrf": False})]
            form = form_class(formdata=MultiDict({name: TYPED for name in names}), meta={"csrf": False})
            for field in form:
                if not isinstance(field, StringField) or isinstance(field, (PasswordField, HiddenField)):
                    continue
                where = f"{form_class.__name__}.{field.name}"
                assert isinstance(field, TextField), f"{where} is not one of the tidied text fields"
                assert field.data and not HIDDEN.search(field.data), where
                if isinstance(field.widget, TextArea):
                    several += 1
                    assert "\r\n" in field.data, where
                else:
                    one_line += 1
                    assert not BREAKS.search(field.data) and "ann bcc: x@example.com" in field.data.lower(), where
    assert one_line >= 20 and several >= 10


def test_an_imported_spreadsheet_stores_names_and_headlines_on_one_line(client, mailbox, make_user, log_in,
                                                                       make_program):
    coordinator = make_user()
    program = make_program(coordinators=[coordinator])
    log_in(coordinator)
    row = (MENTEE.replace("english;Urdu", "english").replace("Zara Ali", '"Zara\r\nBcc: x@example.com\u202e"')
           .replace("Analyst", '"Analyst\u2066\nand more"'))
    sheet = f'{HEADER},bio\r\n{row},"Line one\r\nLine two\u202e"\r\n'
    preview = client.submit(f"/programs/{program.slug}/import",
                            {"file": (io.BytesIO(sheet.encode()), "people.csv"), "action": "preview"})
    assert "Every row is fine." in text(preview), seen(preview)
    csv_text = html.unescape(preview.get_data(as_text=True).split('name="csv_text" type="hidden" value="')[1]
                             .split('"')[0])
    imported = client.submit(f"/programs/{program.slug}/import", {"csv_text": csv_text, "action": "import"})
    assert imported.status_code == 302, seen(imported)
    zara = User.by_email("zara@example.org")
    assert zara.name == "Zara Bcc: x@example.com"
    membership = zara.memberships.get()
    assert (membership.headline, membership.bio) == ("Analyst and more", "Line one\r\nLine two")
    invitation = mailbox.find("zara@example.org", f"You are invited to {program.name}")
    assert invitation["To"].addresses[0].display_name == "Zara Bcc: x@example.com" and invitation["Bcc"] is None


def test_a_question_s_options_are_one_line_each(client, make_user, log_in, make_program):
    coordinator = make_user()
    program = make_program(coordinators=[coordinator])
    log_in(coordinator)
    url = f"/programs/{program.slug}/questions/mentee"
    client.submit(url + "/new", {"label": "Favourite\r\nframework?\u202e", "kind": "single", "matching": "none",
                                 "weight": "5", "counterpart": "0", "new_choices": "Dja\u202engo\r\nFla\x1bsk\n\n"})
    question = Question.of(program, "mentee").where(Question.label == "Favourite framework?").get()
    assert [choice["label"] for choice in question.choices] == ["Django", "Flask"]
    client.submit(f"{url}/{question.id}", {"label": question.label, "kind": "single", "matching": "none",
                                           "weight": "5", "counterpart": "0",
                                           "choice-django": "Django\u2028(the\tweb framework)\u2066"})
    assert Question.get_by_id(question.id).choice_labels["django"] == "Django (the web framework)"
