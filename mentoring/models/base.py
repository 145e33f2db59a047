"""The base of every model: its database, its UTC moments and JSON documents, and row locks."""
import hashlib
import json
from datetime import UTC, datetime

import peewee as pw

from mentoring import clock
from mentoring.db import db, is_postgres


class UTCDateTimeField(pw.DateTimeField):
    """A moment stored as naive UTC and read back as an aware UTC datetime."""

    def db_value(self, value):
        if value is not None and value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return super().db_value(value)

    def python_value(self, value):
        if isinstance(value, str):  # SQLite's text: read as UTC at once (replace(tzinfo=) costs four times more)
            try:
                return datetime.fromisoformat(value + "+00:00")
            except ValueError:  # (a text that names its own offset)
                value = datetime.fromisoformat(value)
        if value is not None:
            value = value.replace(tzinfo=UTC)
        return value


class JSONField(pw.TextField):
    """A JSON document kept as text, the same on SQLite and PostgreSQL."""

    def db_value(self, value):
        return None if value is None else json.dumps(value, sort_keys=True)

    def python_value(self, value):
        return None if value is None else json.loads(value)


class BaseModel(pw.Model):
    class Meta:
        database = db
        legacy_table_names = False

    @classmethod
    def lock(cls, *ids):
        """Hold the rows with these ids until the transaction ends, before reading what a change counts on: FOR UPDATE
        on PostgreSQL, taken in id order so two transactions locking several rows never wait on each other (SQLite's
        IMMEDIATE transactions already hold the whole database)."""
        if ids and is_postgres():
            list(cls.select(cls.id).where(cls.id.in_(sorted(set(ids)))).order_by(cls.id).for_update())


def digest(secret):
    """The SHA-256 of a secret handed out (an emailed link's token, a log-in's cookie secret): only this is kept."""
    return hashlib.sha256(secret.encode("utf-8", "replace")).hexdigest()


class StoredFile(BaseModel):
    """What every kept file has (a pair's, a library resource's, a board post's): the name it was given, its size,
    its real type and the key its bytes are kept under in the site's store."""

    name = pw.CharField(max_length=255)
    size = pw.BigIntegerField()
    content_type = pw.CharField(max_length=100)
    key = pw.CharField(max_length=32, unique=True)
    created_at = UTCDateTimeField(default=clock.now)
