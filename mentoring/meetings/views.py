"""Scheduling and the session page (agenda, notes, answers), answers from emails, calendar feeds, events.

The session page also shows the pair's open goals and what the partner shared after the session (from the goals
and feedback domains): a page may gather from several domains, their services stay one-way."""
from datetime import date, time
from zoneinfo import ZoneInfo

from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_login import current_user, login_required
from markupsafe import Markup

from mentoring import access, clock
from mentoring.errors import DomainError
from mentoring.feedback import service as feedback
from mentoring.forms import (
    csrf_html,
    error_summary_html,
    field_html,
    radios_html,
    sent_once_html,
    show_error,
    swapping_form_html,
    token_html,
)
from mentoring.meetings import (
    agenda,
    agenda_rows,
    feeds,
    invites,
    pair_sessions,
    program_events,
    rsvps,
    scheduling,
    session_page,
)
from mentoring.meetings.access import event_for, event_to_answer, session_to_change
from mentoring.meetings.forms import (
    AgendaItemForm,
    AnswerForm,
    CancelForm,
    EventForm,
    NotesForm,
    PrivateNoteForm,
    RescheduleForm,
    ScheduleForm,
)
from mentoring.models import Goal, Pair, Rsvp
from mentoring.once import sent_once
from mentoring.pairs import goals
from mentoring.pairs.service import own_pair
from mentoring.site import local_time, paragraphs, time_writer
from mentoring.text import escaped
from mentoring.web import (
    built_once,
    cached_url_for,
    external_url,
    form_view,
    html_response,
    htmx,
    render,
    render_form,
    safe_next,
    url_pattern,
    wants_fragment,
)

bp = Blueprint("meetings", __name__)


# --- scheduling ------------------------------------------------------------------------------------------

def _schedule_page(pair, form):
    partner = invites.partner_of(pair, current_user)
    return render_form("meetings/schedule.html", form, pair=pair, partner=partner,
                       common=scheduling.common_hours(pair, current_user.timezone),
                       preview=_when(form.day.data, form.at.data, partner), ends_on=pair.program.ends_on)


@bp.route("/pairs/<int:pair_id>/sessions/new", methods=["GET", "POST"])
@form_view
@login_required
@sent_once
def schedule(pair_id):
    pair = own_pair(pair_id, current_user)
    form = ScheduleForm()
    if request.method == "GET":
        form.location.data = pair.mentor.video_link
        form.title.data = "Introduction" if pair.state == Pair.INTRODUCTION else "Check-in"
        _prefill(form)
    if form.validate_on_submit():
        try:
            meeting = scheduling.schedule(pair, current_user, form.plan())
        except DomainError as error:
            show_error(form, error)
        else:
            flash("Scheduled. You both have the invitation by email: add it to your calendar from there.", "success")
            return redirect(url_for("meetings.show", pair_id=pair.id, meeting_id=meeting.id))
    return _schedule_page(pair, form)


def _prefill(form):
    """The day and time the address suggests (a partner's suggestion), when they are valid."""
    try:
        form.day.data = date.fromisoformat(request.args.get("day", ""))
        form.at.data = time.fromisoformat(request.args.get("at", ""))
    except ValueError:
        pass


def _when(day, at, partner):
    """What a chosen local date and time is for the partner (None until both are chosen)."""
    if not day or not at:
        return None
    try:
        start = scheduling.local_start(day, at, current_user.timezone)
    except (DomainError, OverflowError, ValueError):
        return None
    return {"mine": start.astimezone(ZoneInfo(current_user.timezone)),
            "theirs": start.astimezone(ZoneInfo(partner.timezone)), "partner": partner}


@bp.route("/pairs/<int:pair_id>/sessions/when")
@login_required
def when(pair_id):
    """The chosen time in the partner's zone, as the schedule form's fragment (htmx asks as the time changes)."""
    pair = own_pair(pair_id, current_user)
    form = ScheduleForm(request.args, meta={"csrf": False})
    form.validate()
    partner = invites.partner_of(pair, current_user)
    return render("meetings/_when.html", preview=_when(form.day.data, form.at.data, partner))


# --- the session page ----------------------------------------------------------------------------------

