"""A program's branding: its accent colour, refused when no text colour reads on it, and its logo (an upload read for
what it really is, made to fit a banner, re-encoded without its metadata: mentoring/pictures.py)."""
from mentoring import audit, pictures, storage
from mentoring.contrast import HEX_COLOUR, NEAR_BLACK, TEXT, WHITE, contrast, ink_for
from mentoring.db import db
from mentoring.errors import DomainError, NotFound
from mentoring.models import Program

SITE_ACCENT = "#234e8c"  # the stylesheet's own --accent (tests/programs/test_branding.py checks they agree)
LOGO = pictures.within(480, 160)  # shown at most 240 × 80 CSS pixels, sharp on a screen of double density
UNREADABLE = ("Text would be hard to read on {accent}: white text reaches {white:.1f}:1 and black text {black:.1f}:1, "
              f"and both need {TEXT:.1f}:1. Choose a darker or a lighter shade.")


def change(actor, program, accent, logo=None, max_bytes=0):
    """Give `program` the accent colour `accent` (#rrggbb, or None for the site's own) and, when `logo` (name, stream)
    is given, that picture as its logo; the old logo's bytes go once the change is saved. Refused, with nothing
    changed, for an accent no text reads on or a logo that is not a picture."""
    if accent and not HEX_COLOUR.fullmatch(accent):
        raise DomainError("Write the colour as six hex digits after a #, like #234e8c.", field="accent")
    if accent and ink_for(accent) is None:
        raise DomainError(UNREADABLE.format(accent=accent, white=contrast(accent, WHITE),
                                            black=contrast(accent, NEAR_BLACK)), field="accent")
    if accent == program.accent and not logo:
        return
    encoded = pictures.renditions(*logo, max_bytes, {"logo_key": LOGO}, field="file") if logo else {}
    with pictures.kept(encoded) as keys, db.atomic():
        old = Program.get_by_id(program.id).logo_key if keys else None
        changed = {"accent": accent, **keys}
        Program.update(**changed).where(Program.id == program.id).execute()
        audit.record(actor, "program.branding", program.name, program=program,
                     accent=accent or "default", logo="new" if keys else "kept")
    storage.remove([old] if old else [])
    for column, value in changed.items():
        setattr(program, column, value)


def remove_logo(actor, program):
    """Take the program's logo away; its bytes go once that is saved."""
    with db.atomic():
        old = Program.get_by_id(program.id).logo_key
        Program.update(logo_key=None).where(Program.id == program.id).execute()
        audit.record(actor, "program.logo_remove", program.name, program=program)
    storage.remove([old] if old else [])
    program.logo_key = None


def logo_shown(program, version):
    """The bytes of `program`'s logo when `version` is its current one; NotFound otherwise."""
    if not program.logo_key or version != program.logo_version:
        raise NotFound()
    try:
        return storage.current().open(program.logo_key)
    except FileNotFoundError:
        raise NotFound() from None


def theme_version(program):
    """What the address of the program's theme stylesheet carries: its accent's digits (None: the site's own look)."""
    return program.accent[1:] if program.accent else None


def theme(program, version):
    """The custom properties a program's pages take from its branding, when `version` is its current one; NotFound
    otherwise (the site's own look needs none)."""
    if not program.accent or version != theme_version(program):
        raise NotFound()
    return {"accent": program.accent, "accent-ink": program.accent_ink}


@storage.holds_keys
def _kept_keys():
    return [key for (key,) in Program.select(Program.logo_key).where(Program.logo_key.is_null(False)).tuples()]
