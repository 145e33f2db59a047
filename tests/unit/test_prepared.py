"""db.Prepared: the peewee internals it relies on, and tables of what it promises (run under DATABASE_URL too)."""
from datetime import UTC, datetime, timedelta, timezone
from functools import partial

import pytest

from mentoring import clock
from mentoring.coordinate import listing
from mentoring.db import Prepared
from mentoring.matching import requests, suggestions
from mentoring.meetings import feeds
from mentoring.models import (
    AgendaItem,
    Coordinator,
    Goal,
    Meeting,
    Membership,
    Milestone,
    Pair,
    Program,
    ProgramChange,
    Question,
    Rsvp,
    SignIn,
    User,
)
from test_queries import counting_queries

MOMENT = datetime(2026, 3, 4, 5, 6, 7, tzinfo=UTC)


def _compiled(prepared, params):
    """(SQL, values) as Prepared sends them for `params`."""
    compiled, values = prepared._compile(params)
    return compiled.sql, values


def _padded(params, lists):
    """`params` with each list parameter padded as Prepared pads it (by repeating its last value)."""
    padded = []
    for index, value in enumerate(params):
        if index in lists and value:
            size = 1 << (len(value) - 1).bit_length()
            value = list(value) + [value[-1]] * (size - len(value))
        padded.append(value)
    return padded


EVERY_PREPARED_QUERY = [
    ("SignIn.with_user", lambda: SignIn.with_user, (3, "digest")),
    ("Program.by_slug", lambda: Program.by_slug, ("a-program",)),
    ("Program.run_by", lambda: Program.run_by, ("a-program", 3)),
    ("ProgramChange.latest", lambda: ProgramChange.latest, (3,)),
    ("Coordinator.of", lambda: Coordinator.of, (3, 4)),
    ("Membership.mine", lambda: Membership.mine, (3, 4)),
    ("Membership.mine_by_slug", lambda: Membership.mine_by_slug, ("a-program", 4)),
    ("Question.rules_of", lambda: Question.rules_of, (3,)),
    ("Pair.by_id_with_people", lambda: Pair.by_id_with_people, (3,)),
    ("Pair.as_shown", lambda: Pair.as_shown, (3,)),
    ("Goal.of_pair", lambda: Goal.of_pair, (3,)),
    ("Milestone.of_pair", lambda: Milestone.of_pair, (3,)),
    ("Meeting.by_id", lambda: Meeting.by_id, (3,)),
    ("Meeting.of_pair", lambda: Meeting.of_pair, (3,)),
    ("Rsvp.of_meetings", lambda: Rsvp.of_meetings, ([3, 4, 5],)),
    ("AgendaItem.of_meeting", lambda: AgendaItem.of_meeting, (3,)),
    ("requests holding pair", lambda: requests._HOLDING, (3,)),
    ("suggestions standing", lambda: suggestions._STANDING, (3, 4, 5)),
    ("suggestions cards of free mentors", lambda: suggestions._FREE_CARDS, ([3, 4, 5, 6, 7],)),
    ("meetings upcoming", lambda: feeds._UPCOMING, (3, MOMENT, 15)),
    ("applicant counts", lambda: listing._counts, (3,)),
    ("applicant page, every filter", lambda: Prepared(partial(listing._applicant_query, (True, True, True, True))),
     (3, Membership.MENTEE, Membership.PENDING, "%a%", "%a%", 50)),
    ("applicant page, no filter", lambda: Prepared(partial(listing._applicant_query, (False, False, False, False))),
     (3,)),
]


@pytest.mark.parametrize("name, prepared, params", EVERY_PREPARED_QUERY, ids=[row[0] for row in EVERY_PREPARED_QUERY])
def test_placeholders_land_where_peewee_puts_the_values(app, name, prepared, params):
    """Compiled once with placeholders, each query sends what peewee itself writes for the same values: same SQL,
    the values in the same places, constants kept, each value converted as its field says."""
    prepared = prepared()
    with app.app_context():
        sql, values = _compiled(prepared, params)
        expected_sql, expected_values = prepared.build(*_padded(params, prepared._lists)).sql()
    assert sql == expected_sql
    assert values == list(expected_values)


@pytest.fixture
def pair(app, make_pair):
    made = make_pair()
    with app.app_context():
        yield made


def _instance_state(instance):
    return instance.__data__, instance._dirty, set(instance.__rel__)


def test_instances_are_made_as_peewee_makes_them(pair, monkeypatch):
    """A pair with its people and program, as Prepared makes it and as peewee's own query does: the same data,
    nothing dirty, the same related objects, reachable without a query; saving it unchanged writes nothing."""
    query, mentee, mentor = Pair.with_people()
    theirs = query.select_extend(Program).switch(Pair).join(Program).where(Pair.id == pair.id).get()
    ours = Pair.by_id_with_people.first(pair.id)
    with counting_queries() as statements:
        for path in ("", "mentee", "mentor", "mentee.user", "mentor.user", "program"):
            mine, peewees = ours, theirs
            for name in filter(None, path.split(".")):
                mine, peewees = getattr(mine, name), getattr(peewees, name)
            assert type(mine) is type(peewees)
            assert _instance_state(mine) == _instance_state(peewees), path
        assert ours.mentee.user.name == theirs.mentee.user.name
    assert statements == []
    monkeypatch.setattr(Pair._meta, "only_save_dirty", True)
    with counting_queries() as statements:
        assert ours.save() is False
    assert statements == []


