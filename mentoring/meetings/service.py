"""The names the pairs and home views and the task queue still import from here, while their owners move them to
scheduling, rsvps and feeds (the modules that hold them); remove this module once nothing imports it."""
from mentoring.meetings.rsvps import answers_to
from mentoring.meetings.feeds import upcoming_for
from mentoring.meetings.scheduling import send_reminders, sessions_of

__all__ = ["answers_to", "sessions_of", "send_reminders", "upcoming_for"]