def _answer_form(rsvp):
    """The answer form as a session page draws it: the person's answer and note, if they answered."""
    return AnswerForm.drawn(answer=rsvp.answer, note=rsvp.note) if rsvp else AnswerForm.drawn()


def _session_page(meeting, status=200, **forms):
    """The session's page (`forms`: a form sent back with its errors, by name)."""
    pair = meeting.pair
    user = current_user._get_current_object()  # not Flask-Login's proxy: each look through it costs
    when, links = time_writer(), _page_links(meeting.pair_id, meeting.id)
    answers = rsvps.answers_to([meeting]).get(meeting.id, {})
    partner = invites.partner_of(pair, user) if scheduling.in_pair(meeting, user) else None
    parts = [session_page.facts_html(meeting, scheduling.series_of(meeting), invites.people_of(pair), answers, user,
                                     partner, links, when)]
    if partner is None:
        parts.append(session_page.NOT_YOURS)
    else:
        if not meeting.cancelled and meeting.ends_at > clock.now():
            form = forms.get("answer_form") or _answer_form(answers.get(user.id))
            parts.append(session_page.answer_html(
                links, error_summary_html(form), token_html(form), radios_html(form.answer),
                field_html(form.day, type="date"), field_html(form.at, type="time", step="300"),
                field_html(form.note, rows=2), user.timezone))
        shared, my_form = feedback.after_session(user, meeting)
        parts += [session_page.after_session_html(my_form, partner, shared, links, paragraphs),
                  session_page.goals_html([goal for goal in goals.goals_of(pair) if goal.state != Goal.DONE], links),
                  _agenda_html(meeting, links, forms.get("item_form") or AgendaItemForm.drawn()),
                  session_page.notes_html(
                      _note_form_html(meeting, "notes_form",
                                      forms.get("notes_form") or NotesForm.drawn(text=meeting.shared_notes)),
                      _note_form_html(meeting, "private_form", forms.get("private_form") or PrivateNoteForm.drawn(
                          text=agenda.private_note(meeting, user))))]
    return render("meetings/show.html", status=status, pair=pair,
                  title=f"{meeting.title}: {when(meeting.starts_at, '%d %b %Y')}", content=Markup("".join(parts)))


@built_once
def _page_links(pair_id, meeting_id):
    """Where the page of the session `meeting_id` leads (meetings.session_page.Links), escaped for HTML."""
    ids = {"pair_id": pair_id, "meeting_id": meeting_id}
    return session_page.Links(*(escaped(link) for link in (
        cached_url_for("pairs.show", pair_id=pair_id), cached_url_for("meetings.answer", **ids),
        cached_url_for("meetings.reschedule", **ids), cached_url_for("meetings.cancel", **ids),
        cached_url_for("meetings.add_item", **ids), url_pattern("meetings.change_item", "item_id", **ids),
        url_pattern("feedback.answer", "feedback_id"))))


@bp.route("/pairs/<int:pair_id>/sessions/<int:meeting_id>")
@login_required
def show(pair_id, meeting_id):
    return _session_page(scheduling.session_shown(meeting_id, pair_id, current_user))


def _proposed(form, zone):
    if form.answer.data != Rsvp.PROPOSED:
        return None
    if not form.day.data or not form.at.data:
        raise DomainError("Suggest a day and a time.", field="day")
    return scheduling.local_start(form.day.data, form.at.data, zone)


def _record_answer(meeting, user, form):
    """Validate and save an answer form; True when saved (errors land on the form)."""
    if not form.validate_on_submit():
        return False
    try:
        rsvps.answer(meeting, user, form.answer.data, _proposed(form, user.timezone), form.note.data)
    except DomainError as error:
        show_error(form, error)
        return False
    return True


THANKS = {Rsvp.ACCEPTED: "You accepted. See you there!",
          Rsvp.DECLINED: "You declined; we told your partner.",
          Rsvp.PROPOSED: "Your suggestion is on its way to your partner."}


@bp.route("/pairs/<int:pair_id>/sessions/<int:meeting_id>/answer", methods=["POST"])
@form_view
@login_required
def answer(pair_id, meeting_id):
    meeting = session_to_change(pair_id, meeting_id, current_user)
    form = AnswerForm()
    if _record_answer(meeting, current_user, form):
        if htmx and not htmx.boosted:
            return answer_buttons(meeting, back=request.form.get("next", ""), said=THANKS[form.answer.data])
        flash(THANKS[form.answer.data], "success")
        return safe_next(request.form.get("next") or url_for("meetings.show", pair_id=pair_id, meeting_id=meeting_id))
    return _session_page(meeting, status=422, answer_form=form)


