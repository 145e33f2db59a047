"""The welcome page for visitors, the dashboard for people logged in, and the health check."""
from flask import Blueprint
from flask_login import current_user

from mentoring.feedback.service import title_of, waiting_for
from mentoring.library.service import for_dashboard
from mentoring.meetings.feeds import upcoming_for
from mentoring.models import Membership, MentorRequest, Message, Pair, Program
from mentoring.pairs.service import pairs_of
from mentoring.programs.service import programs_open_to
from mentoring.web import render

bp = Blueprint("home", __name__)


@bp.route("/")
def index():
    if not current_user.is_authenticated:
        return render("home/welcome.html")
    memberships = list(Membership.held_by(current_user))
    live = {}
    pairs = pairs_of(current_user)
    for pair in pairs:
        if pair.state != Pair.ENDED:
            for membership_id in (pair.mentee_id, pair.mentor_id):
                live.setdefault(membership_id, []).append(pair)
    waiting = MentorRequest.waiting_per_mentor(memberships)
    coordinating = list(Program.coordinated_by(current_user))
    unread = Message.unread_by(current_user, [pair.id for held in live.values() for pair in held])
    return render("home/dashboard.html", memberships=memberships, coordinating=coordinating,
                  open_programs=len(programs_open_to(current_user)), live=live, waiting=waiting, unread=unread,
                  upcoming=upcoming_for(current_user), forms=waiting_for(current_user), form_title=title_of,
                  reading=for_dashboard(memberships, pairs))


@bp.route("/about")
def about():
    return render("home/about.html")


@bp.route("/healthz")
def healthz():
    """A bare answer with no template and no database: for load balancers and the page benchmark."""
    return "ok", 200, {"Content-Type": "text/plain; charset=utf-8"}
