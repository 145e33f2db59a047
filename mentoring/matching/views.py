"""Suggested mentors, asking a mentor, and the mentor's inbox of requests."""
from typing import NamedTuple

from flask import Blueprint, flash, redirect, request, url_for
from flask_login import login_required

from mentoring import access
from mentoring.auth.faces import avatar_html
from mentoring.errors import DomainError
from mentoring.forms import csrf_token, show_error
from mentoring.matching import requests as asking
from mentoring.matching import suggestions as suggesting
from mentoring.matching.cards import cards_html
from mentoring.matching.filter_bar import filter_bar_html
from mentoring.matching.forms import AcceptForm, DeclineForm, NoteForm, RequestForm
from mentoring.models import Membership, MentorRequest, Question, RequestNote
from mentoring.once import sent_once
from mentoring.questionnaires import engine
from mentoring.site import viewer_zone
from mentoring.web import built_once, form_view, htmx, render, render_form, url_pattern

bp = Blueprint("matching", __name__, url_prefix="/programs/<slug:slug>")
bp.add_app_template_global(filter_bar_html)


@bp.route("/mentors")
@login_required
def suggestions(slug):
    mentee = access.own_membership(slug, Membership.MENTEE)
    args = request.args
    chosen = {key: value for key, value in args.items() if key.startswith("q") or key == "when"}
    search = args.get("search", "").strip()[:100]
    limit = min(100, max(10, args.get("show", 10, type=int)))
    standing = suggesting.standing(mentee)
    found, fitting = [], 0
    if mentee.state == Membership.APPROVED and standing.pair_id is None:
        found, fitting = suggesting.suggest(mentee, standing, chosen, search, limit, viewer_zone().key)
    links = _suggestions_links(slug)
    cards = cards_html(found, _card_face, links.mentor, links.hide, csrf_token())
    return render("matching/suggestions.html", block="suggestions", mentee=mentee, program=mentee.program,
                  suggestions=found, cards=cards, fitting=fitting, limit=limit, chosen=chosen, search=search,
                  filters=suggesting.filters_of(mentee.program), pair_id=standing.pair_id, waiting=standing.waiting,
                  links=links)


def _card_face(person):
    """A suggested mentor's face on their card (one function for every request: the cards are kept by it)."""
    return avatar_html(person, 48)


class SuggestionsLinks(NamedTuple):
    """The links of a program's suggestions page."""

    program: str
    how_it_works: str
    my_requests: str
    suggestions: str  # the page itself
    mentor: str  # with `%s` for the mentor's membership id
    hide: str  # the same


@built_once
def _suggestions_links(slug):
    """The suggestions page's links for the program `slug`."""
    return SuggestionsLinks(url_for("programs.show", slug=slug), url_for("matching.how_it_works", slug=slug),
                            url_for("matching.my_requests", slug=slug), url_for("matching.suggestions", slug=slug),
                            url_pattern("matching.mentor", "membership_id", slug=slug),
                            url_pattern("matching.hide", "membership_id", slug=slug))


@bp.route("/mentors/<int:membership_id>/hide", methods=["POST"])
@login_required
def hide(slug, membership_id):
    mentee = access.own_membership(slug, Membership.MENTEE)
    mentor = asking.mentor_for(mentee, membership_id)
    suggesting.hide(mentee, mentor)
    flash(f"{mentor.user.name} is hidden from your suggestions.", "success")
    if htmx:
        return suggestions(slug)
    return redirect(url_for("matching.suggestions", slug=slug))


@bp.route("/mentors/<int:membership_id>", methods=["GET", "POST"])
@form_view
@login_required
@sent_once
def mentor(slug, membership_id):
    mentee = access.own_membership(slug, Membership.MENTEE)
    mentor = asking.mentor_for(mentee, membership_id)
    form = RequestForm()
    if form.validate_on_submit():
        try:
            asking.request_mentor(mentee, mentor.id, form.message.data)
        except DomainError as error:
            show_error(form, error)
        else:
            flash(f"Your request is on its way to {mentor.user.name}. We will email you their answer.", "success")
            return redirect(url_for("matching.my_requests", slug=slug))
    score, passes, reasons = suggesting.breakdown(mentee, mentor, "mentee")
    questions = [q for q in Question.of(mentee.program_id, Membership.MENTOR) if not q.sensitive]
    answers = suggesting.people.person(mentor).answers
    return render_form("matching/mentor.html", form, mentee=mentee, mentor=mentor, program=mentee.program,
                       score=score, passes=passes, reasons=reasons, questions=questions, answers=answers,
                       asked=next((r for r in asking.open_requests(mentee) if r.mentor_id == mentor.id), None))


def _my_requests_page(mentee, written=None):
    """The mentee's requests, each open one with a form to write to its mentor (`written`: the one just sent back)."""
    sent = list(MentorRequest.sent_by(mentee))
    forms = {r.id: NoteForm(formdata=None) for r in sent if r.state == MentorRequest.OPEN}
    if written is not None:
        forms[written[0]] = written[1]
    for sent_request in sent:
        if sent_request.id in forms:  # each form's box named apart on the one page
            forms[sent_request.id].text.id = f"request-{sent_request.id}-text"
            forms[sent_request.id].text.label.text = f"Write to {sent_request.mentor.user.name}"
    return render("matching/my_requests.html", status=422 if written and written[1].errors else 200,
                  mentee=mentee, program=mentee.program, sent=sent, reasons=asking.DECLINE_REASONS,
                  notes=RequestNote.of(r.id for r in sent), note_forms=forms)


