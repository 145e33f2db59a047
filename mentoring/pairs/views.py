"""A pair's home: the partner, the next session and its agenda, past sessions, and the pair's decisions.

The page gathers what the domains above pairs keep about it (sessions), so its view reads from them.
"""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from markupsafe import Markup

from mentoring import access, clock
from mentoring.auth.faces import avatar_html
from mentoring.conversations.service import SHOWN_WITH_THE_PAIR
from mentoring.conversations.views import conversation_context, files_section
from mentoring.errors import DomainError
from mentoring.feedback import service as feedback
from mentoring.forms import csrf_html, sent_once_html, show_error
from mentoring.meetings import agenda, pair_sessions, rsvps, scheduling
from mentoring.meetings.views import session_links
from mentoring.models import Goal, Pair
from mentoring.once import sent_once
from mentoring.pairs import goals, goals_section, pair_page, service
from mentoring.pairs.forms import EndForm, GoalForm, MilestoneForm, ProblemReportForm
from mentoring.pairs.partner_card import partner_card_html
from mentoring.site import paragraphs, time_writer
from mentoring.text import escaped
from mentoring.web import (
    built_once,
    cached_url_for,
    form_view,
    html_response,
    render,
    render_form,
    url_pattern,
    wants_fragment,
)

bp = Blueprint("pairs", __name__)  # no url_prefix: a member reports a problem from the program's own address


UPCOMING_SHOWN = 5


@bp.route("/pairs/<int:pair_id>")
@login_required
def show(pair_id):
    viewer = current_user._get_current_object()  # not Flask-Login's proxy: each look through it costs
    pair = service.pair_shown(pair_id, viewer)
    side = service.side_of(pair, viewer)
    partner = (pair.mentor if side == "mentee" else pair.mentee).user
    links, when, token = _page_links(pair.id, pair.program.slug), time_writer(), csrf_html()
    parts = [pair_page.heading_html(pair, side, partner.name, links),
             pair_page.standing_html(pair, side, partner.name, links, token, when, service.END_KINDS),
             *_sections(pair, side, viewer, when, token)]
    if side is None:
        parts.append(pair_page.answered_html(feedback.answered_by_pair(pair), feedback.title_of, when))
    parts.append(pair_page.actions_html(pair, side, links))
    return render("pairs/show.html", pair=pair, title=f"{pair.mentee.user.name} and {pair.mentor.user.name}",
                  content=Markup("".join(parts)))


def _sections(pair, side, viewer, when, token):
    """The pair page's sections: the partner's card (for one of the two) or the pair's facts (for a coordinator) and,
    once the pair is more than proposed, the next session, goals, conversation and files, and the other sessions."""
    proposed = pair.state == Pair.PROPOSED
    upcoming, past = scheduling.sessions_of(pair) if not proposed else ([], [])
    ways = session_links(pair.id)
    next_session = "" if proposed else _next_session(pair, side, next(iter(upcoming), None), ways, when, viewer, token)
    if side:
        sections = [f'<div class="pair-home">\n{_partner_card(pair, side, when, viewer)}{next_session}</div>\n']
    else:
        sections = [pair_page.facts_html(pair, when, avatar_html), next_session]
    if proposed:
        return sections
    sections.append(_goals_html(pair, bool(side), token=token))
    if side:
        sections += [conversation_context(pair, viewer, count=SHOWN_WITH_THE_PAIR)["conversation_html"],
                     files_section(pair, viewer)]
    sections.append(pair_sessions.sessions_html(upcoming, past, UPCOMING_SHOWN, ways, when,
                                                paragraphs if side else None))
    return sections


@built_once
def _page_links(pair_id, slug):
    """Where the pair's page leads (pairs.pair_page.Links), escaped for HTML."""
    return pair_page.Links(*(escaped(link) for link in (
        cached_url_for("programs.show", slug=slug), cached_url_for("pairs.answer", pair_id=pair_id),
        cached_url_for("pairs.end", pair_id=pair_id), cached_url_for("pairs.report_problem", pair_id=pair_id),
        cached_url_for("matching.suggestions", slug=slug))))


