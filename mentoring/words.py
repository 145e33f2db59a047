"""Counts, lists and questions in plain English, so every page and email words them the same way (pure)."""
import re


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


_THEIRS = {"you": "they", "your": "their", "yours": "theirs", "yourself": "themselves", "you're": "they're",
           "you've": "they've", "you'd": "they'd", "you'll": "they'll", "my": "their", "mine": "theirs"}
_PRONOUN = re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, _THEIRS), key=len, reverse=True)) + r")\b", re.I)


def about_them(text):
    """A question put to someone, reworded about them: 'Which languages can you mentor in?' becomes
    'Which languages can they mentor in?'."""
    def theirs(match):
        word = _THEIRS[match.group().lower()]
        return word.capitalize() if match.group()[0].isupper() else word
    return _PRONOUN.sub(theirs, text)


def file_size(size):
    """A number of bytes as people say it: "512 bytes", "2.4 MB", "10 MB"."""
    if size < 1024:
        return counted(size, "byte")
    for unit in ("KB", "MB", "GB"):
        size /= 1024
        if size < 1024 or unit == "GB":
            break
    return f"{size:.1f} {unit}" if size < 9.95 else f"{size:.0f} {unit}"