def answer_buttons(meeting, back, said=""):
    """The Accept and Decline buttons of a session, my current answer pressed (the pair's page shows them too)."""
    my_rsvp = rsvps.answers_to([meeting]).get(meeting.id, {}).get(current_user.id)
    return html_response(pair_sessions.answer_buttons_html(meeting.id, my_rsvp, back, said, csrf_html(),
                                                      session_links(meeting.pair_id), local_time))


@built_once
def session_links(pair_id):
    """Where the sessions of the pair `pair_id` lead (meetings.pair_sessions.Links), escaped for HTML."""
    return pair_sessions.Links(*(escaped(link) for link in (
        url_pattern("meetings.show", "meeting_id", pair_id=pair_id),
        url_pattern("meetings.answer", "meeting_id", pair_id=pair_id),
        cached_url_for("meetings.schedule", pair_id=pair_id), cached_url_for("meetings.calendar"))))


# --- agenda and notes ----------------------------------------------------------------------------------

def _agenda(meeting, form=None, said=""):
    """The agenda fragment for htmx, or back to the session page."""
    sent_back = form is not None and form.errors
    if wants_fragment():
        links = _page_links(meeting.pair_id, meeting.id)
        return html_response(_agenda_html(meeting, links, form if sent_back else AgendaItemForm.drawn(), said),
                             422 if sent_back else 200)
    if sent_back:
        return _session_page(meeting, status=422, item_form=form)
    return redirect(url_for("meetings.show", pair_id=meeting.pair_id, meeting_id=meeting.id) + "#agenda")


def _agenda_html(meeting, links, form, said=""):
    """The agenda section with its form `form` (`links`: the page's), as the session page and its htmx swap write
    it."""
    items = agenda.items_of(meeting)
    focus = {"data-focus-after-swap": ""} if said or form.errors else {}
    return session_page.agenda_html(
        agenda_rows.items_html(items, links.item, csrf_html()) if items else "", said, links,
        error_summary_html(form), token_html(form), sent_once_html(),
        field_html(form.text, autocomplete="off", **focus))


@bp.route("/pairs/<int:pair_id>/sessions/<int:meeting_id>/agenda", methods=["POST"])
@form_view
@login_required
@sent_once
def add_item(pair_id, meeting_id):
    meeting = session_to_change(pair_id, meeting_id, current_user)
    form = AgendaItemForm()
    if form.validate_on_submit():
        try:
            agenda.add_item(meeting, current_user, form.text.data)
        except DomainError as error:
            show_error(form, error)
        else:
            return _agenda(meeting, said=f"Added “{form.text.data}”.")
    return _agenda(meeting, form)


ITEM_ACTIONS = {"done": "ticked off", "undone": "marked not done", "up": "moved up", "down": "moved down",
                "remove": "removed"}


@bp.route("/pairs/<int:pair_id>/sessions/<int:meeting_id>/agenda/<int:item_id>", methods=["POST"])
@login_required
def change_item(pair_id, meeting_id, item_id):
    meeting = session_to_change(pair_id, meeting_id, current_user)
    action = request.form.get("action", "")
    if action not in ITEM_ACTIONS:
        abort(400)
    if action in ("done", "undone"):
        item = agenda.set_done(meeting, item_id, action == "done")
    elif action == "remove":
        item = agenda.remove_item(meeting, item_id)
    else:
        item = agenda.move_item(meeting, item_id, -1 if action == "up" else 1)
    return _agenda(meeting, said=f"“{item.text}” {ITEM_ACTIONS[action]}.")


def _save_note(pair_id, meeting_id, name, form_class, save, message):
    """Save the shared notes or my private note (the form `name`): the form's fragment for htmx, or back to the
    page."""
    meeting = session_to_change(pair_id, meeting_id, current_user)
    form = form_class()
    if not form.validate_on_submit():
        if wants_fragment():
            return html_response(_note_form_html(meeting, name, form), 422)
        return _session_page(meeting, status=422, **{name: form})
    save(meeting, form.text.data)
    if wants_fragment():
        return html_response(_note_form_html(meeting, name, form, message))
    flash(message, "success")
    return redirect(url_for("meetings.show", pair_id=meeting.pair_id, meeting_id=meeting.id))


