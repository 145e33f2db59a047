"""A pair's conversation, on a page of its own (the pair's page shows it too): read, send, edit, delete, the poll
that brings new messages while the page is open, and the files the two share (coordinators never read either)."""

from flask import Blueprint, current_app, flash, redirect, request, session, url_for
from flask_login import current_user, login_required
from markupsafe import escape
from werkzeug.exceptions import RequestEntityTooLarge

from mentoring import clock, storage
from mentoring.auth.faces import avatar_html
from mentoring.conversations import compose, files, log, moderation, section, service, shared_files
from mentoring.conversations.forms import MessageForm, NewMessageForm, ReportMessageForm, UploadForm
from mentoring.errors import DomainError
from mentoring.forms import (
    csrf_html,
    csrf_token,
    error_summary_html,
    field_html,
    sent_once_html,
    show_error,
    token_html,
)
from mentoring.library import service as library
from mentoring.models import Conversation, Message, User
from mentoring.once import sent_once
from mentoring.pairs import goals
from mentoring.pairs.service import own_pair
from mentoring.site import time_writer, viewer_zone
from mentoring.text import escaped, lines
from mentoring.web import (
    built_once,
    cached_url_for,
    form_view,
    html_response,
    htmx,
    render,
    render_form,
    url_parts,
    url_pattern,
)

bp = Blueprint("conversations", __name__)
DRAFT_MAX = service.MESSAGE_MAX  # what a message may hold, and so what ?draft= may put in the box


def conversation_context(pair, user, before=None, form=None, count=service.SHOWN, draft="", on_its_page=False):
    """The conversation's section as `user` sees it (conversations.section), on its own page or the pair's (with
    fewer), and whom it is with; `draft` is put in the message box."""
    user = getattr(user, "_get_current_object", lambda: user)()  # not Flask-Login's proxy: each look through it costs
    shown = service.shown_to(pair, user, viewer_zone(), before, count)
    read_only = service.read_only_because(pair, user)
    starting = not shown.lines and before is None
    writing_with = service.partner_of(pair, user)
    url = escaped(cached_url_for("conversations.conversation", pair_id=pair.id))
    earlier_url = (escaped(cached_url_for("conversations.conversation", pair_id=pair.id, before=shown.earlier))
                   if shown.earlier and on_its_page else None)
    html = section.conversation_html(
        url, writing_with.name,
        log.messages_html(shown.lines, _log_page(pair, user, shown.first_unread), written=shown.lines.written),
        "" if before else _live_html(pair, user, shown),
        _message_form(pair, form or NewMessageForm.drawn(text=draft)) if not (before or read_only) else "",
        earlier=shown.earlier, earlier_url=earlier_url, before=before, starting=starting,
        starters=_starters(pair, url) if starting and not read_only else "", read_only=read_only)
    return {"conversation_html": html, "writing_with": writing_with}


def _starters(pair, url):
    """What an empty conversation may start with: the program's icebreakers and the pair's goals."""
    return section.starters_html(url, library.icebreakers(pair.program),
                                 [goal.title for goal in goals.goals_of(pair)])


def _message_form(pair, form):
    """The form to write a message (conversations.compose), with what was typed and its errors when it has some."""
    max_bytes = current_app.config["FILE_MAX_BYTES"]
    return compose.message_form_html(escaped(cached_url_for("conversations.conversation", pair_id=pair.id)),
                                     storage.limit_attributes(max_bytes),
                                     error_summary_html(form), csrf_html(), sent_once_html(),
                                     form.text, form.file, DRAFT_MAX, request.method == "POST")


def _live_html(pair, user, shown, oob=False):
    """The poller and "Seen" line (conversations.log.live_html) of the conversation `shown` to `user`: the poll
    carries the version shown and a token signed for the pair and the viewer's log-in."""
    poll = cached_url_for("conversations.new_messages", pair_id=pair.id, after=shown.last_id, v=shown.version,
                          t=service.poll_token(pair, user))
    return log.live_html(escaped(poll), shown.seen, oob)


def _log_page(pair, user, first_unread):
    """What every message of the log needs, worked out once (conversations.log): the pair's part kept, the viewer's
    added."""
    people = tuple((person.id, person.name, person.photo_key) for person in (pair.mentee.user, pair.mentor.user))
    return _log_frame(pair.id, people)._replace(
        me=user.id, editable_since=clock.now() - service.EDITABLE, first_unread=first_unread,
        csrf_token=str(escape(csrf_token())))


