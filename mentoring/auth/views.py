"""Account pages: sign up, verify, log in and out, reset a password, settings, my data."""
import json

from flask import Blueprint, Response, current_app, flash, g, redirect, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user
from werkzeug.exceptions import RequestEntityTooLarge

from mentoring import pictures, storage
from mentoring.auth import faces, forms, photos, service, settings_page
from mentoring.errors import DomainError
from mentoring.forms import Form, show_error
from mentoring.site import time_writer
from mentoring.text import escaped
from mentoring.web import client_address, form_view, htmx, render, render_form, safe_next
from mentoring.words import counted

bp = Blueprint("auth", __name__)
bp.add_app_template_global(faces.avatar_html)


@bp.route("/signup", methods=["GET", "POST"])
@form_view
def signup():
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    form = forms.SignupForm()
    if form.validate_on_submit():
        try:
            user = service.sign_up(name=form.name.data, email=form.email.data, password=form.password.data,
                                   timezone=form.timezone.data, ip=client_address(), user_agent=_user_agent())
        except DomainError as error:
            show_error(form, error)
        else:
            _log_in(user)
            flash(f"Welcome, {user.name}! We sent a link to {user.email}: follow it to confirm your address. "
                  f"Your time zone is {user.timezone}; you can change it in your account.", "success")
            return redirect(url_for("home.index"))
    return render_form("auth/signup.html", form)


@bp.route("/invitation/<path:token>", methods=["GET", "POST"])
@form_view
def accept_invitation(token):
    try:
        invited = service.check_invitation(token)
    except service.LinkError as error:
        return _unusable_link(error)
    form = forms.InvitationForm(data={"name": invited.name})
    if form.validate_on_submit():
        try:
            user = service.accept_invitation(token, name=form.name.data, timezone=form.timezone.data,
                                             password=form.password.data, user_agent=_user_agent())
        except service.LinkError as error:
            return _unusable_link(error)
        except DomainError as error:
            show_error(form, error)
        else:
            _log_in(user)
            flash(f"Welcome, {user.name}! Your account is ready, in the time zone {user.timezone}.", "success")
            return safe_next(request.args.get("next"))
    return render_form("auth/invitation.html", form, invited=invited)


@bp.route("/login", methods=["GET", "POST"])
@form_view
def login():
    if current_user.is_authenticated:
        return safe_next(request.args.get("next"))
    form = forms.LoginForm()
    if form.validate_on_submit():
        try:
            user = service.authenticate(email=form.email.data, password=form.password.data, ip=client_address(),
                                        user_agent=_user_agent())
        except DomainError as error:
            show_error(form, error)
        else:
            _log_in(user, remember=form.remember.data)
            return safe_next(request.args.get("next"))
    return render_form("auth/login.html", form)


def _user_agent():
    return request.headers.get("User-Agent", "")


def _log_in(user, remember=False):
    """Log this browser in under the user's new sign-in, with a new CSRF token: one seen before is refused."""
    session.pop("csrf_token", None)
    g.pop("csrf_token", None)
    login_user(user, remember=remember)


@bp.route("/logout", methods=["POST"])
def logout():
    if current_user.is_authenticated:
        service.log_out(current_user)
    logout_user()
    flash("You are logged out.", "success")
    return redirect(url_for("home.index"))


@bp.route("/account/log-out-everywhere", methods=["GET", "POST"])
@form_view
@login_required
def log_out_everywhere():
    form = Form()
    if form.validate_on_submit():
        ended = service.log_out_everywhere(current_user)
        logout_user()
        flash(f"You are logged out on {counted(ended, 'device')}. Log in again where you need to.", "success")
        return redirect(url_for("auth.login"))
    user = current_user._get_current_object()
    sign_ins = service.sign_ins(user)
    return render_form("auth/log_out_everywhere.html", form, devices=len(sign_ins),
                       sign_ins_html=settings_page.sign_ins_html(sign_ins, user.sign_in.id, time_writer()))


