"""Download my data and delete my account: each domain adds what it holds about a person.

A registered function belongs to the domain its module lives in (mentoring.<domain>…), which must be one of
DOMAINS: the download's sections follow that order, and the erasers run in the reverse of it."""
DOMAINS = ("audit", "email", "auth", "questionnaires", "programs", "matching", "pairs", "conversations",
           "discussions", "library", "meetings", "feedback",
           "coordinate")  # lowest first: each depends only on those before it
_exporters = []  # (domain, section, fn), kept in the order of DOMAINS
_erasers = []  # (domain, fn), kept in the order of DOMAINS


def domain_of(fn):
    """The domain `fn` belongs to, failing loudly (at import) for a module outside DOMAINS."""
    domain = fn.__module__.removeprefix("mentoring.").partition(".")[0]
    if domain not in DOMAINS:
        raise ValueError(f"{fn.__module__}.{fn.__qualname__}: {domain!r} is not one of privacy.DOMAINS")
    return domain


def _domain_rank(entry):
    return DOMAINS.index(entry[0])


def exporter(section):
    """Register `fn(user) -> data` as the `section` of a person's data download."""
    def register(fn):
        _exporters.append((domain_of(fn), section, fn))
        _exporters.sort(key=_domain_rank)
        return fn
    return register


def eraser(fn):
    """Register `fn(user)`, which removes or anonymises what a domain holds before the account goes (and may return
    a function to run once the account's deletion commits)."""
    _erasers.append((domain_of(fn), fn))
    _erasers.sort(key=_domain_rank)
    return fn


def export(user):
    """Everything the platform holds about `user`, section by section, in the order of DOMAINS."""
    return {section: fn(user) for _, section, fn in _exporters}


def erase(user):
    """Run every domain's eraser for `user` (inside the caller's transaction), the domains above first, so
    what they write on the way out (a partner's cancellation) is tidied by those below; returns what they left to do
    once that transaction commits (each eraser may return a function for it, such as removing files' bytes)."""
    left = [fn(user) for _, fn in reversed(_erasers)]
    return [then for then in left if then is not None]