@built_once
def _log_frame(pair_id, people):
    """The log's Page as far as it depends on the pair and its two people ((id, name, photo key) each): their names and
    faces, and the addresses around a message's id (a pure function of these and the app's routes, kept)."""
    names = {None: "A former member", **{user_id: name for user_id, name, _ in people}}
    faces = {user_id: avatar_html(User(id=user_id, name=name, photo_key=photo_key), 24)
             for user_id, name, photo_key in people}
    return log.page(None, None, names, faces, None,
                    url_parts("conversations.edit_message", "message_id", pair_id=pair_id),
                    url_parts("conversations.delete_message", "message_id", pair_id=pair_id),
                    url_parts("conversations.report_message", "message_id", pair_id=pair_id),
                    url_parts("conversations.download_file", "file_id", pair_id=pair_id), "")


@bp.route("/pairs/<int:pair_id>/conversation")
@login_required
def conversation(pair_id):
    user = current_user._get_current_object()
    pair = service.talked_in(pair_id, user)
    before = request.args.get("before", type=int)
    draft = lines(request.args.get("draft", ""))[:DRAFT_MAX]  # an icebreaker chosen without JavaScript
    return render("conversations/show.html", block="conversation", pair=pair,
                  **conversation_context(pair, user, before, draft=draft, on_its_page=True))


@bp.route("/pairs/<int:pair_id>/conversation", methods=["POST"])
@form_view
@login_required
@storage.taking_a_file
@sent_once
def send_message(pair_id):
    pair = service.conversation_for(pair_id, current_user)
    try:
        form = NewMessageForm()
        if form.validate_on_submit():
            files.send(pair, current_user, form.text.data, form.file.data, current_app.config["FILE_MAX_BYTES"],
                       current_app.config["FILE_PAIR_QUOTA_BYTES"])
            if htmx and not htmx.boosted:
                return render("conversations/show.html", block="conversation", pair=pair,
                              **conversation_context(pair, current_user, on_its_page=True))
            return redirect(url_for("conversations.conversation", pair_id=pair.id) + "#message-form")
    except RequestEntityTooLarge:
        form = NewMessageForm(formdata=None)
        form.file.errors = [storage.too_large(current_app.config["FILE_MAX_BYTES"])]
    except DomainError as error:
        show_error(form, error)
    return render_form("conversations/show.html", form, block="conversation", pair=pair,
                       **conversation_context(pair, current_user, form=form, on_its_page=True))


@bp.route("/pairs/<int:pair_id>/conversation/new")
def new_messages(pair_id):
    """What changed since the version the page shows: nothing (304), or the new and changed messages. A poll whose
    token was signed for this pair and this browser's log-in is answered "nothing new" after one query, without
    loading the person or the pair; any other goes the whole checked way."""
    seen_version = request.args.get("v", 0, type=int)
    if service.nothing_new(pair_id, session.get("_user_id"), request.args.get("t", ""), seen_version):
        return _not_modified()
    return _changes(pair_id, seen_version)


@login_required
def _changes(pair_id, seen_version):
    user = current_user._get_current_object()
    pair = service.conversation_for(pair_id, user)
    if Conversation.version_of(pair.id) == seen_version:
        return _not_modified()
    zone = viewer_zone()
    shown = service.shown_to(pair, user, zone)
    after = request.args.get("after", 0, type=int)
    changed = Message.logged_since(pair, seen_version)
    page = _log_page(pair, user, None)  # the page marked where new ones begin
    added = service.lines_of([row for row in changed if row[0] > after], zone)
    edited = service.lines_of([row for row in changed if row[0] <= after], zone, days=False)
    return render("conversations/_changes.html", after=after, live_html=_live_html(pair, user, shown, oob=True),
                  added_html=log.messages_html(added, page),
                  edited_html=log.messages_html(edited, page, replace=True))


def _not_modified():
    return current_app.response_class(status=304, headers={"Vary": "HX-Request"})


@bp.route("/pairs/<int:pair_id>/conversation/<int:message_id>/report", methods=["GET", "POST"])
@form_view
@login_required
@sent_once
def report_message(pair_id, message_id):
    """Say first exactly what the coordinators will see (the message and the five before it), then report it."""
    pair = service.conversation_for(pair_id, current_user)
    message = moderation.reportable(pair, current_user, message_id)
    form = ReportMessageForm()
    if form.validate_on_submit():
        try:
            moderation.report(pair, current_user, message.id, form.note.data or "")
        except DomainError as error:
            show_error(form, error)
        else:
            flash("Thank you: the coordinators have the message and will look into it, discreetly.", "success")
            return redirect(url_for("conversations.conversation", pair_id=pair.id) + f"#message-{message.id}")
    return render_form("conversations/report.html", form, pair=pair, message=message,
                       excerpt=moderation.excerpt_of(pair, message), reported=moderation.already_reported(message),
                       writing_with=service.partner_of(pair, current_user))