@bp.route("/verify/<path:token>")
def verify_email(token):
    try:
        user = service.verify_email(token)
    except service.LinkError as error:
        already = current_user.is_authenticated and current_user.is_verified
        flash("Your email address is already confirmed." if already else error.message,
              "success" if already else "error")
    else:
        flash(f"Thank you, {user.email} is confirmed.", "success")
    return redirect(url_for("home.index"))


@bp.route("/verify/resend", methods=["POST"])
@login_required
def resend_verification():
    try:
        service.resend_verification(current_user, client_address())
    except DomainError as error:
        flash(error.message, "error")
    else:
        flash(f"We sent a new link to {current_user.email}.", "success")
    return redirect(url_for("home.index"))


@bp.route("/password/forgot", methods=["GET", "POST"])
@form_view
def forgot_password():
    form = forms.ForgotPasswordForm()
    if form.validate_on_submit():
        try:
            service.request_password_reset(email=form.email.data, ip=client_address())
        except DomainError as error:
            show_error(form, error)
        else:
            return render("auth/forgot_sent.html", email=form.email.data)
    return render_form("auth/forgot.html", form)


@bp.route("/password/reset/<path:token>", methods=["GET", "POST"])
@form_view
def reset_password(token):
    try:
        service.check_reset_link(token)
    except service.LinkError as error:
        return _unusable_link(error)
    form = forms.ResetPasswordForm()
    if form.validate_on_submit():
        try:
            service.reset_password(token, form.password.data)
        except service.LinkError as error:
            return _unusable_link(error)
        except DomainError as error:
            show_error(form, error)
        else:
            logout_user()
            flash("Your password is changed. Log in with your new password.", "success")
            return redirect(url_for("auth.login"))
    return render_form("auth/reset.html", form)


def _unusable_link(error):
    return render("auth/reset_unusable.html", status=410 if error.expired else 404, message=error.message,
                  form=forms.ForgotPasswordForm())


def _account_forms(user, **submitted):
    """The settings page's forms, the submitted one in place of its fresh copy (the fresh ones are built only to be
    drawn: without form tokens of their own, token() writes the session's)."""
    return {
        "profile_form": forms.ProfileForm.drawn(name=user.name, timezone=user.timezone),
        "email_form": forms.EmailForm.drawn(email=user.email),
        "password_form": forms.PasswordForm.drawn(),
        "preferences_form": forms.PreferencesForm.for_user(user),
        "photo_form": forms.PhotoForm.drawn(),
        **submitted,
    }


def _account_page(block, status=200, saved=None, **submitted):
    user = current_user._get_current_object()  # not Flask-Login's proxy: each look through it costs
    drawn = _account_forms(user, **submitted)
    return render("auth/account.html", block=block, status=status,
                  profile_html=settings_page.profile_html(drawn["profile_form"], url_for("auth.update_profile"), saved),
                  email_html=settings_page.email_html(drawn["email_form"], url_for("auth.change_email"), saved),
                  photo_html=settings_page.photo_html(drawn["photo_form"], faces.avatar_html(user, 128, alone=True),
                                                      bool(user.photo_key), escaped(url_for("auth.change_photo")),
                                                      escaped(url_for("auth.remove_photo"))),
                  password_html=settings_page.password_html(drawn["password_form"], url_for("auth.change_password"),
                                                            saved),
                  sign_ins_html=settings_page.sign_ins_html(service.sign_ins(user), user.sign_in.id, time_writer()),
                  preferences_html=settings_page.preferences_html(drawn["preferences_form"],
                                                                  url_for("auth.update_preferences"), saved))


@bp.route("/account")
@login_required
def account():
    return _account_page(None)


@bp.route("/account/profile", methods=["POST"])
@form_view
@login_required
def update_profile():
    form = forms.ProfileForm()
    if form.validate_on_submit():
        service.update_profile(current_user, name=form.name.data, timezone=form.timezone.data)
        return _saved("profile_form", f"Your profile is saved. Your time zone is {form.timezone.data}.",
                      profile_form=form)
    return _account_page("profile_form", 422, profile_form=form)


