"""Pictures people upload (profile photos, program logos), below every domain: the upload read for what it really is,
turned upright, shaped into each rendition wanted, re-encoded as WebP without its metadata, and kept under new keys."""
import contextlib
import io

from flask import send_file
from PIL import Image, ImageOps, UnidentifiedImageError

from mentoring import storage
from mentoring.errors import DomainError
from mentoring.web import kept_privately

CONTENT_TYPE = "image/webp"
READABLE = ("image/png", "image/jpeg", "image/webp", "image/gif")  # by the bytes, never the name
MAX_PIXELS = 40_000_000  # a photo from any camera; more is a decompression bomb, not a picture
NOT_AN_IMAGE = "“{name}” is not a picture we can read. Choose a JPEG, PNG, WebP or GIF image."
TOO_MANY_PIXELS = ("“{name}” is {width} × {height} pixels, too large to read: a picture can have at most "
                   f"{MAX_PIXELS // 1_000_000} million pixels. Choose a smaller picture.")


def square(size):
    """A shape: the picture's centred square at `size` pixels."""
    return lambda picture: ImageOps.fit(picture, (size, size), Image.Resampling.LANCZOS, centering=(0.5, 0.5))


def within(width, height):
    """A shape: the whole picture, made smaller (never larger) to fit `width` × `height` pixels."""
    def shaped(picture):
        picture = picture.copy()
        picture.thumbnail((width, height), Image.Resampling.LANCZOS)
        return picture
    return shaped


def renditions(name, stream, max_bytes, shapes, field):
    """The picture `stream` (called `name`, at most `max_bytes`) in each of `shapes` (name -> shape), encoded; refused
    on `field`, with nothing kept, for a file that is not a picture or has too many pixels."""
    store = storage.current()
    with storage.taken_in(name, stream, max_bytes) as upload:
        if upload.content_type not in READABLE:
            raise DomainError(NOT_AN_IMAGE.format(name=name), field=field)
        with store.open(upload.key) as kept:
            encoded = _encoded(name, kept, shapes, field)
        store.delete(upload.key)
    return encoded


def served(stream):
    """A kept rendition as a response: WebP, never sniffed, kept by the browser (web.kept_privately)."""
    response = send_file(stream, mimetype=CONTENT_TYPE, conditional=False, etag=False)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return kept_privately(response)


@contextlib.contextmanager
def kept(encoded):
    """The renditions `encoded` (name -> bytes) saved in the store: name -> key for the block to record; their bytes go
    again if the block fails."""
    keys = {}
    try:
        for name, data in encoded.items():
            keys[name] = storage.new_key()
            storage.current().save(keys[name], io.BytesIO(data))
        yield keys
    except BaseException:
        storage.remove(keys.values())
        raise


def _encoded(name, stream, shapes, field):
    try:
        with Image.open(stream) as picture:
            width, height = picture.size
            if width * height > MAX_PIXELS:
                raise DomainError(TOO_MANY_PIXELS.format(name=name, width=width, height=height), field=field)
            picture.seek(0)  # the first frame of an animation
            upright = ImageOps.exif_transpose(picture)
            upright = upright.convert("RGBA" if upright.has_transparency_data else "RGB")
            encoded = {}
            for rendition, shape in shapes.items():
                shaped = shape(upright)
                shaped.info.clear()
                out = io.BytesIO()
                shaped.save(out, "WEBP", quality=85, method=4)
                encoded[rendition] = out.getvalue()
            return encoded
    except Image.DecompressionBombError:
        raise DomainError(TOO_MANY_PIXELS.format(name=name, width="?", height="?"), field=field) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        raise DomainError(NOT_AN_IMAGE.format(name=name), field=field) from None
