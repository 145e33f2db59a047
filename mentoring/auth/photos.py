"""Profile photos: an upload read for what it really is, cut to a centred square, resized, re-encoded without its
metadata (mentoring/pictures.py), and kept in the site's file store under new keys; who may see whose photo."""
from mentoring import pictures, privacy, storage
from mentoring.db import db
from mentoring.errors import NotFound
from mentoring.models import Coordinator, Membership, User

SIZES = {256: "photo_key", 64: "photo_small_key"}  # pixels: the column keeping the photo at that size


def change(user, name, stream, max_bytes):
    """Make the picture `stream` (called `name`, at most `max_bytes`) `user`'s photo; the old photo's bytes go once the
    change is saved. Refused, with nothing changed, for a file that is not a picture or has too many pixels."""
    shapes = {column: pictures.square(size) for size, column in SIZES.items()}
    with pictures.kept(pictures.renditions(name, stream, max_bytes, shapes, field="photo")) as keys, db.atomic():
        old = _photo_keys(User.get_by_id(user.id))
        User.update(**keys).where(User.id == user.id).execute()
    storage.remove(old)
    for column, key in keys.items():
        setattr(user, column, key)


def remove(user):
    """Take `user`'s photo away (initials show instead); its bytes go once that is saved."""
    with db.atomic():
        old = _photo_keys(User.get_by_id(user.id))
        User.update(photo_key=None, photo_small_key=None).where(User.id == user.id).execute()
    storage.remove(old)
    user.photo_key = user.photo_small_key = None


def _photo_keys(user):
    return [key for key in (user.photo_key, user.photo_small_key) if key]


def shown(viewer, user_id, version, size):
    """The bytes of the photo of the account `user_id` at `size` pixels, when `version` is its current one and
    `viewer` may see it: themselves, someone who takes part in or runs a program with them, or a site admin
    (who runs every program). Anyone else, or an old or unknown version, gets NotFound."""
    user = User.get_or_none(User.id == user_id)
    if user is None or size not in SIZES or version != user.photo_version or not _may_see(viewer, user):
        raise NotFound()
    try:
        return storage.current().open(getattr(user, SIZES[size]))
    except FileNotFoundError:
        raise NotFound() from None


def _may_see(viewer, user):
    """Whether `viewer` shares a program with `user` (as a member, applicant or coordinator), or runs them all."""
    if viewer.id == user.id or viewer.is_admin:
        return True
    places = (Membership.select(Membership.program).where(Membership.user == viewer.id)
              | Coordinator.select(Coordinator.program).where(Coordinator.user == viewer.id))
    return (Membership.select().where(Membership.user == user.id, Membership.program.in_(places)).exists()
            or Coordinator.select().where(Coordinator.user == user.id, Coordinator.program.in_(places)).exists())


@storage.holds_keys
def _kept_keys():
    return [key for row in User.select(User.photo_key, User.photo_small_key)
            .where(User.photo_key.is_null(False)).tuples() for key in row if key]


@privacy.exporter("photo")
def _export_photo(user):
    """Whether there is a profile photo (the picture itself is shown on the account page)."""
    return {"has_photo": bool(user.photo_key)}


@privacy.eraser
def _erase_photo(user):
    """The photo's bytes go once the account's deletion commits."""
    keys = _photo_keys(User.get_by_id(user.id))
    return lambda: storage.remove(keys)
