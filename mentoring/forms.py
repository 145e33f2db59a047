"""Form pieces every domain shares: the base form, tidy text fields, the time zone field."""
import time
from functools import lru_cache, wraps
from urllib.parse import urlsplit

from flask import current_app, g, request, session
from flask_wtf import FlaskForm
from flask_wtf.csrf import generate_csrf
from flask_wtf.file import FileField
from itsdangerous import TimestampSigner, URLSafeTimedSerializer
from markupsafe import Markup, escape
from werkzeug.datastructures import CombinedMultiDict, MultiDict
from wtforms import StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError
from wtforms.widgets import CheckboxInput, EmailInput, FileInput, Input, Select, TextArea

from mentoring import clock, once, text, timezones

CSRF_MESSAGE = ("This form had expired, so nothing was saved. "
                "Check your entries and send it again.")


SUBMITTED = object()  # a form reads the request's own submission unless given other data


class Form(FlaskForm):
    """Base form; a missing or stale CSRF token shows up as a message on the form itself."""

    def __init__(self, formdata=SUBMITTED, **kwargs):
        super().__init__(formdata=formdata, **kwargs)

    @classmethod
    def drawn(cls, **data):
        """The form built only to be drawn, its fields holding `data` (name: value): without a form token of its own
        (its template writes the session's with the `token()` macro: building a token field costs more than the rest
        of a small form), and built once per class and data, as drawing a form only reads it."""
        return _drawn(cls, tuple(sorted(data.items())))

    class Meta:
        def wrap_formdata(self, form, formdata):
            """A submission's text parts, and its files for the form's file fields only: a file sent in place of
            text, or a JSON body, leaves a field empty (its form says what is missing)."""
            if formdata is not SUBMITTED:
                return formdata
            if not form.is_submitted():
                return None
            file_fields = {field.name for field in form if isinstance(field, FileField)}
            files = MultiDict([(name, file) for name, file in request.files.items(multi=True) if name in file_fields])
            return CombinedMultiDict([files, request.form])

    def csrf_failed(self):
        return bool(self.meta.csrf and self.csrf_token.errors)


@lru_cache(maxsize=1024)
def _drawn(form_class, data):
    form = form_class(formdata=None, meta={"csrf": False}, data=dict(data))
    for field in form:
        field.written = {}  # what pages wrote of it (`_kept_when_drawn`): a drawn form is never changed
    return form


def _kept_when_drawn(write):
    """`write(field, ...)`, kept with the field when its form was built only to be drawn (Form.drawn): such a form is
    shared and never changed, so its fields are written once for each way a page asks."""
    @wraps(write)
    def kept(field, *args, **kwargs):
        written = getattr(field, "written", None)
        if written is None:
            return write(field, *args, **kwargs)
        try:
            key = (write, args, tuple(sorted(kwargs.items())))
            html = written.get(key)
        except TypeError:  # an unhashable argument (a list): written each time
            return write(field, *args, **kwargs)
        if html is None:
            html = written[key] = write(field, *args, **kwargs)
        return html
    return kept


class TextField(StringField):
    """A one-line text field: line breaks become spaces, control and bidi characters and surrounding spaces are
    dropped; missing means empty."""

    tidy = staticmethod(text.one_line)

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        self.data = self.tidy(self.data or "")


class LongTextField(TextField):
    """A text area, tidied like a text field but keeping its lines."""

    widget = TextArea()
    tidy = staticmethod(text.lines)


class EmailAddressField(TextField):
    """An email address, kept in lower case so the same person never has two accounts."""

    widget = EmailInput()

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        if self.data is not None:
            self.data = self.data.lower()


class TimeZoneField(TextField):
    """An IANA time zone picked from the page's list, or named by a city; stored in its proper spelling."""

    def pre_validate(self, form):
        try:
            self.data = timezones.find(self.data)
        except timezones.ZoneNotFound as error:
            raise ValidationError(str(error)) from None


def options(pairs):
    """Choices of a select field from (value, label) pairs."""
    return [SelectChoice(value, label) for value, label in pairs]


def web_link(form, field):
    """A validator: the field holds an http(s) link (no other scheme can hide in a page's links)."""
    parts = urlsplit(field.data or "")
    if parts.scheme not in ("http", "https") or not parts.netloc or " " in field.data:
        raise ValidationError("Enter a full link starting with https://")


def timezone_datalist():
    """The <datalist> a time zone field searches, built once a day (offsets change with the seasons)."""
    return _timezone_datalist(clock.now().date())


@lru_cache(maxsize=2)
def _timezone_datalist(day):
    options = "".join(f'<option value="{escape(zone)}">{escape(label)}</option>'
                      for zone, label in timezones.choices_on(day))
    return Markup(f'<datalist id="timezones">{options}</datalist>')


def show_error(form, error):
    """Attach a DomainError to the field it names, or to the whole form (with its link, when it has one)."""
    field = getattr(form, error.field, None) if error.field else None
    message = Markup('{} <a href="{}">{}</a>').format(error.message, *error.link) if error.link else error.message
    if field is not None:
        field.errors = [*field.errors, message]
    else:
        form.form_errors.append(message)


