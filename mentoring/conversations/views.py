"""A pair's conversation: the files its two people share (coordinators never read them)."""
import functools
from urllib.parse import quote

from flask import Blueprint, current_app, flash, redirect, request, send_file, url_for
from flask_login import current_user, login_required
from werkzeug.exceptions import RequestEntityTooLarge

from mentoring.conversations import files
from mentoring.conversations.forms import UploadForm
from mentoring.errors import DomainError
from mentoring.forms import show_error
from mentoring.once import sent_once
from mentoring.pairs.service import own_pair
from mentoring.web import form_view, htmx, render

bp = Blueprint("conversations", __name__)

FORM_SLACK = 64 * 1024  # what a multipart body carries besides the file: its other fields and boundaries


def _taking_a_file(view):
    """A view whose request body may carry one file of the site's largest size (set before anything reads it)."""
    @functools.wraps(view)
    def limited(*args, **kwargs):
        request.max_content_length = current_app.config["FILE_MAX_BYTES"] + FORM_SLACK
        return view(*args, **kwargs)
    return limited


def _files_section(pair, form=None, said="", status=200):
    """The pair's files for htmx, or the pair's page again (with the form's errors, or what was done)."""
    if htmx and not htmx.boosted:
        return render("conversations/_files.html", status=status, pair=pair, files=files.files_of(pair),
                      upload_form=form or UploadForm(formdata=None), no_upload=files.why_no_upload(pair, current_user),
                      said=said)
    if form is not None and form.errors:
        return render("conversations/upload.html", status=status, pair=pair, upload_form=form,
                      no_upload=files.why_no_upload(pair, current_user))
    flash(said, "success")
    return redirect(url_for("pairs.show", pair_id=pair.id) + "#files")


@bp.route("/pairs/<int:pair_id>/files", methods=["POST"])
@form_view
@login_required
@_taking_a_file
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
        form.file.errors = [files.too_large(current_app.config["FILE_MAX_BYTES"])]
    except DomainError as error:
        show_error(form, error)
    return _files_section(pair, form, status=422)


@bp.route("/pairs/<int:pair_id>/files/<int:file_id>")
@login_required
def download_file(pair_id, file_id):
    pair_file, stream = files.file_for(pair_id, file_id, current_user)
    inline = pair_file.content_type in files.INLINE
    response = send_file(stream, mimetype=pair_file.content_type, conditional=False, etag=False, max_age=0)
    plain = pair_file.name.encode("ascii", "replace").decode().replace('"', "_").replace("\\", "_")
    response.headers["Content-Disposition"] = (f'{"inline" if inline else "attachment"}; filename="{plain}"; '
                                               f"filename*=UTF-8''{quote(pair_file.name, safe='')}")
    response.headers["Cache-Control"] = "no-store"  # as every page a member sees (send_file would allow caching)
    return response


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
