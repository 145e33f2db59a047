"""Counts and lists in plain English, so every page and email words them the same way (pure)."""


def counted(number, noun, plural=None):
    """'1 pair', '2 pairs', '1,200 people': the number with its noun, singular only for exactly one.
    `noun` may be a phrase whose verb agrees: counted(n, "mentor fits", "mentors fit")."""
    return f"{number:,} {noun if number == 1 else plural or noun + 's'}"


def listing(items, conjunction="and"):
    """'A', 'A and B', 'A, B and C'."""
    items = [str(item) for item in items]
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"
