"""Programs, their coordinators and the applications people make to them."""
import re
import unicodedata

from mentoring import audit, clock, privacy
from mentoring.auth import service as accounts
from mentoring.db import db, locked
from mentoring.email.outbox import queue_email
from mentoring.errors import DomainError, NotFound
from mentoring.models import Coordinator, Membership, Program, Response, User
from mentoring.questionnaires import service as questionnaires
from mentoring.web import external_url, path_for

STATE_LABELS = {
    Program.DRAFT: "Draft: only coordinators can see it",
    Program.OPEN: "Open for applications",
    Program.MATCHING: "Matching: mentors and mentees are pairing up",
    Program.RUNNING: "Running: pairs are meeting",
    Program.CLOSED: "Closed",
}
SETTINGS = ("name", "description", "goals", "guidelines", "starts_on", "ends_on", "cadence_days", "checkin_weeks",
            "default_capacity", "max_capacity", "max_open_requests", "reply_days", "introduction_step",
            "requires_approval", "allows_both_roles", "mentors_read_guide", "discussion_board",
            "state")
_when_created = []
_when_deleting = []


def when_deleting(fn):
    """Register `fn(program)`, run in the transaction that deletes a program before its rows go (they go with it, by
    the database's cascades); what it returns, a function or None, runs once the deletion has committed (domains
    above remove what lies outside the database, such as their files' bytes)."""
    _when_deleting.append(fn)
    return fn


def when_created(fn):
    """Register `fn(program)`, run in the transaction that creates a program (domains above give it their
    starting content)."""
    _when_created.append(fn)
    return fn


def create_program(actor, *, name):
    """A new program in draft, with the default questionnaires."""
    with db.atomic():
        program = Program.create(name=name, slug=_unique_slug(name))
        questionnaires.create_default_questionnaires(program)
        for fn in _when_created:
            fn(program)
        audit.record(actor, "program.create", program.name, program=program)
    return program


