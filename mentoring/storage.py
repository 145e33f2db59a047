"""Where the bytes of shared files live, below every domain (a pair's files, the library's and the board's, profile
photos). A store keeps a stream under a key the platform makes (never a name a person typed): `save`, `open`,
`delete`, `size`, `keys`. Built in: a local folder (FILE_STORAGE="local"), which a shared volume mounted on every
machine also serves; another store (S3-compatible) is a class with these five methods. Here too: taking an upload in
(its real type read from its bytes) and sending a file back, the same for every kind of file."""
import contextlib
import functools
import os
import re
import secrets
import shutil
from pathlib import Path
from typing import NamedTuple
from urllib.parse import quote

from flask import current_app, request, send_file
from markupsafe import Markup, escape
from werkzeug.exceptions import RequestEntityTooLarge

from mentoring.errors import DomainError
from mentoring.sniff import sniff
from mentoring.words import file_size

CHUNK = 64 * 1024
_KEY = re.compile(r"[0-9a-f]{32}")


def new_key():
    """A fresh random key for a file's bytes."""
    return secrets.token_hex(16)


class LocalStorage:
    """Files in a folder, each under its key (in a sub-folder named by the key's first two characters)."""

    def __init__(self, root):
        self.root = Path(root)

    def _path(self, key):
        if not _KEY.fullmatch(key):
            raise ValueError("not a storage key")
        return self.root / key[:2] / key

    def save(self, key, stream):
        """Write `stream` under `key`, chunk by chunk (memory does not grow with its size); returns its size."""
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        part = path.with_suffix(".part")
        with open(part, "wb") as out:
            shutil.copyfileobj(stream, out, CHUNK)
        os.replace(part, path)
        return path.stat().st_size

    def open(self, key):
        """The bytes under `key` for reading (FileNotFoundError when there are none)."""
        return open(self._path(key), "rb")

    def delete(self, key):
        """Remove the bytes under `key` (nothing when there are none)."""
        self._path(key).unlink(missing_ok=True)

    def size(self, key):
        """How many bytes are kept under `key`."""
        return self._path(key).stat().st_size

    def keys(self):
        """Every key bytes are kept under."""
        return [path.name for path in self.root.glob("??/*") if _KEY.fullmatch(path.name)]


_holders = []


def holds_keys(find):
    """Register `find()`, giving the keys a domain's rows point to (its files): bytes no holder names are left over
    from rows deleted with what they belonged to (a pair, a program), and the sweep removes them."""
    _holders.append(find)
    return find


def unreferenced():
    """The keys the store keeps bytes under that no file row points to."""
    kept = set(current().keys())
    for find in _holders:
        kept -= set(find())
    return kept


def remove(keys):
    """Remove the bytes under `keys`; how many."""
    store = current()
    for key in keys:
        store.delete(key)
    return len(keys)


STORES = {"local": lambda config: LocalStorage(config["FILE_STORAGE_PATH"])}


def from_settings(config):
    """The store FILE_STORAGE names (failing at start-up for one that is not built in)."""
    kind = config["FILE_STORAGE"]
    if kind not in STORES:
        raise ValueError(f"FILE_STORAGE={kind!r}: the stores built in are {', '.join(STORES)}")
    return STORES[kind](config)


def current():
    """The running site's store."""
    return current_app.extensions["file_storage"]


FORM_SLACK = 64 * 1024  # what a multipart body carries besides the file: its other fields and boundaries
INLINE = ("application/pdf", "image/png", "image/jpeg", "image/gif", "image/webp")  # shown in the browser


def taking_a_file(view):
    """A view whose request body may carry one file of the site's largest size (set before anything reads it)."""
    @functools.wraps(view)
    def limited(*args, **kwargs):
        request.max_content_length = current_app.config["FILE_MAX_BYTES"] + FORM_SLACK
        return view(*args, **kwargs)
    return limited


class Upload(NamedTuple):
    """A file taken in: its name as given, its size, its type read from its bytes and the key they are kept under."""

    name: str
    size: int
    content_type: str
    key: str


def too_large(max_bytes):
    """What a person is told of a file over the site's limit."""
    return f"That file is too large: a file can be at most {file_size(max_bytes)}. Nothing was uploaded."


@functools.lru_cache(maxsize=64)
def limit_attributes(max_bytes):
    """A form's attributes that let the browser refuse a file over `max_bytes` before anything is sent, so what was
    typed beside it stays (static/js/files.js; without JavaScript the server refuses it)."""
    return Markup(f' data-max-bytes="{int(max_bytes)}" data-too-large="{escape(too_large(max_bytes))}"')


def submitted(form_class, **kwargs):
    """The form (with a `file` field) as sent; one whose body is over the site's limit comes back empty with that said
    on its file (nothing was read)."""
    try:
        return form_class(**kwargs)
    except RequestEntityTooLarge:
        form = form_class(formdata=None, **kwargs)
        form.file.errors = [too_large(current_app.config["FILE_MAX_BYTES"])]
        return form


@contextlib.contextmanager
def taken_in(name, stream, max_bytes):
    """The file `stream` (called `name`) kept in the store chunk by chunk and its type read from its bytes, for the
    block to record; refused when empty or past `max_bytes`; its bytes go again if the block fails."""
    store, key = current(), new_key()
    size = store.save(key, stream)
    try:
        if size == 0:
            raise DomainError(f"“{name}” is empty. Choose a file with something in it.", field="file")
        if size > max_bytes:
            raise DomainError(too_large(max_bytes), field="file")
        with store.open(key) as saved:
            kind = sniff(saved)
        yield Upload(name, size, kind, key)
    except BaseException:
        store.delete(key)
        raise


def sent(stream, name, content_type):
    """The response that downloads a kept file: its real type; attachment unless an image or a PDF (never HTML shown
    inline); the name, as typed, only in the header; never stored by a browser or a proxy."""
    response = send_file(stream, mimetype=content_type, conditional=False, etag=False, max_age=0)
    plain = name.encode("ascii", "replace").decode().replace('"', "_").replace("\\", "_")
    response.headers["Content-Disposition"] = (f'{"inline" if content_type in INLINE else "attachment"}; '
                                               f"filename=\"{plain}\"; filename*=UTF-8''{quote(name, safe='')}")
    response.headers["Cache-Control"] = "no-store"  # as every page a member sees (send_file would allow caching)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