def test_one_model_instances_are_made_as_peewee_makes_them(pair):
    """A query of one model's columns: the same data as peewee's, nothing dirty."""
    theirs = Membership.select().where(Membership.id == pair.mentee_id).get()
    mine = Membership.mine.first(pair.program_id, pair.mentee.user_id)
    assert _instance_state(mine) == _instance_state(theirs)
    assert not mine.is_dirty()


def test_constants_stay_inside_the_query(pair):
    """The build function takes only the real parameters; Pair.HOLDING stays in the query."""
    assert requests._HOLDING.first(pair.mentee_id).id == pair.id
    Pair.update(state=Pair.ENDED).where(Pair.id == pair.id).execute()
    assert requests._HOLDING.first(pair.mentee_id) is None


@pytest.mark.parametrize("size", [0, 1, 2, 3, 5, 9, 17])
def test_in_lists_of_any_length(app, make_user, size):
    """A list parameter of any length finds exactly its rows; it is compiled once per power of two."""
    users = [make_user() for _ in range(size + 2)]
    by_ids = Prepared(lambda ids: User.select(User.id).where(User.id.in_(ids)).order_by(User.id), lists=["ids"])
    with app.app_context():
        wanted = [user.id for user in users[:size]]
        assert [row[0] for row in by_ids.rows(wanted)] == wanted
        assert [user.id for user in by_ids(list(reversed(wanted)))] == wanted
        compiled, values = by_ids._compile([wanted])
        assert len(values) == (1 << (size - 1).bit_length() if size else 0)
        assert -1 not in values and set(values) == set(wanted)


def test_rows_give_the_fields_types_on_every_database(pair):
    """rows() converts as the fields say: aware UTC moments, booleans, numbers, text; an expression (COUNT) comes
    as the driver gives it, an int on both."""
    Membership.update(submitted_at=MOMENT, consent_sensitive=True, capacity=3).where(
        Membership.id == pair.mentee_id).execute()
    query = Prepared(lambda membership_id: Membership.select(
        Membership.submitted_at, Membership.consent_sensitive, Membership.capacity, Membership.role, Membership.user,
        Membership.decided_at).where(Membership.id == membership_id))
    (submitted_at, consent, capacity, role, user_id, decided_at), = query.rows(pair.mentee_id)
    assert submitted_at == MOMENT and submitted_at.tzinfo == UTC
    assert consent is True
    assert type(capacity) is int and capacity == 3
    assert role == Membership.MENTEE
    assert type(user_id) is int and user_id == pair.mentee.user_id
    assert decided_at is None
    counts = sorted(listing._counts.rows(pair.program_id))
    assert counts == [(Membership.MENTEE, Membership.APPROVED, 1), (Membership.MENTOR, Membership.APPROVED, 1)]


def test_parameters_are_converted_as_their_field_says(pair, make_session):
    """An aware moment given to a query is compared as the field stores it (naive UTC), as peewee would."""
    make_session(pair, timedelta(days=1))
    user = pair.mentee.user
    berlin = clock.now().astimezone(timezone(timedelta(hours=1)))
    assert len(feeds._UPCOMING(user.id, berlin, 5)) == 1
    assert feeds._UPCOMING(user.id, berlin + timedelta(days=2), 5) == []


def test_writes_give_the_new_id_or_the_rows_changed_as_peewee_would_on_every_database(pair):
    from mentoring.models import ConversationRead, Message, Submission
    user = pair.mentee.user
    message_id = Message.new.inserted(pair, user.id, "Hello", MOMENT, None, "", None)  # a model, an id, a moment
    stored = Message.get_by_id(message_id)
    assert (stored.pair_id, stored.sender_id, stored.text, stored.sent_at) == (pair.id, user.id, "Hello", MOMENT)
    assert [ConversationRead.read_up_to(pair.id, user.id, last) for last in (5, 5, 3, 9)] == [True, False, False, True]
    assert ConversationRead.get(pair=pair, user=user).last_read == 9
    first = Submission.first("k" * 24, user.id)
    assert Submission.get_by_id(first).created_at == clock.now()
    Submission.settle(first, "/pairs/1")
    assert Submission.get_by_id(first).outcome == "/pairs/1"


def test_a_prepared_insert_must_be_given_what_would_be_computed_for_each_row(app):
    from mentoring.models import Submission
    with pytest.raises(ValueError, match="created_at"):
        Prepared(lambda key: Submission.insert(key=key))._compile(("k",))
