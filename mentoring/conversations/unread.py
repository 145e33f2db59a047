"""What the top menu says of a person's unread messages, on every page they see: one indexed query."""
from typing import NamedTuple

from mentoring.models.conversations import unread_per_pair


class Unread(NamedTuple):
    """How many of the partners' messages wait unread in the person's pairs that have not ended, and the pair when
    they all wait in one conversation (else None)."""

    count: int
    pair_id: int | None


NONE = Unread(0, None)


def unread_for(user):
    """What waits unread for `user` (nothing for a visitor)."""
    if not user.is_authenticated:
        return NONE
    rows = unread_per_pair.rows(user.id)
    if not rows:
        return NONE
    return Unread(sum(count for _, count in rows), rows[0][0] if len(rows) == 1 else None)