@bp.route("/requests")
@login_required
def my_requests(slug):
    return _my_requests_page(access.own_membership(slug, Membership.MENTEE))


@bp.route("/requests/<int:request_id>/notes", methods=["POST"])
@form_view
@login_required
@sent_once
def write_to_mentor(slug, request_id):
    mentee = access.own_membership(slug, Membership.MENTEE)
    sent = asking.sent_request(mentee, request_id)
    form = NoteForm()
    return (_note_written(form, sent, mentee.user, sent.mentor.user,
                          url_for("matching.my_requests", slug=slug, _anchor=f"request-{sent.id}"))
            or _my_requests_page(mentee, (sent.id, form)))


def _note_written(form, request, author, reader, then):
    """Write the form's words on the request: a redirect to `then` once the reader is emailed them, else None (the
    form holds why not)."""
    if not form.validate_on_submit():
        return None
    try:
        asking.write_note(request, author, form.text.data)
    except DomainError as error:
        show_error(form, error)
        return None
    flash(f"{reader.name} is emailed your words.", "success")
    return redirect(then)


@bp.route("/requests/<int:request_id>/withdraw", methods=["POST"])
@login_required
def withdraw(slug, request_id):
    mentee = access.own_membership(slug, Membership.MENTEE)
    try:
        asking.withdraw(mentee, request_id)
    except DomainError as error:
        flash(error.message, "error")
    else:
        flash("Your request is withdrawn.", "success")
    return redirect(url_for("matching.my_requests", slug=slug))


@bp.route("/inbox")
@login_required
def inbox(slug):
    mentor = access.own_membership(slug, Membership.MENTOR)
    received = list(MentorRequest.received_by(mentor))
    return render("matching/inbox.html", mentor=mentor, program=mentor.program, received=received,
                  seats_left=asking.seats_left(mentor), reasons=asking.DECLINE_REASONS)


def _inbox_request_page(mentor, received, accept_form=None, decline_form=None, note_form=None):
    mentee = received.mentee
    score, _, reasons = suggesting.breakdown(mentee, mentor, "mentor")
    questions = [q for q in Question.of(mentor.program_id, Membership.MENTEE) if not q.sensitive]
    forms = {"accept_form": accept_form or AcceptForm(), "decline_form": decline_form or DeclineForm(),
             "note_form": note_form or NoteForm(formdata=None)}
    forms["note_form"].text.label.text = f"Write to {mentee.user.name}"
    return render("matching/inbox_request.html", status=422 if any(form.errors for form in forms.values()) else 200,
                  mentor=mentor, program=mentor.program, received=received, mentee=mentee, score=score,
                  reasons=reasons, questions=questions, answers=suggesting.people.person(mentee).answers,
                  notes=RequestNote.of([received.id]).get(received.id, []), seats_left=asking.seats_left(mentor),
                  zone=viewer_zone(), **forms)


@bp.route("/inbox/<int:request_id>")
@login_required
def inbox_request(slug, request_id):
    mentor = access.own_membership(slug, Membership.MENTOR)
    return _inbox_request_page(mentor, asking.received_request(mentor, request_id))


@bp.route("/inbox/<int:request_id>/accept", methods=["POST"])
@form_view
@login_required
@sent_once
def accept(slug, request_id):
    mentor = access.own_membership(slug, Membership.MENTOR)
    received = asking.received_request(mentor, request_id)
    form = AcceptForm()
    if form.validate_on_submit():
        try:
            pair = asking.accept(mentor, received.id, form.welcome.data)
        except DomainError as error:
            show_error(form, error)
        else:
            flash(f"You and {received.mentee.user.name} are a pair. Plan your first meeting!", "success")
            return redirect(url_for("pairs.show", pair_id=pair.id))
    return _inbox_request_page(mentor, received, accept_form=form)


@bp.route("/inbox/<int:request_id>/notes", methods=["POST"])
@form_view
@login_required
@sent_once
def write_to_mentee(slug, request_id):
    mentor = access.own_membership(slug, Membership.MENTOR)
    received = asking.received_request(mentor, request_id)
    form = NoteForm()
    return (_note_written(form, received, mentor.user, received.mentee.user,
                          url_for("matching.inbox_request", slug=slug, request_id=received.id, _anchor="notes"))
            or _inbox_request_page(mentor, received, note_form=form))


@bp.route("/inbox/<int:request_id>/decline", methods=["POST"])
@form_view
@login_required
def decline(slug, request_id):
    mentor = access.own_membership(slug, Membership.MENTOR)
    received = asking.received_request(mentor, request_id)
    form = DeclineForm()
    if form.validate_on_submit():
        try:
            asking.decline(mentor, received.id, form.reason.data, form.note.data)
        except DomainError as error:
            show_error(form, error)
        else:
            flash(f"We let {received.mentee.user.name} know, kindly.", "success")
            return redirect(url_for("matching.inbox", slug=slug))
    return _inbox_request_page(mentor, received, decline_form=form)


@bp.route("/how-matching-works")
def how_it_works(slug):
    program = access.visible_program(slug)
    rules = list(Question.rules_of(program.id))
    total = sum(rule.weight for rule in rules) or 1
    return render("matching/how_it_works.html", program=program,
                  rules=[(engine.rule_sentence(rule), round(100 * rule.weight / total), rule) for rule in rules])
