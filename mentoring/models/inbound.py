"""Mail that comes back: every message, kept as it arrived before anything is done with it."""
import peewee as pw

from mentoring import clock
from mentoring.models.auth import User
from mentoring.models.base import BaseModel, UTCDateTimeField


class InboundMessage(BaseModel):
    """A message the app's mailbox received, stored first (nothing is lost when acting on it fails) and named by its
    Message-ID (or its digest), so the same message read twice is acted on once."""

    ACTED, KEPT = "acted", "kept"  # what came of it: done as it asked, or kept for the admin to read

    fingerprint = pw.CharField(max_length=250, unique=True)
    raw = pw.BlobField()
    sender = pw.CharField(max_length=254, default="")
    subject = pw.CharField(max_length=300, default="")
    kind = pw.CharField(max_length=12, default="")
    outcome = pw.CharField(max_length=8, default="")
    note = pw.TextField(default="")
    user = pw.ForeignKeyField(User, null=True, backref="+", on_delete="SET NULL")  # the person its token names
    received_at = UTCDateTimeField(default=clock.now)
    processed_at = UTCDateTimeField(null=True)
