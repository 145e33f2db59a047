"""A person's face as every page shows it: their photo, or their initials on their colour (auth.initials). Written in
Python rather than a macro: lists of suggestions, messages and posts show one beside each entry."""
from functools import lru_cache

from markupsafe import Markup

from mentoring.auth.initials import initials, tone
from mentoring.text import escaped
from mentoring.web import cached_url_for


def avatar_html(user, size=32, alone=False):
    """`user`'s face at `size` px (24, 32, 48 or 128): decorative (no text of its own) where the name is beside it;
    with `alone`, where it stands for the person by itself, it carries the name. The initials are drawn by the
    stylesheet (from data-initials), so a page's text reads the name once."""
    if user.photo_key:
        photo = cached_url_for("auth.photo", user_id=user.id, version=user.photo_version,
                               size=64 if size <= 32 else 256)
        alt = escaped(user.name) if alone else ""
        return Markup(f'<img class="avatar avatar--{size}" src="{escaped(photo)}" width="{size}" height="{size}" '
                      f'alt="{alt}">')
    return _initials_face(user.name, size, alone)


@lru_cache(maxsize=4096)
def _initials_face(name, size, alone):
    """The initials of `name` on its colour, as avatar_html writes them (a pure function of these, kept)."""
    said = f'role="img" aria-label="{escaped(name)}"' if alone else 'aria-hidden="true"'
    return Markup(f'<span class="avatar avatar--{size} avatar--tone-{tone(name)}" '
                  f'data-initials="{escaped(initials(name))}" {said}></span>')
