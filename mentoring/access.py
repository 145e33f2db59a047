"""Who may see which program: every URL that names a program asks here, and strangers get 404."""
from flask import abort, current_app
from flask_login import current_user

from mentoring.models import Coordinator, Membership, Program


def is_coordinator(program, user):
    """Site admins and the program's coordinators run it."""
    if not user.is_authenticated:
        return False
    return user.is_admin or Coordinator.of.first(program.id, user.id) is not None


def managed_program(slug):
    """The program named by `slug` when the current user runs it; 404 for anyone else logged in."""
    if not current_user.is_authenticated:
        abort(current_app.login_manager.unauthorized())
    if current_user.is_admin:
        return Program.by_slug.first(slug) or abort(404)
    return Program.run_by.first(slug, current_user.id) or abort(404)


def visible_program(slug):
    """The program when it is open to the public, or the current user takes part in or runs it."""
    program = Program.by_slug.first(slug) or abort(404)
    if program.is_public or is_coordinator(program, current_user):
        return program
    if current_user.is_authenticated and Membership.mine.first(program.id, current_user.id):
        return program
    abort(404)
