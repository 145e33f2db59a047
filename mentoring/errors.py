"""Errors a service raises for a person to read; views show them on the form they came from."""
import math


class DomainError(Exception):
    """A change that cannot be made, with a message for the person, the field it concerns, and a link (address,
    words) to where the person can set it right."""

    def __init__(self, message, field=None, link=None):
        super().__init__(message)
        self.message = message
        self.field = field
        self.link = link


class RateLimited(DomainError):
    """Too many attempts in a short time."""

    def __init__(self, retry_after):
        minutes = max(1, math.ceil(retry_after.total_seconds() / 60))
        unit = "minute" if minutes == 1 else "minutes"
        super().__init__(f"Too many attempts. Please wait {minutes} {unit} and try again.")
        self.retry_after = retry_after


class NotFound(Exception):
    """The object does not exist or the person may not see it: every page answers it with 404 (site.py), so no
    view translates it and no form shows it."""
