"""What every page gets: the CSRF guard, error pages, security headers and template helpers."""
from datetime import UTC
from functools import lru_cache
from zoneinfo import ZoneInfo

from flask import abort, current_app, g, render_template, request
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from markupsafe import Markup, escape
from werkzeug.exceptions import NotFound as PageNotFound

from mentoring import csrf, forms, storage, words
from mentoring.conversations.unread import unread_for
from mentoring.errors import NotFound
from mentoring.questionnaires import engine
from mentoring.text import message_html
from mentoring.web import QuickImportTemplate, cached_url_for, render, url_for_each, url_pattern

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
HSTS_SECONDS = 365 * 24 * 60 * 60
CONTENT_SECURITY_POLICY = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                           "frame-src 'self'; form-action 'self'; frame-ancestors 'self'; base-uri 'self'")


def init_app(app):
    app.before_request(refuse_nul_in_address)
    app.before_request(guard_csrf)
    app.after_request(add_security_headers)
    if app.config["BASE_URL"].startswith("https://"):
        app.after_request(add_strict_transport_security)
    app.register_error_handler(CSRFError, csrf_failed)
    for status in (400, 404, 405, 410, 413, 429, 500):
        app.register_error_handler(status, error_page)
    app.register_error_handler(NotFound, lambda error: error_page(PageNotFound()))
    app.add_template_filter(local_time)
    app.add_template_filter(paragraphs)
    app.add_template_filter(message_html)
    app.add_template_filter(words.counted)
    app.add_template_filter(words.file_size)
    for piece in (forms.field_html, forms.checkbox_html, forms.radios_html, forms.error_summary_html, forms.csrf_token,
                  forms.csrf_html, forms.token_html, forms.sent_once_html, forms.swapping_form_html,
                  forms.timezone_datalist):
        app.add_template_global(piece)
    app.add_template_global(storage.limit_attributes, "upload_limit")
    app.add_template_global(url_for_each)
    app.add_template_global(url_pattern)
    app.add_template_global(program_nav)
    app.add_template_global(unread_for, "unread_messages")
    app.add_template_global(cached_url_for, "url_for")
    app.jinja_env.template_class = QuickImportTemplate
    app.context_processor(template_context)
    app.jinja_env.globals.update(
        display_answer=engine.display, days=engine.DAYS, day_names=engine.DAY_NAMES, blocks=list(engine.BLOCKS),
        block_hours={name: f"{start}–{end}" for name, (start, end) in engine.BLOCKS.items()},
        scale_choices=[{"key": n, "label": str(n)} for n in engine.SCALE_VALUES],
        recommend_choices=[{"key": n, "label": str(n)} for n in engine.RECOMMEND_VALUES], kinds=engine.KINDS)


def refuse_nul_in_address():
    """No page takes a NUL character in its query (and PostgreSQL refuses them in text)."""
    if any("\x00" in key + value for key, value in request.args.items(multi=True)):
        abort(404)


def guard_csrf():
    """Check the CSRF token of every state change, except where the view's form shows the failure."""
    if request.method in SAFE_METHODS:
        return
    view = current_app.view_functions.get(request.endpoint)
    if view is not None and getattr(view, "shows_csrf_error_on_form", False):
        return
    csrf.protect()


def csrf_failed(error):
    return render("errors/error.html", status=400, title="This page had expired",
                  message="Nothing was changed, because the page you came from had expired or "
                          "was opened in another session. Go back, reload the page and try again.")


ERRORS = {
    400: ("Something in that request was not right", "Please go back and try again."),
    404: ("Page not found", "There is nothing here, or it is not yours to see."),
    405: ("That did not work", "This page cannot be used that way. Go back and use its buttons."),
    410: ("This link has expired", "Ask for a new one."),
    413: ("That was too large", "What you sent is larger than we accept. Send something smaller."),
    429: ("Too many attempts", "Please wait a few minutes and try again."),
    500: ("Something went wrong on our side", "Nothing was changed. Please try again in a moment."),
}


def error_page(error):
    status = getattr(error, "code", 500) or 500
    title, message = ERRORS.get(status, ERRORS[500])
    return render("errors/error.html", status=status, title=title, message=message)


def add_security_headers(response):
    """Every response's security headers; a page is never stored by a browser or a proxy (it may hold someone's
    notes, answers or data), unless its view chose its own caching; static files keep theirs."""
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("X-Frame-Options", "SAMEORIGIN")
    if request.endpoint != "static":
        response.headers.setdefault("Cache-Control", "no-store")
    return response


def add_strict_transport_security(response):
    """On a site served over https, browsers are told to use nothing else for a year."""
    response.headers.setdefault("Strict-Transport-Security", f"max-age={HSTS_SECONDS}")
    return response


def template_context():
    """Templates get the user object itself (every look through Flask-Login's proxy costs a little), and the form
    token that is signed once a request (Flask-WTF's context processor, which runs before this one, gives its own)."""
    return {"current_user": current_user._get_current_object(), "csrf_token": forms.csrf_token}


def viewer_zone():
    """The time zone of whoever is looking, found once per request (and then in one look-up: it is asked for
    every time shown)."""
    zone = g.get("viewer_zone")
    if zone is None:
        zone = g.viewer_zone = ZoneInfo(current_user.timezone if current_user.is_authenticated else "UTC")
    return zone


def local_time(moment, fmt="%a %d %b %Y, %H:%M", zone=None):
    """`moment` (UTC) in the viewer's own time zone, or in `zone` when given."""
    return _in_zone(moment, fmt, ZoneInfo(zone) if zone else viewer_zone())


def time_writer():
    """local_time with the viewer's zone looked up once, for HTML written in Python that shows many times."""
    viewer = viewer_zone()
    return lambda moment, fmt="%a %d %b %Y, %H:%M", zone=None: _in_zone(moment, fmt, ZoneInfo(zone) if zone else viewer)


def _in_zone(moment, fmt, zone):
    return "" if moment is None else _local_text(moment, fmt, zone)


@lru_cache(maxsize=4096)
def _local_text(moment, fmt, zone):
    """local_time's text, written once: a page shows the same moments at each request (its sessions, its files)."""
    local = moment.replace(tzinfo=moment.tzinfo or UTC).astimezone(zone)
    return f"{local.strftime(fmt)} {local.tzname()}"


def program_nav(program, here):
    """The coordinator's navigation of a program, `here` marked: rendered once for each program, name, state and
    page (it is on every console page)."""
    key = (request.script_root, program.id, program.slug, program.name, program.state, here)
    nav = _navs.get(key)
    if nav is None:
        nav = _navs[key] = Markup(render_template("programs/_manage_nav.html", program=program, here=here))
        if len(_navs) > 5000:
            _navs.clear()
    return nav


_navs = {}


@lru_cache(maxsize=1024)
def paragraphs(text):
    """Plain text as HTML paragraphs (blank lines separate them; single line breaks are kept); a pure function of
    the text, kept (a pair's page shows the same notes and bio at each request)."""
    blocks = [block.strip() for block in (text or "").replace("\r\n", "\n").split("\n\n") if block.strip()]
    return Markup("".join(f"<p>{escape(block)}</p>".replace("\n", "<br>") for block in blocks))