def _partner_card(pair, side, when, viewer):
    """The card of the `viewer`'s partner in the pair (pairs.partner_card)."""
    partner = pair.mentor if side == "mentee" else pair.mentee
    now = clock.now().replace(second=0, microsecond=0)  # (the card shows the minute: its text is then written once)
    return partner_card_html(partner, side, pair.state, viewer.timezone, now, when, avatar_html,
                             paragraphs)


def _next_session(pair, side, meeting, links, when, viewer, token):
    """The next session's card (meetings.pair_sessions) for the `viewer`, one of the two (`side`) or a coordinator;
    `token` is the field of the form token."""
    answers = rsvps.answers_to([meeting]).get(meeting.id, {}) if meeting else {}
    buttons = (pair_sessions.answer_buttons_html(meeting.id, answers.get(viewer.id), request.path, "", token,
                                                 links, when) if side and meeting else "")
    return pair_sessions.next_session_html(meeting, pair, side, viewer, answers,
                                           agenda.items_of(meeting) if side and meeting else [], buttons, links, when,
                                           avatar_html)


def _goals_html(pair, member, goal_form=None, said="", token=None):
    """The goals section (pairs.goals_section), with the form to add one when it is open (a link opens it otherwise);
    `token`, the field of the form token, when the page has it already."""
    form_html = (render_template("pairs/_goal_form.html", goal_form=goal_form, pair=pair, inline=True,
                                 starting_points=goals.starting_points(pair.program)) if goal_form else "")
    return goals_section.goals_html(goals.goals_of(pair), Goal.STATES, member, _goal_links(pair.id),
                                    token or csrf_html(), sent_once_html, said, form_html)


@built_once
def _goal_links(pair_id):
    """Where the goals section's buttons and links lead (pairs.goals_section.GoalLinks), escaped for HTML."""
    return goals_section.GoalLinks(*(escaped(link) for link in (
        url_pattern("pairs.change_goal", "goal_id", pair_id=pair_id),
        url_pattern("pairs.add_milestone", "goal_id", pair_id=pair_id),
        url_pattern("pairs.tick_milestone", "milestone_id", pair_id=pair_id),
        cached_url_for("pairs.new_goal", pair_id=pair_id))))


def _goals(pair, goal_form=None, said=""):
    """The goals section for htmx (with the form when it has errors), or the page again."""
    if goal_form is not None and not wants_fragment():
        return render_form("pairs/goal_new.html", goal_form, pair=pair, program=pair.program,
                           starting_points=goals.starting_points(pair.program))
    if wants_fragment():
        return html_response(_goals_html(pair, True, goal_form, said), 422 if goal_form is not None else 200)
    flash(said, "success")
    return redirect(url_for("pairs.show", pair_id=pair.id) + "#goals")


@bp.route("/pairs/<int:pair_id>/goals/new")
@login_required
def new_goal(pair_id):
    """The form to write a goal: its own page, or opened in the goals section by htmx."""
    pair = service.own_pair(pair_id, current_user)
    form = GoalForm(formdata=None)
    if wants_fragment():
        return html_response(_goals_html(pair, True, form))
    return render_form("pairs/goal_new.html", form, pair=pair, program=pair.program,
                       starting_points=goals.starting_points(pair.program))


@bp.route("/pairs/<int:pair_id>/goals", methods=["POST"])
@form_view
@login_required
@sent_once
def add_goal(pair_id):
    pair = service.own_pair(pair_id, current_user)
    form = GoalForm()
    if form.validate_on_submit():
        try:
            goal = goals.add_goal(pair, current_user, form.title.data, form.why.data, form.target_date.data)
        except DomainError as error:
            show_error(form, error)
        else:
            return _goals(pair, said=f"Goal added: “{goal.title}”.")
    return _goals(pair, form)


