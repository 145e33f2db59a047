"""What every view shares: full page or htmx fragment, safe redirects, links for emails, access."""
import functools
from urllib.parse import urlsplit

from flask import abort, current_app, make_response, redirect, render_template, request, url_for
from flask_htmx import HTMX
from flask_login import current_user
from jinja2 import Template
from jinja2_fragments.flask import render_block
from werkzeug.routing import BaseConverter, IntegerConverter

htmx = HTMX()


class QuickImportTemplate(Template):
    """A template whose `{% from ... import %}` reuses the imported macros at once when the importer sees only the
    app's globals (always here): Jinja finds that out through a ChainMap, ~200 calls per import, per fragment."""

    def _get_default_module(self, ctx=None):
        if ctx is not None and ctx.globals_keys <= self.environment.globals.keys():
            ctx = None  # no globals of the importer's own: Jinja's cached module is the one it would use
        return super()._get_default_module(ctx)


def render(template, block=None, status=200, **context):
    """The page, or only its `block` when htmx asks for a fragment; 422 when a form has errors."""
    if block and wants_fragment():
        body = render_block(template, block, **context)
    else:
        body = render_template(template, **context)
    return html_response(body, status)


def wants_fragment():
    """Whether htmx asks for a piece of the page to swap in, rather than the page (a boosted link, or a page restored
    from history, is answered whole)."""
    return bool(htmx) and not htmx.boosted and not htmx.history_restore_request


def html_response(html, status=200):
    """HTML answered as every page is (a page and its htmx fragment share an address, so it varies with
    HX-Request): a template's, or a fragment written in Python."""
    response = make_response(html, status)
    response.vary.add("HX-Request")
    return response


def kept_privately(response):
    """`response` kept a year by the browser and never by a shared cache: its address changes with what it holds (a
    picture's or a stylesheet's version), and who may see it depends on who asks."""
    response.headers["Cache-Control"] = "private, max-age=31536000, immutable"
    return response


def render_form(template, form, block=None, **context):
    """Render a page around `form`, with status 422 when it carries errors."""
    status = 422 if form.errors else 200
    return render(template, block=block, status=status, form=form, **context)


def cached_url_for(endpoint, **values):
    """url_for for templates: a page's links never change while the app runs, so each is built once."""
    if any(key.startswith("_") for key in values):
        return url_for(endpoint, **values)
    key = (request.script_root, endpoint, tuple(sorted(values.items())))
    try:
        url = _urls.get(key)
    except TypeError:  # an unhashable value (a list): build it each time
        return url_for(endpoint, **values)
    if url is None:
        url = _urls[key] = url_for(endpoint, **values)
        if len(_urls) > 20_000:  # query strings with typed searches vary without end
            _urls.clear()
    return url


_urls = {}
_SENTINEL = 918273645


def built_once(links_of):
    """Decorate `links_of(*values)`, a page's links for these values: built once for each of them and each root of
    the site (links are a pure function of the two and the app's routes, so what is kept never goes stale)."""
    kept = functools.lru_cache(maxsize=4096)(lambda script_root, *values: links_of(*values))

    @functools.wraps(links_of)
    def built(*values):
        return kept(request.script_root, *values)
    return built


def url_for_each(endpoint, key, **values):
    """A function giving url_for(endpoint, **{key: value}, **values) for many values, built once (for lists)."""
    head, tail = url_parts(endpoint, key, **values)
    return lambda value: f"{head}{value}{tail}"


def url_parts(endpoint, key, **values):
    """(head, tail) of url_for(endpoint, **{key: value}, **values): a template writes head, the value, tail (for
    long tables, where even a call per link counts)."""
    head, _, tail = cached_url_for(endpoint, **{key: _SENTINEL}, **values).partition(str(_SENTINEL))
    return head, tail


def url_pattern(endpoint, key, **values):
    """url_for(endpoint, **{key: value}, **values) with `%s` where the value goes: a long table writes
    `pattern % value`, one string operation and one escape per link."""
    head, tail = url_parts(endpoint, key, **values)
    return f"{head.replace('%', '%%')}%s{tail.replace('%', '%%')}"


def safe_next(target, fallback="home.index"):
    """A redirect to `target` only when it is a path on this site (and can be a header: no control characters),
    else to `fallback`."""
    if target and target.isprintable():
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and target.startswith("/") and not target.startswith("//") \
                and "\\" not in target:
            return redirect(target)
    return redirect(url_for(fallback))


def external_url(endpoint, **values):
    """An absolute link for an email, built on BASE_URL (works outside a request, in the worker)."""
    return _adapter().build(endpoint, values, force_external=True)


def path_for(endpoint, **values):
    """The path of a page on this site, outside a request as well (e.g. a `next` inside an email link)."""
    return _adapter().build(endpoint, values)


def _adapter():
    base = urlsplit(current_app.config["BASE_URL"])
    return current_app.url_map.bind(base.netloc, script_name=base.path or "/", url_scheme=base.scheme)


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


class IdConverter(IntegerConverter):
    """`<int:…>` in URLs, refusing numbers no database id can be (a 404, not an overflow)."""

    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("max", 2**63 - 1)
        super().__init__(url_map, *args, **kwargs)


class SlugConverter(BaseConverter):
    """`<slug:…>` in URLs: the lower-case words and dashes a program's address is made of."""

    regex = r"[a-z0-9][a-z0-9-]{0,79}"


MAX_PAGE = 10_000


def page_number():
    """The ?page= of a listing, from 1 to MAX_PAGE whatever was typed."""
    return min(MAX_PAGE, max(1, request.args.get("page", 1, type=int)))


def ids(values):
    """The whole numbers among form values that can be database ids."""
    return [int(value) for value in values if value.isdigit() and int(value) < 2**63]
