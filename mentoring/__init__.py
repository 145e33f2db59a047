"""Mentoring: a self-hosted platform for running virtual mentoring programs."""
import mimetypes
import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # before numpy loads: each process scores on one core (web
# workers and the task worker share the machine's cores; BLAS's own threads made scoring up to 8 times slower)

from flask import Flask
from flask_login import LoginManager
from flask_mail import Mail
from flask_wtf.csrf import CSRFProtect
from werkzeug.middleware.proxy_fix import ProxyFix

from config import ROOT, load_settings


class SignInManager(LoginManager):
    """Flask-Login's manager without its session protection: each request's log-in is checked against its sign-in
    row (SignIn.user_of), and the protection hashed the browser's address and name on every request only to mark a
    session "not fresh", which no page asks about."""

    def _session_protection_failed(self):
        return False


csrf = CSRFProtect()
login_manager = SignInManager()
mail = Mail()


def create_app(test_config=None):
    """Build the app from the environment's settings, with `test_config` on top."""
    from mentoring.models import SignIn
    from mentoring.sessions import CheckedOnceSessions
    from mentoring.web import IdConverter, SlugConverter
    mimetypes.add_type("application/manifest+json", ".webmanifest")  # not every system's table knows it
    app = Flask(__name__, template_folder=str(ROOT / "templates"), static_folder=str(ROOT / "static"))
    app.session_interface = CheckedOnceSessions()
    app.url_map.converters.update(int=IdConverter, slug=SlugConverter)
    app.config.from_mapping(load_settings(overrides=test_config))
    app.config.update(
        WTF_CSRF_TIME_LIMIT=None,  # a form stays valid as long as its session: long questionnaires take time
        WTF_CSRF_CHECK_DEFAULT=False,  # mentoring.site.guard_csrf checks every POST itself
        REMEMBER_COOKIE_DURATION=SignIn.IDLE_LIMIT, REMEMBER_COOKIE_SAMESITE="Lax", SESSION_COOKIE_SAMESITE="Lax",
        MAX_CONTENT_LENGTH=app.config.get("MAX_CONTENT_LENGTH") or 16 * 1024 * 1024)
    if app.config["PROXY_COUNT"]:
        count = app.config["PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)

    from mentoring import site
    from mentoring.conversations.polls import answering_quiet_polls
    _init_extensions(app)
    _register_blueprints(app)
    site.init_app(app)
    app.wsgi_app = answering_quiet_polls(app)
    return app


def _init_extensions(app):
    from mentoring import db as database
    from mentoring import storage, worker
    from mentoring.auth.passwords import make_hasher
    from mentoring.web import htmx

    database.bind(app.config["DATABASE_URL"])
    app.teardown_appcontext(database.close_request_connection)
    if app.config["TASKS_IMMEDIATE"]:
        worker.huey.immediate = True
    app.extensions["password_hasher"] = make_hasher(app.config)
    app.extensions["file_storage"] = storage.from_settings(app.config)
    csrf.init_app(app)
    mail.init_app(app)
    htmx.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please log in to see that page."
    login_manager.login_message_category = "info"


@login_manager.user_loader
def _load_user(session_id):
    """The user of the sign-in the session or remember-me cookie names: one query, while that log-in lasts."""
    from mentoring.models import SignIn
    return SignIn.user_of(session_id)


def _register_blueprints(app):
    from mentoring import cli
    from mentoring.auth.views import bp as auth_bp
    from mentoring.conversations.views import bp as conversations_bp
    from mentoring.coordinate.views import bp as coordinate_bp
    from mentoring.discussions.views import bp as discussions_bp
    from mentoring.email.views import bp as email_bp
    from mentoring.feedback.views import bp as feedback_bp
    from mentoring.home.views import bp as home_bp
    from mentoring.inbound.views import bp as inbound_bp
    from mentoring.library.views import bp as library_bp
    from mentoring.matching.views import bp as matching_bp
    from mentoring.meetings.views import bp as meetings_bp
    from mentoring.pairs.views import bp as pairs_bp
    from mentoring.programs.views import bp as programs_bp
    from mentoring.questionnaires.views import bp as questionnaires_bp

    for blueprint in (home_bp, auth_bp, email_bp, programs_bp, questionnaires_bp, matching_bp, pairs_bp,
                      conversations_bp, discussions_bp, library_bp, meetings_bp, feedback_bp, inbound_bp, coordinate_bp,
                      cli.bp):
        app.register_blueprint(blueprint)
