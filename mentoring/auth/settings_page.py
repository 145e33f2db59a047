"""The account settings page's forms and lists as HTML: the profile, the photo, the password, where you are logged
in and the emails you want. Written in Python with the field writers of mentoring.forms rather than as template
macros and an include, each of which costs a context; the device a person logged in from is escaped here, everything
else is the app's own words or written by mentoring.forms (no database)."""
from markupsafe import Markup

from mentoring.forms import (
    checkbox_html,
    csrf_html,
    error_summary_html,
    field_html,
    swapping_form_html,
    timezone_datalist,
    token_html,
)
from mentoring.text import escaped


def profile_html(form, action, saved):
    """The profile form: the name, and the time zone with the list it searches."""
    return swapping_form_html(form, "profile-form", action, saved, Markup(
        f'{field_html(form.name, autocomplete="name", maxlength=120)}\n'
        f'{field_html(form.timezone, autocomplete="off", list="timezones")}\n{timezone_datalist()}\n'
        '<button type="submit" class="button">Save profile</button>\n'))


def email_html(form, action, saved):
    """The form to change the email address: the new address, and the password to allow it; once `saved`, the page's
    banner saying mail to the old address bounced goes too (a saved address is no longer taken to bounce)."""
    written = swapping_form_html(form, "email-form", action, saved, Markup(
        f'{field_html(form.email, autocomplete="email", maxlength=254)}\n'
        f'{field_html(form.current_password, autocomplete="current-password")}\n'
        '<button type="submit" class="button">Change email address</button>\n'))
    return written + Markup('\n<div id="email-bouncing" hx-swap-oob="true"></div>') if saved else written


def photo_html(form, face, has_photo, change, remove):
    """The person's `face` (their photo or their initials), the form to change the photo sent to `change` and, when
    they have one, the form to remove it sent to `remove`."""
    removal = (f'<form method="post" action="{remove}" class="form">\n{csrf_html()}\n'
               '<button type="submit" class="button button--secondary">Remove photo</button>\n</form>\n'
               if has_photo else "")
    return Markup(
        f'<div class="photo-form" id="photo-form">\n{face}\n<div>\n'
        f'{"" if has_photo else "<p>Without a photo, people see your initials.</p>"}\n'
        f'<form method="post" action="{change}" enctype="multipart/form-data" class="form" novalidate>\n'
        f'{error_summary_html(form)}\n{token_html(form)}\n'
        f'{field_html(form.photo, accept="image/jpeg,image/png,image/webp,image/gif")}\n'
        f'<button type="submit" class="button">{"Change photo" if has_photo else "Upload photo"}</button>\n</form>\n'
        f"{removal}</div>\n</div>\n")


def password_html(form, action, saved):
    """The form to change the password: the current one, then the new one twice."""
    return swapping_form_html(form, "password-form", action, saved, Markup(
        f'{field_html(form.current_password, autocomplete="current-password")}\n'
        f'{field_html(form.password, autocomplete="new-password")}\n'
        f'{field_html(form.confirm, autocomplete="new-password")}\n'
        '<button type="submit" class="button">Change password</button>\n'))


def sign_ins_html(sign_ins, this_device, when):
    """Where the person is logged in (auth's SignIn rows), the log-in `this_device` marked; `when(moment)` writes
    a moment in the person's zone."""
    items = "".join([f"<li><strong>{escaped(sign_in.device)}</strong>"
                     f'{" (this device)" if sign_in.id == this_device else ""}\n<span class="muted">logged in '
                     f"{when(sign_in.created_at)}, last active {when(sign_in.last_seen_at)}</span></li>\n"
                     for sign_in in sign_ins])
    return Markup(f'<ul id="sign-ins" class="plain-list">\n{items}</ul>\n')


def preferences_html(form, action, saved):
    """The emails the person wants, a check box for each kind."""
    boxes = "".join([checkbox_html(field) for field in form if field.type == "BooleanField"])
    return swapping_form_html(form, "preferences-form", action, saved, Markup(
        f'<fieldset>\n<legend>Send me an email about</legend>\n{boxes}\n</fieldset>\n'
        '<p class="field__help">Emails about your account itself (confirming your address, resetting your password)\n'
        'are always sent.</p>\n<button type="submit" class="button">Save preferences</button>\n'))
