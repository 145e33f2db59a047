"""Where the bytes of shared files live. A store keeps a stream under a key the platform makes (never a name a
person typed): `save`, `open`, `delete`, `size`. Built in: a local folder (FILE_STORAGE="local"), which a shared
volume mounted on every machine also serves; another store (S3-compatible) is a class with these four methods."""
import os
import re
import secrets
import shutil
from pathlib import Path

from flask import current_app

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
