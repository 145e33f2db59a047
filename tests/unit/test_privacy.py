"""The erasers run in privacy.DOMAINS' order, the domains above first, whatever order their modules were imported in;
the download's sections follow the same order."""
import pytest

from mentoring import privacy


def registered(domain, calls):
    """An eraser of `domain` that notes when it runs, registered as if its module were imported now."""
    def erase(user):
        calls.append(domain)
    erase.__module__ = f"mentoring.{domain}.service"
    return privacy.eraser(erase)


@pytest.mark.parametrize("imported, run", [
    (["email", "auth", "meetings"], ["meetings", "auth", "email"]),
    (["meetings", "auth", "email"], ["meetings", "auth", "email"]),
    (["auth", "coordinate", "email", "pairs"], ["coordinate", "pairs", "auth", "email"]),
    (["feedback", "questionnaires", "matching", "programs"], ["feedback", "matching", "programs", "questionnaires"]),
    (["audit", "coordinate"], ["coordinate", "audit"]),
])
def test_erasers_run_the_domains_above_first(monkeypatch, imported, run):
    monkeypatch.setattr(privacy, "_erasers", [])
    calls = []
    for domain in imported:
        registered(domain, calls)
    privacy.erase(user=None)
    assert calls == run


def test_the_download_follows_the_declared_order(monkeypatch):
    monkeypatch.setattr(privacy, "_exporters", [])
    for domain in ("feedback", "auth", "email"):
        def export(user, domain=domain):
            return domain
        export.__module__ = f"mentoring.{domain}.service"
        privacy.exporter(f"{domain}_section")(export)
    assert privacy.export(user=None) == {"email_section": "email", "auth_section": "auth",
                                         "feedback_section": "feedback"}


@pytest.mark.parametrize("module", ["mentoring.home.views", "mentoring.nowhere", "tests.unit.test_privacy"])
def test_a_domain_not_declared_fails_at_registration(monkeypatch, module):
    monkeypatch.setattr(privacy, "_erasers", [])

    def erase(user):
        pass
    erase.__module__ = module
    with pytest.raises(ValueError, match="not one of privacy.DOMAINS"):
        privacy.eraser(erase)


def test_the_app_erases_each_domain_s_holdings_from_sessions_down_to_emails(
        app):
    assert [domain for domain, _ in reversed(privacy._erasers)] == ["meetings", "library", "discussions", "discussions",
                                                                    "conversations", "conversations", "pairs",
                                                                    "matching", "auth", "auth", "email"]
