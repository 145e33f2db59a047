"""Figures gathered from a whole program, kept per worker until the program changes, and what they say at a moment,
kept until the moment they can next say something else."""
import threading
from collections import OrderedDict

from mentoring import db as database
from mentoring.models import ProgramChange


class Snapshots:
    """`gather(program)` runs again only when the program's latest change (noted by the database itself) is another;
    `as_of(figures, now)` gives (what the figures say at `now`, the moment that can first differ), run again from
    that moment on."""

    def __init__(self, gather, as_of, size=32):
        self._gather = gather
        self._as_of = as_of
        self._size = size
        self._kept = OrderedDict()
        self._lock = threading.Lock()

    def get(self, program, now):
        """What the program's figures say at `now`."""
        latest = ProgramChange.latest.rows(program.id)[0][0]  # read before gathering: a later change moves it on
        key = (database.generation, program.id, program.created_at, latest)
        kept = self._kept.get(program.id)
        if kept is None or kept.key != key:
            kept = _Kept(key, self._gather(program))
            with self._lock:
                self._kept[program.id] = kept
                self._kept.move_to_end(program.id)
                while len(self._kept) > self._size:
                    self._kept.popitem(last=False)
        since, until, value = kept.view
        if since is None or not since <= now < until:
            value, until = self._as_of(kept.figures, now)
            kept.view = (now, until, value)
        return value


class _Kept:
    """One program's figures, with the latest view of them: (from, until, value)."""

    def __init__(self, key, figures):
        self.key, self.figures, self.view = key, figures, (None, None, None)
