"""A coordinator reads an applicant's answers: free time in the applicant's own zone, in the reader's, and shared."""
import re
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from mentoring import clock
from mentoring.questionnaires import engine
from support.client import text

EVERY_BLOCK = [f"{day}-{block}" for day in engine.DAYS for block in engine.BLOCKS]


def test_the_applicants_free_time_is_shown_in_their_zone_and_yours(client, make_user, log_in, make_program, join):
    coordinator = make_user(name="Cora", timezone="Europe/Berlin")
    program = make_program(coordinators=[coordinator])
    applicant = join(make_user(name="Nora", timezone="America/New_York"), program, "mentee",
                     answers={"availability": EVERY_BLOCK})
    log_in(coordinator)
    page = re.sub(r"\s+", " ", text(client.get(f"/programs/{program.slug}/applicants/{applicant.id}")))
    theirs = re.search(r"<p>([^<]*) <span class=\"muted\">\(their time, America/New_York\)</span></p>", page)
    assert theirs and theirs.group(1).split(", ") == [f"{engine.DAY_NAMES[day][:3]} {block}"
                                                     for day, _, block in (b.partition("-") for b in EVERY_BLOCK)]
    monday = datetime.combine(clock.now().date() - timedelta(days=clock.now().weekday()), time(12), UTC)
    while len({(monday + timedelta(days=day)).astimezone(ZoneInfo(zone)).utcoffset()  # a week without clock changes
               for day in (-1, 7) for zone in ("Europe/Berlin", "America/New_York")}) > 2:
        monday += timedelta(days=7)
    ahead = (monday.astimezone(ZoneInfo("Europe/Berlin")).utcoffset()
             - monday.astimezone(ZoneInfo("America/New_York")).utcoffset()) // timedelta(hours=1)
    first, last = 8 + ahead, 21 + ahead - 24  # Monday's 8:00 to 21:00 in New York, in Berlin
    assert f"In your time (Europe/Berlin): Mon {first:02d}:00–Tue {last:02d}:00, Tue {first:02d}:00–" in page
    assert "Free when you are" not in page  # the coordinator gave no free time of their own


def test_the_hours_an_applicant_shares_with_the_reader(client, make_user, log_in, make_program, join):
    coordinator = make_user(name="Cora", timezone="Europe/Berlin")
    program = make_program(coordinators=[coordinator])
    join(coordinator, program, "mentor", answers={"availability": ["mon-evening", "sat-morning"]})
    applicant = join(make_user(name="Nora", timezone="America/New_York"), program, "mentee",
                     answers={"availability": ["mon-morning", "mon-afternoon", "sun-evening"]})
    log_in(coordinator)
    page = text(client.get(f"/programs/{program.slug}/applicants/{applicant.id}"))
    assert "Mon morning, Mon afternoon, Sun evening" in page
    assert "Free when you are: Mon 17:00–21:00 (your time)" in page
