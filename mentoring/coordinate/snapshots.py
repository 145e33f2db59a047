"""Figures computed from a whole program, kept per worker until the program's activity changes or the hour turns."""
import threading
from collections import OrderedDict


class Snapshots:
    """`compute(program, hour)` is run again only when the program's activity version or the hour differs."""

    def __init__(self, compute, size=32):
        self._compute = compute
        self._size = size
        self._kept = OrderedDict()
        self._lock = threading.Lock()

    def get(self, program, now):
        hour = now.replace(minute=0, second=0, microsecond=0)
        key = (program.created_at, program.activity_version, hour)  # created_at: another database's program 1
        kept = self._kept.get(program.id)
        if kept is not None and kept[0] == key:
            return kept[1]
        value = self._compute(program, hour)
        with self._lock:
            self._kept[program.id] = (key, value)
            self._kept.move_to_end(program.id)
            while len(self._kept) > self._size:
                self._kept.popitem(last=False)
        return value
