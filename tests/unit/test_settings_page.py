"""The account settings page's pieces, written in Python: each form's fields, labels and buttons, the photo's forms
as the person has a photo or not, and where they are logged in, with the device they logged in from escaped."""
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
from werkzeug.datastructures import MultiDict

from mentoring.auth import forms
from mentoring.auth.settings_page import (
    email_html,
    password_html,
    photo_html,
    preferences_html,
    profile_html,
    sign_ins_html,
)
from mentoring.text import escaped


@pytest.fixture
def request_context(app):
    with app.test_request_context():
        yield


def test_the_profile_form_swaps_itself_and_says_what_was_saved(request_context):
    form = forms.ProfileForm.drawn(name='Ann "<b>"', timezone="Europe/Berlin")
    page = str(profile_html(form, "/account/profile", "Your profile is saved."))
    assert page.startswith('<form id="profile-form" method="post" action="/account/profile"')
    assert 'hx-target="this" hx-swap="outerHTML"' in page and 'name="csrf_token"' in page
    assert '<p class="message message--success" role="status"' in page and "Your profile is saved." in page
    assert '<label class="field__label" for="name">Your name</label>' in page
    assert 'value="Ann &#34;&lt;b&gt;&#34;"' in page and "<b>" not in page
    assert 'list="timezones"' in page and '<datalist id="timezones">' in page
    assert '<button type="submit" class="button">Save profile</button>' in page


@pytest.mark.parametrize("saved", [None, "Your email address is ann@new.example."])
def test_the_email_form_asks_for_the_address_and_the_password(request_context, saved):
    page = str(email_html(forms.EmailForm.drawn(email='ann"<b>"@example.org'), "/account/email", saved))
    assert page.startswith('<form id="email-form" method="post" action="/account/email"')
    assert 'hx-target="this" hx-swap="outerHTML"' in page and 'name="csrf_token"' in page
    assert '<label class="field__label" for="email">Email address</label>' in page
    assert 'value="ann&#34;&lt;b&gt;&#34;@example.org"' in page and 'autocomplete="email"' in page
    assert '<label class="field__label" for="email-password">Your password</label>' in page
    assert 'name="current_password"' in page and 'autocomplete="current-password"' in page
    assert '<button type="submit" class="button">Change email address</button>' in page
    assert ("message--success" in page) == bool(saved)


def test_a_sent_password_form_comes_back_with_its_errors(request_context, app):
    with app.test_request_context(method="POST", data=MultiDict({"current_password": "x", "password": "short"})):
        form = forms.PasswordForm()
        form.validate()
        page = str(password_html(form, "/account/password", None))
    assert 'class="error-summary" role="alert"' in page and 'aria-invalid="true"' in page
    for field, autocomplete in [("current_password", "current-password"), ("password", "new-password"),
                                ("confirm", "new-password")]:
        assert f'<label class="field__label" for="{field}">' in page and f'autocomplete="{autocomplete}"' in page
    assert "message--success" not in page


@pytest.mark.parametrize("has_photo, button, removable", [(False, "Upload photo", False), (True, "Change photo", True)])
def test_the_photo_forms_follow_whether_there_is_a_photo(request_context, has_photo, button, removable):
    page = str(photo_html(forms.PhotoForm.drawn(), '<span class="avatar"></span>', has_photo, "/account/photo",
                          "/account/photo/remove"))
    assert page.startswith('<div class="photo-form" id="photo-form">\n<span class="avatar"></span>')
    assert ("Without a photo, people see your initials." in page) == (not has_photo)
    assert f'<button type="submit" class="button">{button}</button>' in page
    assert ('<form method="post" action="/account/photo/remove" class="form">' in page) == removable
    assert 'enctype="multipart/form-data"' in page and '<label class="field__label" for="photo">' in page


def test_the_preferences_form_has_a_labelled_box_for_each_kind_of_email(request_context):
    user = SimpleNamespace(wants_email=lambda kind: kind != "reminders")
    page = str(preferences_html(forms.PreferencesForm.for_user(user), "/account/preferences", None))
    assert "<fieldset>\n<legend>Send me an email about</legend>" in page
    for kind, (label, _) in forms.NOTIFICATIONS.items():
        assert f'<label for="{kind}">{escaped(label)}</label>' in page
    assert '<input aria-describedby="reminders-help" id="reminders"' in page
    assert '<button type="submit" class="button">Save preferences</button>' in page


def test_the_log_ins_are_listed_this_device_marked_and_typed_text_escaped():
    moment = datetime(2027, 3, 1, 9, 30, tzinfo=UTC)
    sign_ins = [SimpleNamespace(id=3, device="Firefox <on> Linux", created_at=moment, last_seen_at=moment),
                SimpleNamespace(id=1, device="Safari", created_at=moment - timedelta(days=1), last_seen_at=moment)]
    page = str(sign_ins_html(sign_ins, 1, lambda when: when.strftime("%d %b %H:%M")))
    assert page.startswith('<ul id="sign-ins" class="plain-list">') and "<on>" not in page
    assert "<li><strong>Firefox &lt;on&gt; Linux</strong>\n<span" in page
    assert "<li><strong>Safari</strong> (this device)\n" in page
    assert '<span class="muted">logged in 28 Feb 09:30, last active 01 Mar 09:30</span>' in page
    assert sign_ins_html([], 1, str) == '<ul id="sign-ins" class="plain-list">\n</ul>\n'
