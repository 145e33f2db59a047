"""What every view shares: full page or htmx fragment, safe redirects, links for emails, access."""
import functools
from urllib.parse import urlsplit

from flask import abort, current_app, make_response, redirect, render_template, request, url_for
from flask_htmx import HTMX
from flask_login import current_user
from jinja2_fragments.flask import render_block

htmx = HTMX()


def render(template, block=None, status=200, **context):
    """The page, or only its `block` when htmx asks for a fragment; 422 when a form has errors."""
    if block and htmx and not htmx.boosted and not htmx.history_restore_request:
        body = render_block(template, block, **context)
    else:
        body = render_template(template, **context)
    response = make_response(body, status)
    response.vary.add("HX-Request")
    return response


def render_form(template, form, block=None, **context):
    """Render a page around `form`, with status 422 when it carries errors."""
    status = 422 if form.errors else 200
    return render(template, block=block, status=status, form=form, **context)


def safe_next(target, fallback="home.index"):
    """A redirect to `target` only when it stays on this site, else to `fallback`."""
    if target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and target.startswith("/") and not target.startswith("//") \
                and "\\" not in target:
            return redirect(target)
    return redirect(url_for(fallback))


def external_url(endpoint, **values):
    """An absolute link for an email, built on BASE_URL (works outside a request, in the worker)."""
    base = urlsplit(current_app.config["BASE_URL"])
    adapter = current_app.url_map.bind(base.netloc, script_name=base.path or "/", url_scheme=base.scheme)
    return adapter.build(endpoint, values, force_external=True)


def admin_required(view):
    """Only site admins; anyone else logged in gets 404, as if the page did not exist."""
    @functools.wraps(view)
    def guarded(*args, **kwargs):
        if not current_user.is_authenticated:
            return current_app.login_manager.unauthorized()
        if not current_user.is_admin:
            abort(404)
        return view(*args, **kwargs)
    return guarded


def client_address():
    """The caller's IP address (behind PROXY_COUNT proxies, as ProxyFix resolved it)."""
    return request.remote_addr or "unknown"


def form_view(view):
    """Mark a view whose form checks the CSRF token itself and shows a failure on the form.

    Every other POST is checked before its view runs and answered with a 400 page.
    """
    view.shows_csrf_error_on_form = True
    return view
