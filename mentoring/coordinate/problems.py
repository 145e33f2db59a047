"""Reports of problems, as the coordinators work through them: read, note what was done, pause or end the pair,
deactivate a member. Every step is in the audit log."""
import peewee as pw

from mentoring import audit, clock
from mentoring.db import db, locked
from mentoring.errors import DomainError, NotFound
from mentoring.matching import requests
from mentoring.models import Membership, Pair, ProblemReport, Program, User
from mentoring.pairs import service as pairs


def reports_of(program, state=""):
    """The program's reports, newest first, with who reported them."""
    query = (ProblemReport.select(ProblemReport, User)
             .join(User, pw.JOIN.LEFT_OUTER, on=(ProblemReport.reporter == User.id))
             .where(ProblemReport.program == program.id).order_by(ProblemReport.created_at.desc()))
    return list(query.where(ProblemReport.state == state) if state else query)


def report_in(program, report_id):
    report = ProblemReport.get_or_none(ProblemReport.id == report_id, ProblemReport.program == program.id)
    if report is None:
        raise NotFound()
    return report


def update(coordinator, report, state, note, deactivate_member=False):
    """Move a report along (new → in progress → resolved) with the coordinators' note of what they did, and
    deactivate the member it is about when asked; all of it or nothing."""
    if state not in ProblemReport.STATES:
        raise DomainError("Choose a state.", field="state")
    with db.atomic():
        if deactivate_member and report.about_id:
            deactivate(coordinator, report.program, report.about_id, report=report)
        report.state, report.note, report.updated_at = state, note, clock.now()
        report.save()
        audit.record(coordinator, "report.update", f"report {report.id}", program=report.program_id, state=state)
    return report


def deactivate(coordinator, program, membership_id, report=None):
    """Take a member out of the program: their pairs end, their open requests close, they are no longer
    suggested or matched."""
    with db.atomic():
        membership = locked(Membership.select()
                            .where(Membership.id == membership_id, Membership.program == program.id)).first()
        if membership is None:
            raise NotFound()
        if membership.state == Membership.DEACTIVATED:
            raise DomainError("This member is already deactivated.")
        for pair in Pair.select().where((Pair.mentee == membership.id) | (Pair.mentor == membership.id),
                                        Pair.state.in_(Pair.HOLDING)):
            pairs.end(pair.id, coordinator, "The coordinators deactivated a member of this pair.", kind="deactivated")
        requests.close_all_of(membership)
        membership.state, membership.decided_at = Membership.DEACTIVATED, clock.now()
        membership.save()
        Program.roster_changed(program.id)
        audit.record(coordinator, "member.deactivate", membership.user.name, program=program,
                     report=report.id if report else None)
    return membership
