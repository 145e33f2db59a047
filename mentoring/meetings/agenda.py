"""A session's agenda (added to by both, reordered, ticked off, carried over) and its notes."""
from datetime import timedelta

import peewee as pw

from mentoring import clock
from mentoring.db import db
from mentoring.errors import DomainError, NotFound
from mentoring.models import AgendaItem, Meeting, PrivateNote


def items_of(meeting):
    """A session's agenda in its order."""
    return AgendaItem.of_meeting(meeting.id)


def add_item(meeting, user, text):
    """Put an item at the end of a session's agenda."""
    if meeting.cancelled:
        raise DomainError("This session is cancelled.", field="text")
    with db.atomic():
        Meeting.lock(meeting.id)  # two items added at once take two places
        last = AgendaItem.select(pw.fn.MAX(AgendaItem.position)).where(AgendaItem.meeting == meeting).scalar()
        return AgendaItem.create(meeting=meeting, text=text, position=(last or 0) + 1, added_by=user)


def _item(meeting, item_id):
    item = AgendaItem.get_or_none(AgendaItem.id == item_id, AgendaItem.meeting == meeting)
    if item is None:
        raise NotFound()
    return item


def set_done(meeting, item_id, done):
    """Tick an item off (or back on)."""
    item = _item(meeting, item_id)
    item.done = done
    item.save(only=[AgendaItem.done])
    return item


def remove_item(meeting, item_id):
    """Take an item off the agenda (returned, for the message that says which)."""
    item = _item(meeting, item_id)
    item.delete_instance()
    return item


def move_item(meeting, item_id, direction):
    """Swap an item with the one before it (direction -1) or after it (+1)."""
    with db.atomic():
        Meeting.lock(meeting.id)  # two moves at once swap with the places the other left
        item = _item(meeting, item_id)
        siblings = AgendaItem.select().where(AgendaItem.meeting == meeting)
        neighbour = (siblings.where(AgendaItem.position < item.position).order_by(AgendaItem.position.desc())
                     if direction < 0 else
                     siblings.where(AgendaItem.position > item.position).order_by(AgendaItem.position)).first()
        if neighbour is not None:
            item.position, neighbour.position = neighbour.position, item.position
            item.save(only=[AgendaItem.position])
            neighbour.save(only=[AgendaItem.position])
    return item


def save_shared_notes(meeting, text):
    meeting.shared_notes = text
    meeting.save(only=[Meeting.shared_notes])


def private_note(meeting, user):
    """The note `user` keeps about this session for themselves ("" when none)."""
    rows = PrivateNote.text_of.rows(meeting.id, user.id)
    return rows[0][0] if rows else ""


def save_private_note(meeting, user, text):
    now = clock.now()
    (PrivateNote.insert(meeting=meeting, user=user, text=text, updated_at=now)
     .on_conflict(conflict_target=[PrivateNote.meeting, PrivateNote.user],
                  update={PrivateNote.text: text, PrivateNote.updated_at: now})
     .execute())


def carry_over_into(pair, meeting):
    """Copy the unfinished items of the pair's last ended session into `meeting` (once per session)."""
    previous = (Meeting.select().where(Meeting.pair == pair, ~Meeting.cancelled,
                                       Meeting.starts_at < meeting.starts_at, Meeting.id != meeting.id)
                .order_by(Meeting.starts_at.desc()).first())
    if previous is None or previous.carried_over_at is not None or previous.ends_at > clock.now():
        return 0
    claimed = (Meeting.update(carried_over_at=clock.now())  # once, however many sessions are scheduled at once
               .where(Meeting.id == previous.id, Meeting.carried_over_at.is_null())
               .execute())
    if not claimed:
        return 0
    position = AgendaItem.select(pw.fn.MAX(AgendaItem.position)).where(AgendaItem.meeting == meeting).scalar() or 0
    open_items = [item for item in items_of(previous) if not item.done]
    for offset, item in enumerate(open_items, 1):
        AgendaItem.create(meeting=meeting, text=item.text, position=position + offset, added_by=item.added_by_id)
    return len(open_items)


def carry_over_due(now=None):
    """For every pair session that has ended, move its unfinished items to the pair's next session."""
    now = now or clock.now()
    moved = 0
    with db.atomic():
        ended = (Meeting.select().where(Meeting.pair.is_null(False), ~Meeting.cancelled,
                                        Meeting.carried_over_at.is_null(),
                                        Meeting.starts_at < now, Meeting.starts_at > now - timedelta(days=60)))
        for meeting in ended:
            if meeting.ends_at > now:
                continue
            following = (Meeting.select().where(Meeting.pair == meeting.pair_id, ~Meeting.cancelled,
                                                Meeting.starts_at > meeting.starts_at)
                         .order_by(Meeting.starts_at).first())
            if following is not None:
                moved += carry_over_into(meeting.pair, following)
    return moved