@bp.route("/pairs/<int:pair_id>/goals/<int:goal_id>", methods=["POST"])
@login_required
def change_goal(pair_id, goal_id):
    pair = service.own_pair(pair_id, current_user)
    state = request.form.get("state", "")
    try:
        if request.form.get("action") == "remove":
            goals.remove_goal(pair, goal_id)
            said = "Goal removed."
        else:
            goal = goals.set_state(pair, current_user, goal_id, state)
            said = ("Goal reached: well done!" if goal.state == Goal.DONE
                    else f"“{goal.title}”: {Goal.STATES[state].lower()}.")
    except DomainError as error:
        flash(error.message, "error")
        return redirect(url_for("pairs.show", pair_id=pair_id) + "#goals")
    return _goals(pair, said=said)


@bp.route("/pairs/<int:pair_id>/goals/<int:goal_id>/milestones", methods=["POST"])
@form_view
@login_required
@sent_once
def add_milestone(pair_id, goal_id):
    pair = service.own_pair(pair_id, current_user)
    form = MilestoneForm()
    if not form.validate_on_submit():
        flash(" ".join(form.text.errors) or "The form had expired; nothing was saved.", "error")
        return redirect(url_for("pairs.show", pair_id=pair_id) + "#goals")
    goals.add_milestone(pair, goal_id, form.text.data)
    return _goals(pair, said=f"Milestone added: “{form.text.data}”.")


@bp.route("/pairs/<int:pair_id>/milestones/<int:milestone_id>", methods=["POST"])
@login_required
def tick_milestone(pair_id, milestone_id):
    pair = service.own_pair(pair_id, current_user)
    milestone = goals.set_milestone(pair, current_user, milestone_id, request.form.get("done") == "1")
    return _goals(pair, said=f"“{milestone.text}” {'reached' if milestone.done_at else 'not reached yet'}.")


@bp.route("/pairs/<int:pair_id>/report", methods=["GET", "POST"])
@form_view
@login_required
@sent_once
def report_problem(pair_id):
    pair = service.own_pair(pair_id, current_user)
    form = ProblemReportForm()
    if form.validate_on_submit():
        service.report_problem(pair.program, current_user, form.text.data, pair=pair)
        flash("Thank you for telling us. The coordinators will look into it, discreetly.", "success")
        return redirect(url_for("pairs.show", pair_id=pair_id))
    return render_form("pairs/report.html", form, pair=pair, program=pair.program)


@bp.route("/programs/<slug:slug>/report-a-problem", methods=["GET", "POST"])
@form_view
@login_required
@sent_once
def report_in_program(slug):
    """A member tells the coordinators about a problem that is not about their pair."""
    program = access.member_program(slug)
    form = ProblemReportForm()
    if form.validate_on_submit():
        service.report_problem(program, current_user, form.text.data)
        flash("Thank you for telling us. The coordinators will look into it, discreetly.", "success")
        return redirect(url_for("programs.show", slug=slug))
    return render_form("pairs/report.html", form, pair=None, program=program)


@bp.route("/pairs/<int:pair_id>/answer", methods=["POST"])
@login_required
def answer(pair_id):
    before = service.pair_for(pair_id, current_user).state
    yes = request.form.get("answer") == "yes"
    try:
        pair = service.answer(pair_id, current_user, yes)
    except DomainError as error:
        flash(error.message, "error")
        return redirect(url_for("pairs.show", pair_id=pair_id))
    messages = {"active": "You are now a mentoring pair.", "introduction": "Both of you said yes: time to meet!",
                "ended": "Thank you for saying so. You are both free to find someone else."}
    changed = pair.state != before
    flash(messages[pair.state] if changed else "Thank you: we are waiting for the other person's answer.", "success")
    return redirect(url_for("pairs.show", pair_id=pair_id))


@bp.route("/pairs/<int:pair_id>/end", methods=["GET", "POST"])
@form_view
@login_required
def end(pair_id):
    pair = service.pair_for(pair_id, current_user)
    if pair.state == Pair.ENDED:
        return redirect(url_for("pairs.show", pair_id=pair_id))
    form = EndForm()
    if form.validate_on_submit():
        try:
            service.end(pair_id, current_user, form.reason.data)
        except DomainError as error:
            show_error(form, error)
        else:
            flash("The pair has ended. Thank you for the time you gave each other.", "success")
            return redirect(url_for("pairs.show", pair_id=pair_id))
    return render_form("pairs/end.html", form, pair=pair, side=service.side_of(pair, current_user))
