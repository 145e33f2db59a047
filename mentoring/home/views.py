"""The welcome page for visitors, the dashboard for people logged in, and the health check."""
from flask import Blueprint
from flask_login import current_user

from mentoring.web import render

bp = Blueprint("home", __name__)


@bp.route("/")
def index():
    if not current_user.is_authenticated:
        return render("home/welcome.html")
    return render("home/dashboard.html")


@bp.route("/about")
def about():
    return render("home/about.html")


@bp.route("/healthz")
def healthz():
    """A bare answer with no template and no database: for load balancers and the page benchmark."""
    return "ok", 200, {"Content-Type": "text/plain; charset=utf-8"}
