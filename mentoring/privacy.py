"""Download my data and delete my account: each domain adds what it holds about a person."""
_exporters = []
_erasers = []


def exporter(section):
    """Register `fn(user) -> data` as the `section` of a person's data download."""
    def register(fn):
        _exporters.append((section, fn))
        return fn
    return register


def eraser(fn):
    """Register `fn(user)`, which removes or anonymises what a domain holds before the account goes."""
    _erasers.append(fn)
    return fn


def export(user):
    """Everything the platform holds about `user`, section by section."""
    return {section: fn(user) for section, fn in _exporters}


def erase(user):
    """Run every domain's eraser for `user` (inside the caller's transaction), the domains above first, so
    what they write on the way out (a partner's cancellation) is tidied by those below."""
    for fn in reversed(_erasers):
        fn(user)
