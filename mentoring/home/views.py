"""The welcome page for visitors, the dashboard for people logged in, and the health check."""
import peewee as pw
from flask import Blueprint
from flask_login import current_user

from mentoring.feedback.service import title_of, waiting_for
from mentoring.meetings.service import upcoming_for
from mentoring.models import Coordinator, Membership, MentorRequest, Pair, Program
from mentoring.pairs.service import pairs_of
from mentoring.programs.service import programs_open_to
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
    memberships = list(memberships)
    live = {}
    for pair in pairs_of(current_user):
        if pair.state != Pair.ENDED:
            for membership_id in (pair.mentee_id, pair.mentor_id):
                live.setdefault(membership_id, []).append(pair)
    waiting = dict(MentorRequest.select(MentorRequest.mentor, pw.fn.COUNT(pw.SQL("*")))
                   .where(MentorRequest.mentor.in_([m.id for m in memberships]),
                          MentorRequest.state == MentorRequest.OPEN)
                   .group_by(MentorRequest.mentor).tuples()) if memberships else {}
    return render("home/dashboard.html", memberships=memberships, coordinating=list(coordinating),
                  open_programs=len(programs_open_to(current_user)), live=live, waiting=waiting,
                  upcoming=upcoming_for(current_user), forms=waiting_for(current_user), form_title=title_of)


@bp.route("/about")
def about():
    return render("home/about.html")


@bp.route("/healthz")
def healthz():
    """A bare answer with no template and no database: for load balancers and the page benchmark."""
    return "ok", 200, {"Content-Type": "text/plain; charset=utf-8"}
