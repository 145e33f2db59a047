"""Which sessions and events a person may see or change: every URL that names one asks here, and anyone else gets
404 (NotFound)."""
from mentoring.errors import NotFound
from mentoring.meetings.invites import takes_part
from mentoring.meetings.scheduling import in_pair, meeting_for


def session_to_change(pair_id, meeting_id, user):
    """A session of the pair that `user` plans as one of its two people (coordinators see it, and no more)."""
    meeting = meeting_for(meeting_id, user, pair_id=pair_id)
    if not in_pair(meeting, user):
        raise NotFound()
    return meeting


def event_for(program, meeting_id, user):
    """An event of the program (no pair's session) that `user` may see."""
    meeting = meeting_for(meeting_id, user)
    if meeting.pair_id or meeting.program_id != program.id:
        raise NotFound()
    return meeting


def event_to_answer(program, meeting_id, user):
    """An event of the program that `user` is invited to."""
    meeting = event_for(program, meeting_id, user)
    if not takes_part(meeting, user):
        raise NotFound()
    return meeting
