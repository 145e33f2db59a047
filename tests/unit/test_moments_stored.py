"""A moment is stored as naive UTC and read back as an aware UTC datetime, whatever the database hands over: SQLite's
text (with or without fractions of a second, or naming its own offset) or PostgreSQL's datetime."""
from datetime import UTC, datetime, timedelta, timezone

import pytest

from mentoring.models.base import UTCDateTimeField

FIELD = UTCDateTimeField()


@pytest.mark.parametrize("stored, read", [
    ("2027-03-28 00:59:00", datetime(2027, 3, 28, 0, 59, tzinfo=UTC)),
    ("2027-03-28 00:59:00.250000", datetime(2027, 3, 28, 0, 59, 0, 250000, tzinfo=UTC)),
    ("2027-03-28T00:59:00", datetime(2027, 3, 28, 0, 59, tzinfo=UTC)),
    ("2027-03-28 00:59:00+00:00", datetime(2027, 3, 28, 0, 59, tzinfo=UTC)),
    (datetime(2027, 3, 28, 0, 59), datetime(2027, 3, 28, 0, 59, tzinfo=UTC)),
    (None, None),
])
def test_a_stored_moment_is_read_as_utc(stored, read):
    value = FIELD.python_value(stored)
    assert value == read and (value is None or value.utcoffset() == timedelta(0))


@pytest.mark.parametrize("moment", [datetime(2027, 3, 28, 2, 59, tzinfo=timezone(timedelta(hours=2))),
                                    datetime(2027, 3, 28, 0, 59, tzinfo=UTC)])
def test_a_moment_is_stored_as_naive_utc_and_reads_back_the_same(moment):
    stored = FIELD.db_value(moment)
    assert stored == datetime(2027, 3, 28, 0, 59) and FIELD.python_value(str(stored)) == moment