def _unique_slug(name):
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:60] or "program"
    slug, number = base, 2
    while Program.select().where(Program.slug == slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


def update_program(actor, program, settings):
    """Change the program's settings (`settings`: name -> value); the audit log keeps what changed."""
    if settings["starts_on"] and settings["ends_on"] and settings["ends_on"] < settings["starts_on"]:
        raise DomainError("The end date must come after the start date.", field="ends_on")
    if settings["default_capacity"] > settings["max_capacity"]:
        raise DomainError("The usual number of mentees cannot be more than the most a mentor may take.",
                          field="default_capacity")
    changed = {name: settings[name] for name in SETTINGS if getattr(program, name) != settings[name]}
    if not changed:
        return program
    with db.atomic():
        for name, value in changed.items():
            setattr(program, name, value)
        program.save()
        audit.record(actor, "program.edit", program.name, program=program,
                     changed={name: str(value)[:80] for name, value in changed.items()})
    return program


def appoint_coordinator(actor, program, *, email, name=""):
    """Make the person with `email` a coordinator; someone without an account is invited to make one."""
    with db.atomic():
        Program.lock(program.id)  # the program's coordinators are read, then one is added
        user, invitation = accounts.invite(email=email, name=name)
        if Coordinator.select().where(Coordinator.program == program, Coordinator.user == user).exists():
            raise DomainError(f"{email} already coordinates this program.", field="email")
        Coordinator.create(program=program, user=user)
        console = external_url("programs.settings", slug=program.slug)
        if invitation:
            link = external_url("auth.accept_invitation", token=invitation,
                                next=path_for("programs.settings", slug=program.slug))
            queue_email(user, "coordinator_invitation", f"You are invited to coordinate {program.name}",
                        program=program, inviter=actor, link=link)
        else:
            queue_email(user, "coordinator_appointed", f"You now coordinate {program.name}",
                        program=program, inviter=actor, link=console)
        audit.record(actor, "coordinator.appoint", f"user {user.id}", program=program)
    return user


def remove_coordinator(actor, program, user_id):
    """Stop someone coordinating; a program always keeps at least one coordinator."""
    with db.atomic():
        Program.lock(program.id)  # two removals at once must not leave the program with none
        coordinators = list(Coordinator.select().where(Coordinator.program == program))
        leaving = next((c for c in coordinators if c.user_id == user_id), None)
        if leaving is None:
            raise DomainError("That person does not coordinate this program.")
        if len(coordinators) == 1:
            raise DomainError("A program needs at least one coordinator. Appoint someone else first.")
        leaving.delete_instance()
        audit.record(actor, "coordinator.remove", f"user {user_id}", program=program)


def delete_program(actor, program, typed_name):
    """Delete a draft or closed program and everything in it (applications, pairs, conversations, files, library),
    once its name is typed; what lies outside the database goes after the deletion commits (a failed one keeps it)."""
    if program.state not in (Program.DRAFT, Program.CLOSED):
        raise DomainError("Only a draft or a closed program can be deleted: close it first in its settings.")
    if typed_name.strip() != program.name:
        raise DomainError("Type the program's name exactly as it is written to delete it.", field="name")
    with db.atomic():
        after = [fn(program) for fn in _when_deleting]
        program.delete_instance()
        audit.record(actor, "program.delete", program.name)
    for then in after:
        if then is not None:
            then()


def roles_open_to(program, memberships):
    """The roles someone may still apply for, given their memberships ({role: membership}) here."""
    active = {role for role, m in memberships.items() if m.state not in (Membership.WITHDRAWN, Membership.REJECTED)}
    rejected = {role for role, m in memberships.items() if m.state == Membership.REJECTED}
    if active and not program.allows_both_roles:
        return []
    return [role for role in Membership.ROLES if role not in active | rejected]


def programs_open_to(user):
    """The programs open for applications that `user` may still apply to, by name."""
    mine = {}
    for membership in Membership.select().where(Membership.user == user):
        mine.setdefault(membership.program_id, {})[membership.role] = membership
    return [program for program in Program.public() if roles_open_to(program, mine.get(program.id, {}))]


def start_application(user, program, role):
    """The person's application for `role`, created on their first visit (answers come later); NotFound for a role
    that is none of Membership.ROLES."""
    if role not in Membership.ROLES:
        raise NotFound()
    if not user.is_verified:
        raise DomainError("Please confirm your email address first: follow the link we sent you. "
                          "You can ask for a new link on your dashboard.")
    if not program.accepts_applications:
        raise DomainError("This program is not taking applications at the moment.")
    with db.atomic():
        User.lock(user.id)  # what follows reads the person's applications here before adding one
        memberships = {m.role: m for m in Membership.of(program, user)}
        mine = memberships.get(role)
        if mine is not None and mine.state not in (Membership.WITHDRAWN, Membership.REJECTED):
            return mine
        if role not in roles_open_to(program, memberships):
            if mine is not None and mine.state == Membership.REJECTED:
                raise DomainError(f"Your application as a {role} was not accepted this time.")
            raise DomainError("You already applied with the other role. In this program each person takes one "
                              "role; withdraw that application first if you want to change.")
        if mine is not None:  # withdrawn earlier: start again with the answers kept
            mine.state, mine.submitted_at = Membership.STARTED, None
            mine.save()
            return mine
        membership = Membership.create(program=program, user=user, role=role,
                                       capacity=program.default_capacity if role == Membership.MENTOR else None)
        questionnaires.response_for(questionnaires.questionnaire_of(program, role), user, membership)
    return membership


def response_of(membership):
    return Response.get(Response.membership == membership)


def application_step(sections, number):
    """(title, questions) of step `number` of an application's sections, counted from 1 (NotFound past them)."""
    if not 1 <= number <= len(sections):
        raise NotFound()
    return sections[number - 1]


def save_profile(membership, *, headline, bio, video_link, capacity, consent_sensitive):
    """The short profile others see, the mentor's capacity, and consent to use sensitive answers."""
    if membership.role == Membership.MENTOR:
        maximum = membership.program.max_capacity
        if capacity is None or not 1 <= capacity <= maximum:
            raise DomainError(f"Choose between 1 and {maximum} mentees." if maximum > 1 else
                              "Mentors in this program take 1 mentee: enter 1.", field="capacity")
    else:
        capacity = None
    membership.headline, membership.bio, membership.video_link = headline, bio, video_link
    membership.capacity, membership.consent_sensitive = capacity, consent_sensitive
    with db.atomic():
        membership.save()
        Program.roster_changed(membership.program_id)
    return membership


def submit_application(membership, missing):
    """Send the application to the coordinators, or straight in when the program needs no approval."""
    if missing:
        raise DomainError("Please answer: " + "; ".join(question.label for question in missing) + ".")
    program = membership.program
    with db.atomic():
        membership.state = locked(Membership.select(Membership.state).where(Membership.id == membership.id)).scalar()
        if membership.state != Membership.STARTED:  # sent already (twice at once: the first sends it)
            return membership
        membership.submitted_at = clock.now()
        membership.state = Membership.PENDING if program.requires_approval else Membership.APPROVED
        if membership.state == Membership.APPROVED:
            membership.decided_at = membership.submitted_at
        membership.save()
        Program.roster_changed(program.id)
        link = external_url("programs.show", slug=program.slug)
        if membership.state == Membership.PENDING:
            queue_email(membership.user, "application_received", f"We received your application to {program.name}",
                        preference="program", membership=membership, program=program, link=link)
        else:
            _tell_decision(membership)
    return membership


def withdraw(membership):
    """Take back an application (it can be started again while the program takes applications)."""
    membership.state = Membership.WITHDRAWN
    with db.atomic():
        membership.save(only=[Membership.state])
        Program.roster_changed(membership.program_id)
    return membership


def decide(actor, membership, *, approve, message=""):
    """Approve or reject an application; the applicant is told by email, with the message if any."""
    if membership.state not in (Membership.PENDING, Membership.REJECTED, Membership.APPROVED):
        raise DomainError("Only submitted applications can be approved or rejected.")
    with db.atomic():
        membership.state = Membership.APPROVED if approve else Membership.REJECTED
        membership.decision_message, membership.decided_at = message, clock.now()
        membership.save()
        Program.roster_changed(membership.program_id)
        _tell_decision(membership)
        audit.record(actor, "application.approve" if approve else "application.reject",
                     f"membership {membership.id}", program=membership.program, role=membership.role)
    return membership


def bulk_approve(actor, program, membership_ids):
    """Approve the chosen pending applications at once; returns how many were approved."""
    with db.atomic():
        chosen = list(locked(Membership.select()  # one approval of each, however many are sent at once
                             .where(Membership.program == program, Membership.id.in_(membership_ids),
                                    Membership.state == Membership.PENDING)
                             .order_by(Membership.id)))
        for membership in chosen:
            membership.state, membership.decided_at = Membership.APPROVED, clock.now()
            membership.save(only=[Membership.state, Membership.decided_at])
            _tell_decision(membership)
        Program.roster_changed(program.id)
        audit.record(actor, "application.bulk_approve", f"{len(chosen)} applications", program=program,
                     memberships=[m.id for m in chosen])
    return len(chosen)


def _tell_decision(membership):
    program = membership.program
    approved = membership.state == Membership.APPROVED
    queue_email(membership.user, "application_approved" if approved else "application_rejected",
                f"Welcome to {program.name}" if approved else f"Your application to {program.name}",
                preference="program", membership=membership, program=program,
                link=external_url("home.index"))


@privacy.exporter("programs")
def _export_programs(user):
    return [{"program": m.program.name, "role": m.role, "state": m.state, "headline": m.headline, "bio": m.bio,
             "video_link": m.video_link, "capacity": m.capacity, "consent_to_sensitive_matching": m.consent_sensitive,
             "answers": questionnaires.export_answers(m)}
            for m in Membership.select().where(Membership.user == user)]