NOTE_FORMS = {"notes_form": ("notes-form", "meetings.save_notes", 6, "Save shared notes"),
              "private_form": ("private-form", "meetings.save_private_note", 4, "Save my private note")}


def _note_form_html(meeting, name, form, saved=None):
    """The form of the shared notes or of my private note (`name`, in NOTE_FORMS), saying `saved` once saved, as the
    session page and its htmx swap write it."""
    form_id, endpoint, rows, button = NOTE_FORMS[name]
    return swapping_form_html(form, form_id, cached_url_for(endpoint, pair_id=meeting.pair_id, meeting_id=meeting.id),
                              saved, field_html(form.text, rows=rows), button)


@bp.route("/pairs/<int:pair_id>/sessions/<int:meeting_id>/notes", methods=["POST"])
@form_view
@login_required
def save_notes(pair_id, meeting_id):
    return _save_note(pair_id, meeting_id, "notes_form", NotesForm, agenda.save_shared_notes, "Shared notes saved.")


@bp.route("/pairs/<int:pair_id>/sessions/<int:meeting_id>/private-note", methods=["POST"])
@form_view
@login_required
def save_private_note(pair_id, meeting_id):
    return _save_note(pair_id, meeting_id, "private_form", PrivateNoteForm,
                      lambda meeting, text: agenda.save_private_note(meeting, current_user, text),
                      "Your private note is saved.")


# --- moving and cancelling -----------------------------------------------------------------------------

@bp.route("/pairs/<int:pair_id>/sessions/<int:meeting_id>/move", methods=["GET", "POST"])
@form_view
@login_required
def reschedule(pair_id, meeting_id):
    meeting = session_to_change(pair_id, meeting_id, current_user)
    form = RescheduleForm()
    if request.method == "GET":
        local = meeting.starts_at.astimezone(ZoneInfo(current_user.timezone))
        form.day.data, form.at.data, form.duration.data = local.date(), local.time(), meeting.duration_minutes
        _prefill(form)
    elif form.validate_on_submit():
        try:
            moved = scheduling.reschedule(meeting, current_user, form.day.data, form.at.data, form.duration.data,
                                          following=form.following.data == "following")
        except DomainError as error:
            show_error(form, error)
        else:
            flash("Moved. You both have the updated invitation by email.", "success")
            return redirect(url_for("meetings.show", pair_id=pair_id, meeting_id=moved.id))
    return render_form("meetings/reschedule.html", form, meeting=meeting, pair=meeting.pair,
                       partner=invites.partner_of(meeting.pair, current_user))


@bp.route("/pairs/<int:pair_id>/sessions/<int:meeting_id>/cancel", methods=["GET", "POST"])
@form_view
@login_required
def cancel(pair_id, meeting_id):
    meeting = session_to_change(pair_id, meeting_id, current_user)
    form = CancelForm()
    if form.validate_on_submit():
        try:
            scheduling.cancel(meeting, current_user, whole_series=form.scope.data == "series")
        except DomainError as error:
            show_error(form, error)
        else:
            flash("Cancelled. Your calendars will remove it when the email arrives.", "success")
            return redirect(url_for("pairs.show", pair_id=pair_id))
    return render_form("meetings/cancel.html", form, meeting=meeting, pair=meeting.pair)


# --- answers from the email ----------------------------------------------------------------------------

@bp.route("/rsvp/<token>/<any(accepted, declined, proposed):reply>", methods=["GET", "POST"])
@form_view
def rsvp(token, reply):
    """Answer from an invite's link without logging in; a GET only shows the answer, a POST records it. A session
    cancelled since says so, with nothing to answer."""
    try:
        meeting, user = rsvps.read_rsvp_token(token)
    except DomainError as error:
        return render("meetings/rsvp_invalid.html", status=404, message=error.message)
    about = dict(meeting=meeting, zone=user.timezone, page=invites.page_url(meeting),
                 partner=invites.partner_of(meeting.pair, user) if meeting.pair_id else None)
    if meeting.cancelled:
        return render("meetings/rsvp.html", status=410, **about)
    form = AnswerForm(data={"answer": reply} if request.method == "GET" else None)
    done = request.method == "POST" and _record_answer(meeting, user, form)
    answers = rsvps.answers_to([meeting]).get(meeting.id, {})
    return render_form("meetings/rsvp.html", form, done=done, reply=form.answer.data, current=answers.get(user.id),
                       thanks=THANKS, **about)


