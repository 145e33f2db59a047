"""A suggestion card in a few words, as the mentee reads it: how well the mentor fits ("Strong fit"), why, in short
sentences ("Speaks English, like you"), and chips of what the mentor speaks, how far apart the two clocks are and the
hours the two are both free (pure).
"""
from collections import defaultdict
from zoneinfo import ZoneInfo

from mentoring.matching.scoring import CHOICE_KINDS
from mentoring.questionnaires.engine import BLOCKS, DAY_NAMES, utc_hours_to_blocks
from mentoring.words import counted, listing

FITS = ((60, "Strong fit"), (40, "Good fit"), (0, "Some fit"))  # the lowest score of each band, best first
LOW, HIGH = FITS[1][0], FITS[0][0]  # the bands, for a <meter>'s low and high


def fit(score):
    """How well a score fits, in words: 'Strong fit', 'Good fit' or 'Some fit'."""
    return next(words for lowest, words in FITS if score >= lowest)


def _unanswered(value):
    return value in (None, [], "")


def _as_list(value):
    return value if isinstance(value, list) else [value]


def _mid_sentence(label):
    """A choice's label inside a sentence: 'Career change' becomes 'career change', 'AI tools' stays."""
    first = label.split(" ", 1)[0]
    if first[1:2].isupper():
        return label
    return label[:1].lower() + label[1:]


def _free_together(hours, zone, today):
    """'Free on Tuesday evenings, like you', from the UTC hours both are free, in the mentee's zone."""
    blocks = utc_hours_to_blocks(hours, zone, today)
    if not blocks:
        return f"Free {counted(len(hours), 'hour')} a week when you are"
    days_of = defaultdict(list)
    for name in blocks:
        day, _, block = name.partition("-")
        days_of[block].append(DAY_NAMES[day])
    block, days = min(days_of.items(), key=lambda item: (-len(item[1]), list(BLOCKS).index(item[0])))
    shown = days if len(days) >= 5 else days[:2]
    when = f"most {block}s" if len(days) >= 5 else f"on {listing(shown)} {block}s"
    others = len(blocks) - len(shown)
    more = f" and at {counted(others, 'other time')}" if others else ""
    return f"Free {when}{more}, like you"


def reason(rule, mine, theirs, zone, today):
    """One rule that speaks for the pair as a short sentence to the mentee, or None when there is nothing to say
    (a private rule, an unanswered question, nothing in common). Free times are read in `zone` in `today`'s week."""
    if rule.sensitive or _unanswered(mine) or _unanswered(theirs):
        return None
    topic = rule.label.rstrip("?.")
    if rule.kind == "availability":
        common = sorted(set(mine) & set(theirs))
        return _free_together(common, zone, today) if common else None
    if rule.kind in CHOICE_KINDS:
        common = [rule.choices.get(key, key) for key in _as_list(mine) if key in _as_list(theirs)]
        if not common:
            return None
        if rule.matching == "paired":
            return f"{rule.filter_label or 'Can help with'} {listing(map(_mid_sentence, common))}"
        if rule.filter_label:
            return f"{rule.filter_label} {listing(common)}, like you"
        return f"You both chose {listing(common)}"
    if rule.kind == "scale":
        if mine == theirs:
            return f"Same as you on “{topic}”"
        return f"Close to you on “{topic}”" if abs(mine - theirs) <= 1 else None
    if str(mine).casefold() == str(theirs).casefold():
        return f"Same answer as you to “{topic}”"
    return None


def chips(rules, mine, theirs):
    """Short facts for a card's chips: the mentor's answers to the hard filters a mentee can see (the languages they
    speak) and how many hours a week the two are both free."""
    found = []
    for rule in rules:
        their_answer = theirs.get(rule.mentor_question)
        if rule.sensitive or _unanswered(their_answer):
            continue
        if rule.kind in CHOICE_KINDS and rule.matching == "equal":
            found += [rule.choices.get(key, key) for key in _as_list(their_answer)]
        elif rule.kind == "availability" and not _unanswered(mine.get(rule.mentee_question)):
            hours = len(set(mine[rule.mentee_question]) & set(their_answer))
            found.append(f"{counted(hours, 'hour')} a week in common" if hours else "No hours in common")
    return found


def time_apart(theirs, mine, moment):
    """How far the mentor's clock is from the mentee's at `moment`: 'Same time as you', '3 hours ahead of you',
    '5½ hours behind you'."""
    minutes = int((moment.astimezone(ZoneInfo(theirs)).utcoffset() - moment.astimezone(ZoneInfo(mine)).utcoffset())
                  .total_seconds() // 60)
    if minutes == 0:
        return "Same time as you"
    hours, rest = divmod(abs(minutes), 60)
    amount = f"{hours}{'¼½¾'[rest // 15 - 1] if rest else ''}" if hours else f"{rest} minutes"
    unit = "" if not hours else " hour" if (hours, rest) == (1, 0) else " hours"
    return f"{amount}{unit} {'ahead of' if minutes > 0 else 'behind'} you"
