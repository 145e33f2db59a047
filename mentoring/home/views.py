"""The welcome page for visitors, the dashboard for people logged in, the admins' style guide, the health check."""
from pathlib import Path

from flask import Blueprint, current_app
from flask_login import current_user

from mentoring.contrast import TOKEN_PAIRS, contrast, themes
from mentoring.feedback.service import title_of, waiting_for
from mentoring.library.service import for_dashboard
from mentoring.meetings.feeds import upcoming_for
from mentoring.models import DiscussionThread, Membership, MentorRequest, Message, Pair, Program, User
from mentoring.pairs.service import pairs_of
from mentoring.programs.forms import NewProgramForm
from mentoring.programs.service import programs_open_to
from mentoring.web import admin_required, render

bp = Blueprint("home", __name__)
BOARD_READERS = (Membership.APPROVED, Membership.DEACTIVATED)  # members who read their program's board


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
    boards = {m.program_id for m in memberships if m.program.discussion_board and m.state in BOARD_READERS}
    boards |= {program.id for program in coordinating if program.discussion_board}
    new_posts = DiscussionThread.with_new_posts(current_user, sorted(boards))
    return render("home/dashboard.html", memberships=memberships, coordinating=coordinating,
                  open_programs=len(programs_open_to(current_user)), live=live, waiting=waiting, unread=unread,
                  upcoming=upcoming_for(current_user), forms=waiting_for(current_user), form_title=title_of,
                  reading=for_dashboard(memberships, pairs), new_posts=new_posts)


@bp.route("/about")
def about():
    return render("home/about.html")


@bp.route("/healthz")
def healthz():
    """A bare answer with no template and no database: for load balancers and the page benchmark."""
    return "ok", 200, {"Content-Type": "text/plain; charset=utf-8"}


@bp.route("/style")
@admin_required
def style():
    """The style guide: every component of the design system, and the contrast of each pair of colour tokens."""
    colours = themes(Path(current_app.static_folder, "css", "app.css").read_text())
    pairs = [(foreground, background, least, {theme: contrast(colours[theme][foreground], colours[theme][background])
                                              for theme in colours})
             for foreground, background, least in TOKEN_PAIRS]
    sample = NewProgramForm(formdata=None)
    sample.name.errors = ["Give the program a name."]
    return render("home/style.html", colours=colours, pairs=pairs, sample=sample,
                  people=[User(name=name) for name in ("Ana María", "Kwame Mensah", "Zoë Öztürk")])
