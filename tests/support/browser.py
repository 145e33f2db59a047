"""Debian's Chromium, driven headless by Playwright (no browser download, our own fixtures)."""
import contextlib
import os
from pathlib import Path

from playwright.sync_api import expect, sync_playwright

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@contextlib.contextmanager
def chromium():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        try:
            yield browser
        finally:
            browser.close()


def log_in(page, user, password):
    """Log `user` in through the log-in page and land on their dashboard."""
    page.goto("/login")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hello")


ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"  # `make test` installs it
SERIOUS = ("serious", "critical")


def axe_violations(page, rules=None):
    """The serious and critical violations axe-core finds on `page` (by all its rules on by default and target-size,
    or only by `rules`), as (rule id, impact, targets). The page's context must bypass the CSP: axe is injected for the
    test, never served by the app."""
    assert AXE.exists(), f"{AXE} is missing: `make test` (or `npm ci`) installs it"
    if not page.evaluate("'axe' in window"):
        page.add_script_tag(path=AXE)
    options = {"resultTypes": ["violations"], "rules": {"target-size": {"enabled": True}}}
    if rules:
        options["runOnly"] = {"type": "rule", "values": list(rules)}
    found = page.evaluate("options => axe.run(options).then(found => found.violations.map("
                          "v => [v.id, v.impact, v.nodes.map(node => node.target.join(' '))]))", options)
    return [(rule, impact, targets) for rule, impact, targets in found if impact in SERIOUS]


def sideways_width(page):
    """How wide the page is when it is wider than the window (it scrolls sideways), else None."""
    width, window = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    return width if width > window else None


def screenshot(page, name):
    """Photograph the whole of `page` as <name>.png in $SCREENSHOTS_DIR (by default test-output/screenshots/)."""
    folder = Path(os.environ.get("SCREENSHOTS_DIR") or ROOT / "test-output" / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=folder / f"{name}.png", full_page=True)