# --- my calendar ---------------------------------------------------------------------------------------

@bp.route("/calendar")
@login_required
def calendar():
    user = current_user._get_current_object()  # not Flask-Login's proxy: each look through it costs
    feed = external_url("meetings.feed", token=feeds.calendar_token(user))
    return render("meetings/calendar.html", upcoming=feeds.upcoming_for(user, limit=20), feed=feed,
                  webcal="webcal://" + feed.partition("://")[2])


@bp.route("/calendar/reset", methods=["POST"])
@login_required
def reset_calendar():
    feeds.calendar_token(current_user, reset=True)
    flash("Your calendar address is new; the old one no longer works. Subscribe again with the new one.", "success")
    return redirect(url_for("meetings.calendar"))


@bp.route("/calendar/<token>.ics")
def feed(token):
    body = feeds.feed(token)
    return body, 200, {"Content-Type": "text/calendar; charset=utf-8", "Cache-Control": "private, max-age=300",
                       "Content-Disposition": 'inline; filename="mentoring.ics"'}


# --- program events ------------------------------------------------------------------------------------

@bp.route("/programs/<slug:slug>/events", methods=["GET", "POST"])
@form_view
@sent_once
def events(slug):
    program = access.managed_program(slug)
    form = EventForm()
    if form.validate_on_submit():
        try:
            meeting = program_events.schedule_event(program, current_user, form.plan(), form.audience.data)
        except DomainError as error:
            show_error(form, error)
        else:
            flash(f"“{meeting.title}” is scheduled; every invited member has the invitation by email.", "success")
            return redirect(url_for("meetings.event", slug=slug, meeting_id=meeting.id))
    return render_form("meetings/events.html", form, program=program, events=program_events.events_of(program),
                       audiences=program_events.EVENT_AUDIENCES)


def _event_page(program, meeting, form=None):
    coordinating = access.is_coordinator(program, current_user)
    invited = invites.takes_part(meeting, current_user)
    everyone = program_events.event_answers(meeting) if coordinating else []
    mine = rsvps.answers_to([meeting]).get(meeting.id, {}).get(current_user.id)
    return render_form("meetings/event.html", form or AnswerForm(formdata=None), program=program, meeting=meeting,
                       coordinating=coordinating, invited=invited, mine=mine, answers=everyone,
                       accepted=sum(1 for _, said in everyone if said and said.answer == Rsvp.ACCEPTED),
                       audiences=program_events.EVENT_AUDIENCES, ended=meeting.ends_at <= clock.now())


@bp.route("/programs/<slug:slug>/events/<int:meeting_id>")
@login_required
def event(slug, meeting_id):
    program = access.visible_program(slug)
    return _event_page(program, event_for(program, meeting_id, current_user))


@bp.route("/programs/<slug:slug>/events/<int:meeting_id>/answer", methods=["POST"])
@form_view
@login_required
def answer_event(slug, meeting_id):
    program = access.visible_program(slug)
    meeting = event_to_answer(program, meeting_id, current_user)
    form = AnswerForm()
    if _record_answer(meeting, current_user, form):
        flash("Thank you for answering.", "success")
        return redirect(url_for("meetings.event", slug=slug, meeting_id=meeting_id))
    return _event_page(program, meeting, form)


@bp.route("/programs/<slug:slug>/events/<int:meeting_id>/cancel", methods=["POST"])
def cancel_event(slug, meeting_id):
    program = access.managed_program(slug)
    meeting = event_for(program, meeting_id, current_user)
    try:
        scheduling.cancel(meeting, current_user)
    except DomainError as error:
        flash(error.message, "error")
    else:
        flash(f"“{meeting.title}” is cancelled; everyone invited was told.", "success")
    return redirect(url_for("meetings.events", slug=slug))