def control(field, css_class=None, extra=None):
    """How a field's control is written: its element ("input", "textarea" or "select") and its attributes, sorted by
    name as WTForms writes them (a value True stands alone, None and False are left out), with the field's own
    limits (required, maxlength...) and its help and error tied to it by aria-describedby."""
    widget = field.widget
    element = ELEMENTS.get(type(widget)) or _element(widget)
    attrs = {"id": field.id, "name": field.name}
    if css_class:
        attrs["class"] = css_class
    if element == "input":
        attrs["type"] = widget.input_type
        if isinstance(widget, CheckboxInput):
            attrs["checked"] = bool(getattr(field, "checked", field.data))
        if not isinstance(widget, FileInput):
            attrs["value"] = "" if getattr(widget, "hide_value", False) else field._value()
    flags = vars(field.flags)
    for name in widget.validation_attrs:
        value = flags.get(name)
        if value is not None:
            attrs[name] = value() if callable(value) else value
    described = [f"{field.id}-help"] if field.description else []
    if field.errors:
        described.append(f"{field.id}-error")
        attrs["aria-invalid"] = "true"
    if described:
        attrs["aria-describedby"] = " ".join(described)
    if extra:
        attrs.update(extra)
    return element, sorted((name, value) for name, value in attrs.items() if value is not None and value is not False)


def control_html(field, css_class=None, extra=None):
    """A field's input, text area or select as HTML, written from `control` in one call (the same written in Jinja
    costs a dozen calls for each attribute)."""
    element, attrs = control(field, css_class, extra)
    parts = [f"<{element}"]
    for name, value in attrs:
        parts.append(f" {name}" if value is True else f' {name}="{_escaped(value)}"')  # names are ours: plain
    parts.append(">")
    if element == "textarea":
        parts.append(f"\r\n{_escaped(field._value())}</textarea>")
    elif element == "select":
        for choice in field.iter_choices():
            selected = " selected" if choice.selected else ""
            parts.append(f'<option{selected} value="{_escaped(choice.value)}">'
                         f"{_escaped(choice.label or choice.value)}</option>")
        parts.append("</select>")
    return Markup("".join(parts))


@_kept_when_drawn
def field_html(field, **extra):
    """A field in its box, as most forms show one: its label, help and errors, then its control (given the attributes
    `extra`); the `field` macro of templates/_macros/forms.html, written in one call rather than a macro's dozens."""
    invalid = " field--invalid" if field.errors else ""
    return Markup(f'<div class="field{invalid}">\n<label class="field__label" for="{_escaped(field.id)}">'
                  f"{_escaped(field.label.text)}</label>\n{_help_and_errors(field)}"
                  f'{control_html(field, "field__input", extra)}\n</div>')


@_kept_when_drawn
def checkbox_html(field):
    """A check box in its box: the box first, then its label, help and errors (the `checkbox` macro)."""
    invalid = " field--invalid" if field.errors else ""
    return Markup(f'<div class="field field--checkbox{invalid}">\n{control_html(field)}\n'
                  f'<label for="{_escaped(field.id)}">{_escaped(field.label.text)}</label>\n'
                  f"{_help_and_errors(field)}</div>")


def _help_and_errors(field):
    """A field's help and its errors, each a paragraph its control names in aria-describedby (see `control`)."""
    written = ""
    if field.description:
        written += f'<p class="field__help" id="{_escaped(field.id)}-help">{_escaped(field.description)}</p>\n'
    if field.errors:
        written += _errors_html(field)
    return written


def _errors_html(field):
    """A field's errors, as the paragraph its control (or its fieldset) names in aria-describedby."""
    return f'<p class="field__error" id="{_escaped(field.id)}-error">{_errors_text(field)}</p>\n'


def _errors_text(field):
    return " ".join(_escaped(error) for error in field.errors)


@_kept_when_drawn
def radios_html(field, only=None):
    """A choice of one as radio buttons in a fieldset whose legend is the question (the choices `only` names, when
    given: an option's id still counts every choice, as WTForms numbers them)."""
    field_id, name = _escaped(field.id), _escaped(field.name)
    required = " required" if field.flags.required else ""
    options = []
    for index, choice in enumerate(field.iter_choices()):
        if only and choice.value not in only:
            continue
        checked = " checked" if choice.selected else ""
        options.append(f'<div class="option-row"><input{checked} id="{field_id}-{index}" name="{name}"{required} '
                       f'type="radio" value="{_escaped(choice.value)}"> <label for="{field_id}-{index}">'
                       f"{_escaped(choice.label or choice.value)}</label></div>")
    invalid, described, errors = "", "", ""
    if field.errors:
        invalid, described, errors = " field--invalid", f' aria-describedby="{field_id}-error"', _errors_html(field)
    described_help = f'<p class="field__help">{_escaped(field.description)}</p>\n' if field.description else ""
    return Markup(f'<fieldset class="field{invalid}" id="{field_id}"{described}>\n'
                  f'<legend class="field__label">{_escaped(field.label.text)}</legend>\n{described_help}{errors}'
                  f'{"".join(options)}\n</fieldset>')


