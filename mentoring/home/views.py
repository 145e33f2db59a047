"""The welcome page for visitors, the dashboard for people logged in, and the health check."""
import peewee as pw
from flask import Blueprint
from flask_login import current_user

from mentoring.models import Coordinator, Membership, Program
from mentoring.web import render

bp = Blueprint("home", __name__)


@bp.route("/")
def index():
    if not current_user.is_authenticated:
        return render("home/welcome.html")
    memberships = (Membership.select(Membership, Program).join(Program)
                   .where(Membership.user == current_user, Membership.state != Membership.WITHDRAWN)
                   .order_by(Program.name, Membership.role))
    pending = pw.fn.COUNT(Membership.id).filter(Membership.state == Membership.PENDING)
    coordinating = (Program.select(Program, pending.alias("pending"))
                    .join(Coordinator).switch(Program)
                    .join(Membership, pw.JOIN.LEFT_OUTER, on=(Membership.program == Program.id))
                    .where(Coordinator.user == current_user)
                    .group_by(Program.id)
                    .order_by(Program.name))
    open_programs = Program.select().where(Program.state == Program.OPEN).count()
    return render("home/dashboard.html", memberships=list(memberships), coordinating=list(coordinating),
                  open_programs=open_programs)


@bp.route("/about")
def about():
    return render("home/about.html")


@bp.route("/healthz")
def healthz():
    """A bare answer with no template and no database: for load balancers and the page benchmark."""
    return "ok", 200, {"Content-Type": "text/plain; charset=utf-8"}
