"""The members' board of a program: the threads, a thread with its posts and the reply form, editing and deleting
one's own posts, reporting a post, the files posts carry; the coordinators hide posts, lock threads and pin
announcements."""
from flask import Blueprint, current_app, flash, redirect, request, url_for
from flask_login import current_user, login_required

from mentoring import access, storage
from mentoring.discussions import files, service
from mentoring.discussions.forms import PostForm, ReplyForm, ReportForm, ThreadForm
from mentoring.errors import DomainError
from mentoring.forms import show_error
from mentoring.once import sent_once
from mentoring.web import form_view, htmx, page_number, render, render_form

bp = Blueprint("discussions", __name__, url_prefix="/programs/<slug:slug>/discussions")


def _board(slug):
    """The program's board as the current user may use it (404 for anyone who may not read it)."""
    return service.board_for(access.visible_program(slug), current_user)


def _thread_page(board, thread, page=None, form=None, said=""):
    """The thread's page (or, for htmx, its posts and reply form): `page` of its posts, the last when not given;
    what a GET shows is marked read (a refused POST changes nothing)."""
    pages = service.pages_of(thread)
    page = min(page or pages, pages)
    posts = service.posts_shown(thread, current_user, page, mark_read=request.method == "GET")
    return render_form("discussions/thread.html", form or ReplyForm(formdata=None), block="thread", board=board,
                       program=board.program, thread=thread, posts=posts, page=page, pages=pages, said=said,
                       attached=files.attached_to(posts), no_reply=service.why_no_reply(board, thread),
                       editable=service.editable, tags=service.TAGS)


def _offered(form):
    """The file sent with the form's post (None when none was chosen), with the site's limits for it."""
    return files.offered(form.file.data, current_app.config["FILE_MAX_BYTES"],
                         current_app.config["BOARD_PROGRAM_QUOTA_BYTES"])


def _to_post(board, thread, post_id):
    """A redirect to the page of the thread that shows the post `post_id`."""
    page = service.page_of(thread, service.post_in(thread, post_id))
    return redirect(url_for("discussions.thread", slug=board.program.slug, thread_id=thread.id, page=page)
                    + f"#post-{post_id}")


@bp.route("")
@login_required
def index(slug):
    board = _board(slug)
    tag = request.args.get("tag", "") if request.args.get("tag", "") in service.TAGS else ""
    page = page_number()
    return render("discussions/index.html", board=board, program=board.program, tag=tag, page=page,
                  shown=service.listing(board, current_user, tag, page), tags=service.TAGS)


@bp.route("/new", methods=["GET", "POST"])
@form_view
@login_required
@storage.taking_a_file
@sent_once
def new(slug):
    board = _board(slug)
    form = storage.submitted(ThreadForm)
    if not form.file.errors and form.validate_on_submit():
        try:
            thread = service.start_thread(board, current_user, form.title.data, form.tag.data, form.text.data,
                                          announcement=form.announcement.data, attachment=_offered(form))
        except DomainError as error:
            show_error(form, error)
        else:
            flash("Your announcement is pinned and on its way to the members." if thread.pinned
                  else "Your thread is on the board.", "success")
            return redirect(url_for("discussions.thread", slug=slug, thread_id=thread.id))
    return render_form("discussions/new.html", form, board=board, program=board.program)


@bp.route("/<int:thread_id>")
@login_required
def thread(slug, thread_id):
    board = _board(slug)
    return _thread_page(board, service.thread_in(board, thread_id), page=page_number())


@bp.route("/<int:thread_id>/posts/<int:post_id>")
@login_required
def post(slug, thread_id, post_id):
    """A link to one post: the page of its thread that shows it."""
    board = _board(slug)
    return _to_post(board, service.thread_in(board, thread_id), post_id)


@bp.route("/<int:thread_id>", methods=["POST"])
@form_view
@login_required
@storage.taking_a_file
@sent_once
def reply(slug, thread_id):
    board = _board(slug)
    form = storage.submitted(ReplyForm)
    if not form.file.errors and form.validate_on_submit():
        try:
            post = service.reply(board, current_user, thread_id, form.text.data, attachment=_offered(form))
        except DomainError as error:
            show_error(form, error)
        else:
            shown = service.thread_in(board, thread_id)
            if htmx and not htmx.boosted:
                return _thread_page(board, shown, said="Your reply is posted.")
            return _to_post(board, shown, post.id)
    return _thread_page(board, service.thread_in(board, thread_id), form=form)


