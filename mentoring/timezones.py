"""The IANA time zones a person can pick or name by a city, with their current UTC offsets (pure)."""
import unicodedata
from datetime import UTC, datetime
from functools import lru_cache
from importlib.resources import files
from zoneinfo import ZoneInfo, available_timezones

from mentoring.words import listing

LISTED = 8  # the most zones a message names when a place could be several


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


class ZoneNotFound(ValueError):
    """Typed words that name no time zone, or several; the message, for the person who typed them, says which."""


def _folded(text):
    """A place name as compared: no accents, no letter case, spaces for underscores."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(plain.replace("_", " ").casefold().split())


@lru_cache(maxsize=1)
def _places():
    """Each listed zone with the folded names of its places: ("America/Argentina/Salta", ("argentina", "salta"))."""
    return tuple((zone, tuple(_folded(part) for part in zone.split("/")[1:])) for zone in _zones() if "/" in zone)


def find(text):
    """The zone a person means: a zone's name in any letter case ("europe/berlin"), or a city or region that names
    one zone ("berlin", "new york", "São Paulo"); raises ZoneNotFound for none or several."""
    zone = canonical(text)
    if zone is not None:
        return zone
    typed = (text or "").strip()
    place = _folded(typed.partition(",")[0].rpartition("/")[2])
    if not place:
        raise ZoneNotFound("Choose your time zone.")
    cities = [zone for zone, parts in _places() if parts[-1] == place]
    if not cities:
        cities = [zone for zone, parts in _places() if place in parts or parts[-1].startswith(place)]
    if len(cities) == 1:
        return cities[0]
    if not cities:
        raise ZoneNotFound(f"“{typed}” is not a time zone we know. Type a large city in your time zone, "
                           "e.g. Berlin or New York, or choose one from the list.")
    more = len(cities) - LISTED
    named = cities[:LISTED] + ([f"{more} more"] if more > 0 else [])
    raise ZoneNotFound(f"“{typed}” could be {len(cities)} time zones: {listing(named, 'or')}. "
                       "Type or choose the one you mean.")


def offset_label(name, moment):
    """'UTC+05:30' for the zone's offset at `moment`."""
    minutes = int(moment.astimezone(ZoneInfo(name)).utcoffset().total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


@lru_cache(maxsize=2)
def choices_on(day):
    """(zone, 'Europe/Paris (UTC+01:00)') for every zone, offsets as on `day`."""
    noon = datetime(day.year, day.month, day.day, 12, tzinfo=UTC)
    return tuple((name, f"{name.replace('_', ' ')} ({offset_label(name, noon)})") for name in _zones())
