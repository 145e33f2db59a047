"""The IANA time zones a person can pick, with their current UTC offsets (pure)."""
from datetime import datetime, timezone
from functools import lru_cache
from importlib.resources import files
from zoneinfo import ZoneInfo, available_timezones


@lru_cache(maxsize=1)
def _zones():
    """The canonical zones of the tz database's zone.tab (one name per place, no aliases), plus UTC."""
    table = files("tzdata.zoneinfo").joinpath("zone.tab").read_text(encoding="utf-8")
    names = {line.split("\t")[2] for line in table.splitlines() if line and not line.startswith("#")}
    return tuple(sorted(names | {"UTC"}))


@lru_cache(maxsize=1)
def _by_folded_name():
    return {name.casefold(): name for name in available_timezones()}


def canonical(name):
    """The zone's proper spelling for any letter case, or None for a name that is not a zone."""
    return _by_folded_name().get((name or "").strip().casefold())


def offset_label(name, moment):
    """'UTC+05:30' for the zone's offset at `moment`."""
    minutes = int(moment.astimezone(ZoneInfo(name)).utcoffset().total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


@lru_cache(maxsize=2)
def choices_on(day):
    """(zone, 'Europe/Paris (UTC+01:00)') for every zone, offsets as on `day`."""
    noon = datetime(day.year, day.month, day.day, 12, tzinfo=timezone.utc)
    return tuple((name, f"{name.replace('_', ' ')} ({offset_label(name, noon)})") for name in _zones())
