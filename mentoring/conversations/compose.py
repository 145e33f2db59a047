"""The form to write a message, as HTML: the box (with what was typed, kept when the form comes back with its
errors), a file to attach, and their errors. Written in Python, as the log above it (conversations.log): on the pair
page and the conversation page a template cost as much for this form as for the rest of the section (pure: no Flask,
no database)."""
from markupsafe import Markup

from mentoring.text import escaped


def message_form_html(action, limit_attributes, errors, token, key, box, attach, max_length, focus):
    """The form sent to `action` (`limit_attributes` let the browser refuse too large a file first): `errors` its
    summary, `token` and `key` the fields of its form token and one-time key (as forms.py writes them), `box` and
    `attach` its text and file fields (WTForms), the box holding at most `max_length` characters and taking the focus
    when `focus` or when it has errors."""
    return Markup(
        f'<form id="message-form" method="post" action="{action}" class="form message-form" novalidate '
        f'enctype="multipart/form-data" hx-encoding="multipart/form-data" hx-post="{action}" '
        f'hx-target="#conversation" hx-swap="outerHTML" data-upload-progress{limit_attributes}>\n{errors}'
        f"{token}\n{key}\n"
        f'{_field(box, " autofocus" if focus or box.errors else "", "textarea", max_length)}'
        '<p class="field__help">Links are made clickable; nothing else is formatted.</p>\n'
        f'{_field(attach, "", "file", None)}'
        '<progress class="upload-progress" max="100" value="0" aria-label="Upload progress" hidden></progress>\n'
        '<button type="submit" class="button">Send</button>\n</form>\n')


def _field(field, focus, kind, max_length):
    field_id, name = escaped(field.id), escaped(field.name)
    invalid = " field--invalid" if field.errors else ""
    error = (f'<p class="field__error" id="{field_id}-error">{escaped(" ".join(field.errors))}</p>\n'
             if field.errors else "")
    described = f' aria-describedby="{field_id}-error" aria-invalid="true"' if field.errors else ""
    if kind == "textarea":
        required = " required" if field.flags.required else ""
        control = (f'<textarea{focus}{described} class="field__input" id="{field_id}" maxlength="{max_length}" '
                   f'name="{name}"{required} rows="3">\n{escaped(field.data or "")}</textarea>')
    else:
        control = f'<input{described} class="field__input" id="{field_id}" name="{name}" type="file">'
    return (f'<div class="field{invalid}">\n<label class="field__label" for="{field_id}">{escaped(field.label.text)}'
            f"</label>\n{error}{control}\n</div>\n")
