"""When a person deletes their account, their partners keep their pairs (the conversation, the files they shared
themselves): each membership of the person's that is in a pair passes to a former member, a stand-in who has left the
program, can never log in and is never emailed; the pairs still going end."""
from mentoring import privacy
from mentoring.auth.service import former_member
from mentoring.matching.requests import close_all_of
from mentoring.models import Membership, MentorRequest, Pair, Program
from mentoring.pairs.service import end

LEFT = "The account was deleted."  # the end's reason, as the coordinators read it


@privacy.eraser
def leave_pairs_to_a_former_member(user):
    """End the person's pairs that still go on (their partners are told) and hand the memberships they are in to a
    former member, without the person's profile or the texts of their requests."""
    stand_in = None
    for membership in Membership.select().where(Membership.user == user):
        pairs = list(Pair.select().where((Pair.mentee == membership.id) | (Pair.mentor == membership.id)))
        if not pairs:
            continue  # goes with the account
        for pair in pairs:
            if pair.state in Pair.HOLDING:
                end(pair.id, user, LEFT)
        close_all_of(membership)
        (MentorRequest.update(message="", decline_note="", welcome_message="")
         .where((MentorRequest.mentee == membership.id) | (MentorRequest.mentor == membership.id))
         .execute())
        stand_in = stand_in or former_member(user)
        (Membership.update(user=stand_in, state=Membership.WITHDRAWN, headline="", bio="", video_link="",
                           decision_message="")
         .where(Membership.id == membership.id)
         .execute())
        Program.roster_changed(membership.program_id)