@bp.route("/account/email", methods=["POST"])
@form_view
@login_required
def change_email():
    form = forms.EmailForm()
    if form.validate_on_submit():
        try:
            user = service.change_email(current_user, email=form.email.data, password=form.current_password.data)
        except DomainError as error:
            show_error(form, error)
        else:
            confirm = "" if user.is_verified else " Follow the link we emailed there to confirm it."
            return _saved("email_form", f"Your email address is {user.email}.{confirm}",
                          email_form=forms.EmailForm(formdata=None, email=user.email))
    return _account_page("email_form", 422, email_form=form)


@bp.route("/account/password", methods=["POST"])
@form_view
@login_required
def change_password():
    form = forms.PasswordForm()
    if form.validate_on_submit():
        try:
            service.change_password(current_user, current_password=form.current_password.data,
                                    password=form.password.data)
        except DomainError as error:
            show_error(form, error)
        else:
            return _saved("password_form", "Your password is changed. Other devices are logged out.",
                          password_form=forms.PasswordForm(formdata=None))
    return _account_page("password_form", 422, password_form=form)


@bp.route("/account/preferences", methods=["POST"])
@form_view
@login_required
def update_preferences():
    form = forms.PreferencesForm()
    if form.validate_on_submit():
        service.update_email_preferences(current_user, form.choices())
        return _saved("preferences_form", "Your email preferences are saved.", preferences_form=form)
    return _account_page("preferences_form", 422, preferences_form=form)


def _saved(block, message, **submitted):
    """After a save: the updated fragment for htmx, or back to the page with a flash message."""
    if htmx and not htmx.boosted:
        return _account_page(block, saved=message, **submitted)
    flash(message, "success")
    return redirect(url_for("auth.account"))


@bp.route("/account/photo", methods=["POST"])
@form_view
@login_required
@storage.taking_a_file
def change_photo():
    try:
        form = forms.PhotoForm()
    except RequestEntityTooLarge:
        form = forms.PhotoForm(formdata=None)
        form.photo.errors = [storage.too_large(current_app.config["FILE_MAX_BYTES"])]
    if not form.photo.errors and form.validate_on_submit():
        upload = form.upload()
        if upload is None:
            form.photo.errors = ["Choose the picture to use as your photo."]
        else:
            try:
                photos.change(current_user, *upload, max_bytes=current_app.config["FILE_MAX_BYTES"])
            except DomainError as error:
                show_error(form, error)
            else:
                flash("Your photo is saved. People in your programs see it beside your name.", "success")
                return redirect(url_for("auth.account"))
    return _account_page(None, 422, photo_form=form)


@bp.route("/account/photo/remove", methods=["POST"])
@login_required
def remove_photo():
    photos.remove(current_user)
    flash("Your photo is removed. Your initials show instead.", "success")
    return redirect(url_for("auth.account"))


@bp.route("/people/<int:user_id>/photo/<version>-<int:size>.webp")
@login_required
def photo(user_id, version, size):
    """A profile photo: kept by the browser for a year (its address changes with the photo), never by a shared
    cache, since who may see it depends on who asks."""
    return pictures.served(photos.shown(current_user, user_id, version, size))


@bp.route("/account/export")
@login_required
def export_data():
    data = service.export_data(current_user)
    filename = f"mentoring-data-{data['exported_at'][:10]}.json"
    return Response(json.dumps(data, indent=2, ensure_ascii=False), mimetype="application/json",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@bp.route("/account/delete", methods=["GET", "POST"])
@form_view
@login_required
def delete_account():
    form = forms.DeleteAccountForm()
    if form.validate_on_submit():
        try:
            service.delete_account(current_user, password=form.password.data)
        except DomainError as error:
            show_error(form, error)
        else:
            logout_user()
            flash("Your account and your data are deleted. Thank you for taking part.", "success")
            return redirect(url_for("home.index"))
    return render_form("auth/delete.html", form)