@bp.route("/pairs/<int:pair_id>/conversation/<int:message_id>/edit", methods=["GET", "POST"])
@form_view
@login_required
def edit_message(pair_id, message_id):
    pair = service.conversation_for(pair_id, current_user)
    message = service.own_message(pair, current_user, message_id)
    form = MessageForm(obj=message)
    if form.validate_on_submit():
        try:
            service.edit(pair, current_user, message.id, form.text.data)
        except DomainError as error:
            show_error(form, error)
        else:
            flash("Message changed.", "success")
            return redirect(url_for("conversations.conversation", pair_id=pair.id) + f"#message-{message.id}")
    return render_form("conversations/edit.html", form, pair=pair, message=message)


@bp.route("/pairs/<int:pair_id>/conversation/<int:message_id>/delete", methods=["POST"])
@login_required
def delete_message(pair_id, message_id):
    pair = service.conversation_for(pair_id, current_user)
    try:
        service.delete(pair, current_user, message_id)
    except DomainError as error:
        flash(error.message, "error")
    else:
        flash("Message deleted.", "success")
    return redirect(url_for("conversations.conversation", pair_id=pair.id) + "#message-log")


def _files_section(pair, form=None, said="", status=200):
    """The pair's files for htmx, or the pair's page again (with the form's errors, or what was done)."""
    if htmx and not htmx.boosted:
        return html_response(files_section(pair, current_user, form, said), status)
    if form is not None and form.errors:
        return render("conversations/upload.html", status=status, pair=pair,
                      no_upload=files.why_no_upload(pair, current_user), upload_form_html=upload_form(pair, form))
    flash(said, "success")
    return redirect(url_for("pairs.show", pair_id=pair.id) + "#files")


def files_section(pair, user, form=None, said=""):
    """The pair's files and the form to add one (conversations.shared_files), as `user`, one of the two, sees them."""
    no_upload = files.why_no_upload(pair, user)
    return shared_files.files_html(files.files_of(pair), user.id, said, no_upload,
                                   "" if no_upload else upload_form(pair, form or UploadForm.drawn()),
                                   _file_links(pair.id), time_writer())


@built_once
def _file_links(pair_id):
    """Where the files of the pair `pair_id` lead (conversations.shared_files.Links), escaped for HTML."""
    return shared_files.Links(escaped(url_pattern("conversations.download_file", "file_id", pair_id=pair_id)),
                              escaped(url_pattern("conversations.delete_file", "file_id", pair_id=pair_id)))


def upload_form(pair, form):
    """The form to add a file to the pair's (conversations.shared_files), with its errors when it has some."""
    max_bytes = current_app.config["FILE_MAX_BYTES"]
    action = escaped(cached_url_for("conversations.upload_file", pair_id=pair.id))
    return shared_files.upload_form_html(action, max_bytes, storage.limit_attributes(max_bytes),
                                         error_summary_html(form), token_html(form), sent_once_html(),
                                         field_html(form.file))


@bp.route("/pairs/<int:pair_id>/files", methods=["POST"])
@form_view
@login_required
@storage.taking_a_file
@sent_once
def upload_file(pair_id):
    pair = own_pair(pair_id, current_user)
    try:
        form = UploadForm()
        if form.validate_on_submit():
            upload = form.file.data
            pair_file = files.upload(pair, current_user, upload.filename if upload else "",
                                     upload.stream if upload else None, current_app.config["FILE_MAX_BYTES"],
                                     current_app.config["FILE_PAIR_QUOTA_BYTES"])
            return _files_section(pair, said=f"“{pair_file.name}” is shared with your partner.")
    except RequestEntityTooLarge:
        form = UploadForm(formdata=None)
        form.file.errors = [storage.too_large(current_app.config["FILE_MAX_BYTES"])]
    except DomainError as error:
        show_error(form, error)
    return _files_section(pair, form, status=422)


@bp.route("/pairs/<int:pair_id>/files/<int:file_id>")
@login_required
def download_file(pair_id, file_id):
    pair_file, stream = files.file_for(pair_id, file_id, current_user)
    return storage.sent(stream, pair_file.name, pair_file.content_type)


@bp.route("/pairs/<int:pair_id>/files/<int:file_id>/delete", methods=["GET", "POST"])
@login_required
def delete_file(pair_id, file_id):
    """Ask first (a page of its own), then delete a file one uploaded."""
    pair = own_pair(pair_id, current_user)
    pair_file = files.own_file(pair, file_id, current_user)
    if request.method == "POST":
        files.delete(pair, file_id, current_user)
        return _files_section(pair, said=f"“{pair_file.name}” is deleted.")
    return render("conversations/delete_file.html", pair=pair, pair_file=pair_file)