@bp.route("/<int:thread_id>/posts/<int:post_id>/file")
@login_required
def download(slug, thread_id, post_id):
    """The file a post carries, for whoever reads the board (while the post is neither deleted nor hidden)."""
    board = _board(slug)
    kept, stream = files.file_for(board, service.thread_in(board, thread_id), post_id)
    return storage.sent(stream, kept.name, kept.content_type)


@bp.route("/<int:thread_id>/posts/<int:post_id>/edit", methods=["GET", "POST"])
@form_view
@login_required
def edit(slug, thread_id, post_id):
    board = _board(slug)
    shown = service.thread_in(board, thread_id)
    post = service.own_post(shown, current_user, post_id)
    form = PostForm(obj=post)
    if form.validate_on_submit():
        try:
            service.edit(board, shown, current_user, post.id, form.text.data)
        except DomainError as error:
            show_error(form, error)
        else:
            flash("Your post is changed.", "success")
            return _to_post(board, shown, post.id)
    return render_form("discussions/edit.html", form, board=board, program=board.program, thread=shown, post=post)


@bp.route("/<int:thread_id>/posts/<int:post_id>/delete", methods=["POST"])
@login_required
def delete(slug, thread_id, post_id):
    board = _board(slug)
    shown = service.thread_in(board, thread_id)
    try:
        service.delete(board, shown, current_user, post_id)
    except DomainError as error:
        flash(error.message, "error")
    else:
        flash("Your post is deleted.", "success")
    return _to_post(board, shown, post_id)


@bp.route("/<int:thread_id>/posts/<int:post_id>/report", methods=["GET", "POST"])
@form_view
@login_required
@sent_once
def report(slug, thread_id, post_id):
    board = _board(slug)
    shown = service.thread_in(board, thread_id)
    post = service.post_in(shown, post_id)
    form = ReportForm()
    if form.validate_on_submit():
        try:
            service.report(board, shown, current_user, post.id, form.reason.data)
        except DomainError as error:
            show_error(form, error)
        else:
            flash("Thank you: the coordinators have your report and will look at the post.", "success")
            return _to_post(board, shown, post.id)
    return render_form("discussions/report.html", form, board=board, program=board.program, thread=shown, post=post)


@bp.route("/<int:thread_id>/posts/<int:post_id>/hide", methods=["POST"])
@login_required
def hide(slug, thread_id, post_id):
    board = _board(slug)
    shown = service.thread_in(board, thread_id)
    service.hide(board, current_user, shown, post_id)
    flash("The post is hidden from the members.", "success")
    return _to_post(board, shown, post_id)


@bp.route("/<int:thread_id>/posts/<int:post_id>/show", methods=["POST"])
@login_required
def unhide(slug, thread_id, post_id):
    board = _board(slug)
    shown = service.thread_in(board, thread_id)
    service.hide(board, current_user, shown, post_id, hidden=False)
    flash("The post is shown to the members again.", "success")
    return _to_post(board, shown, post_id)


@bp.route("/<int:thread_id>/pin", methods=["POST"])
@login_required
def pin(slug, thread_id):
    board = _board(slug)
    pinned = service.pin(board, current_user, thread_id)
    flash("The thread is pinned at the top of the board." if pinned.announced_at
          else "The thread is pinned at the top of the board and on its way to the members.", "success")
    return redirect(url_for("discussions.thread", slug=slug, thread_id=thread_id))


@bp.route("/<int:thread_id>/unpin", methods=["POST"])
@login_required
def unpin(slug, thread_id):
    service.pin(_board(slug), current_user, thread_id, pinning=False)
    flash("The thread is no longer pinned.", "success")
    return redirect(url_for("discussions.thread", slug=slug, thread_id=thread_id))


@bp.route("/<int:thread_id>/lock", methods=["POST"])
@login_required
def lock(slug, thread_id):
    service.lock(_board(slug), current_user, thread_id)
    flash("The thread is locked: members can read it, not answer it.", "success")
    return redirect(url_for("discussions.thread", slug=slug, thread_id=thread_id))


@bp.route("/<int:thread_id>/unlock", methods=["POST"])
@login_required
def unlock(slug, thread_id):
    service.lock(_board(slug), current_user, thread_id, locking=False)
    flash("The thread is open to replies again.", "success")
    return redirect(url_for("discussions.thread", slug=slug, thread_id=thread_id))