def error_summary_html(form):
    """What is wrong with a sent form, at its top: each field's errors as a link to the field, the form's own errors,
    an expired form token; nothing when all is well. Focused after an htmx swap (data-focus-after-swap)."""
    if not form.errors and not form.form_errors:
        return ""
    field_errors = [field for field in form if field.errors and field.name != "csrf_token"]
    expired = form.csrf_failed()
    if not (form.form_errors or field_errors or expired):
        return ""
    items = [f"<li>{CSRF_MESSAGE}</li>"] if expired else []
    items += [f"<li>{_escaped(message)}</li>" for message in form.form_errors]
    items += [f'<li><a href="#{_escaped(field.id)}">{_escaped(field.label.text)}: {_errors_text(field)}</a></li>'
              for field in field_errors]
    return Markup('<div class="error-summary" role="alert" tabindex="-1" data-focus-after-swap>\n'
                  '<p class="error-summary__title"><strong>Please check this form:</strong></p>\n'
                  f'<ul>\n{"".join(items)}\n</ul>\n</div>')


def swapping_form_html(form, form_id, action, saved, body, button=None):
    """A form that replaces itself with the server's answer under htmx and posts plainly without it: the message `saved`
    (when something was), what is wrong with it, its token, then `body` (its fields, as HTML) and, when named, its
    secondary button saying `button` (the `swapping_form` macro, written in one call)."""
    action = _escaped(action)
    said = (f'<p class="message message--success" role="status" tabindex="-1" data-focus-after-swap>{_escaped(saved)}'
            "</p>\n" if saved else "")
    submit = f'\n<button type="submit" class="button button--secondary">{_escaped(button)}</button>' if button else ""
    return Markup(f'<form id="{_escaped(form_id)}" method="post" action="{action}" class="form" novalidate\n'
                  f'      hx-post="{action}" hx-target="this" hx-swap="outerHTML">\n'
                  f"{said}{error_summary_html(form)}{token_html(form)}\n{body}{submit}\n</form>")


def csrf_token():
    """The session's form token as Flask-WTF signs it, signed once per request (a page writes it several times: in
    the header htmx sends, the log-out form and each form of its own), and for a session that has its token, once
    a second: the signature is a pure function of the key, the token and the second, kept."""
    if "csrf_token" not in g:
        if "csrf_token" not in session:
            return generate_csrf()  # (which gives the session its token)
        g.csrf_token = _signed_token(current_app.config.get("WTF_CSRF_SECRET_KEY") or current_app.secret_key,
                                     session["csrf_token"], int(time.time()))
    return g.csrf_token


class _SignerAt(TimestampSigner):
    """itsdangerous's timestamped signer, its second given rather than read from the clock."""

    def __init__(self, *args, at, **kwargs):
        super().__init__(*args, **kwargs)
        self.at = at

    def get_timestamp(self):
        return self.at


@lru_cache(maxsize=4096)
def _signed_token(secret_key, token, second):
    """`token` signed at `second` as Flask-WTF's generate_csrf signs it (its salt, itsdangerous's timestamp)."""
    return URLSafeTimedSerializer(secret_key, salt="wtf-csrf-token", signer=_SignerAt,
                                  signer_kwargs={"at": second}).dumps(token)


def csrf_html():
    """The hidden field carrying the session's form token."""
    return _token_field(csrf_token())


@lru_cache(maxsize=1024)
def _token_field(token):
    return Markup(f'<input type="hidden" name="csrf_token" value="{_escaped(token)}">')


def token_html(form):
    """`form`'s own token field, or the session's token for a form built only to be drawn (Form.drawn), which has
    none: the same token either way."""
    if not form.meta.csrf:
        return csrf_html()
    field = form.csrf_token
    return Markup(f'<input id="{_escaped(field.id)}" name="{_escaped(field.name)}" type="hidden" '
                  f'value="{_escaped(field._value())}">')


def sent_once_html():
    """In a form that creates something, its one-time key: sending it twice creates once (mentoring/once.py)."""
    return Markup(f'<input type="hidden" name="submission" value="{once.new_key()}">')


def _escaped(value):
    """`value` as markupsafe.escape writes it, as plain text (a value with __html__ is already safe)."""
    if type(value) is str:
        return text.escaped(value)
    return value.__html__() if hasattr(value, "__html__") else text.escaped(str(value))


ELEMENTS = {}  # widget class: the element it draws, found once per class


def _element(widget):
    for kind, element in ((Input, "input"), (TextArea, "textarea"), (Select, "select")):
        if isinstance(widget, kind):
            ELEMENTS[type(widget)] = element
            return element
    raise TypeError(f"no markup for {type(widget).__name__} fields in templates/_macros/forms.html")
