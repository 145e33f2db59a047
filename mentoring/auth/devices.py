"""A short name for the browser a User-Agent header describes, to recognise a log-in by ("Firefox on Windows")."""
import re

# The first match names it: Edge and Opera also say Chrome, Chrome also says Safari, an iPhone also says Mac OS X.
BROWSERS = (("Edge", r"\bEdg(?:e|A|iOS)?/"), ("Opera", r"\bOPR/|\bOpera\b"), ("Samsung Internet", r"SamsungBrowser/"),
            ("Firefox", r"\b(?:Firefox|FxiOS)/"), ("Chrome", r"\b(?:Chrome|CriOS)/"), ("Safari", r"\bSafari/"))
SYSTEMS = (("iPhone", r"\biPhone\b"), ("iPad", r"\biPad\b"), ("Android", r"\bAndroid\b"), ("Windows", r"\bWindows\b"),
           ("ChromeOS", r"\bCrOS\b"), ("macOS", r"\bMac OS X\b|\bMacintosh\b"), ("Linux", r"\bLinux\b"))


def describe_device(user_agent):
    """"Firefox on Windows", "Safari on iPhone"; else the header's first word ("curl"), or "An unknown browser"."""
    product = re.match(r"[A-Za-z0-9._-]{1,40}", user_agent)
    browser = _first(BROWSERS, user_agent) or (product.group() if product else "An unknown browser")
    system = _first(SYSTEMS, user_agent)
    return f"{browser} on {system}" if system else browser


def _first(patterns, user_agent):
    return next((name for name, pattern in patterns if re.search(pattern, user_agent)), None)
