"""The audit log: one line for every change a coordinator or site admin makes."""
from mentoring import privacy
from mentoring.models import AuditLog


def record(actor, action, target="", program=None, **detail):
    """Write who did `action` to `target` (in `program`, when it concerns one), with any detail worth keeping."""
    return AuditLog.create(actor=actor, program=program, action=action, target=str(target)[:200], detail=detail)


@privacy.exporter("actions_you_took")
def _export_actions(user):
    return [{"action": entry.action, "target": entry.target, "detail": entry.detail,
             "at": entry.created_at.isoformat()}
            for entry in AuditLog.select().where(AuditLog.actor == user).order_by(AuditLog.id)]
