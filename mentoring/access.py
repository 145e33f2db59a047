"""Who may see which program and which place in it: every URL that names a program (or a membership of it) asks
here, and strangers get 404 (NotFound)."""
from flask import abort, current_app
from flask_login import current_user

from mentoring.errors import NotFound
from mentoring.models import Coordinator, Membership, Program


def is_coordinator(program, user):
    """Site admins and the program's coordinators run it."""
    if not user.is_authenticated:
        return False
    return user.is_admin or Coordinator.of.first(program.id, user.id) is not None


def managed_program(slug):
    """The program named by `slug` when the current user runs it; 404 for anyone else logged in."""
    user = current_user._get_current_object()  # one look through Flask-Login's proxy, not three
    if not user.is_authenticated:
        abort(current_app.login_manager.unauthorized())
    if user.is_admin:
        return _found(Program.by_slug.first(slug))
    return _found(Program.run_by.first(slug, user.id))


def visible_program(slug):
    """The program when it is open to the public, or the current user takes part in or runs it."""
    program = _found(Program.by_slug.first(slug))
    if program.is_public or is_coordinator(program, current_user):
        return program
    if current_user.is_authenticated and Membership.mine.first(program.id, current_user.id):
        return program
    raise NotFound()


def member_program(slug):
    """The program when the current user holds a membership of it, whatever its state."""
    program = visible_program(slug)
    _found(Membership.mine.first(program.id, current_user.id))
    return program


def own_membership(slug, role, ended=(Membership.WITHDRAWN,)):
    """The current user's membership as `role` in the program named by `slug`, with its program, unless its state is
    one of `ended` (an unknown role has none). One query: whoever holds a membership of a program may see it."""
    return _found(next((m for m in Membership.mine_by_slug(slug, current_user.id)
                        if m.role == role and m.state not in ended), None))


def applicant(program, membership_id):
    """A membership of the program the current user runs (`managed_program`), with its person's account."""
    return _found(Membership.people_of(program).where(Membership.id == membership_id).first())


def _found(thing):
    """`thing`, or NotFound when there is none."""
    if thing is None:
        raise NotFound()
    return thing
