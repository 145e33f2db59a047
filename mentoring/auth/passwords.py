"""Password hashing (Argon2id) and the rules a new password must meet."""
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app

MIN_LENGTH = 10
MAX_LENGTH = 200

# Passwords long enough to pass the length rule that still appear at the top of leaked lists.
COMMON = frozenset(["1234567890", "0123456789", "12345678910", "1234567890a", "0987654321", "1q2w3e4r5t",
                    "1qaz2wsx3edc", "qwertyuiop", "qwerty12345", "qwerty123456", "asdfghjkl1", "zxcvbnm123",
                    "password12", "password123", "password1234", "password12345", "passw0rd123", "iloveyou12",
                    "iloveyou123", "letmein123", "welcome123", "welcome1234", "admin12345", "administrator",
                    "abc1234567", "abcdefghij", "abcd123456", "princess123", "sunshine123", "football123",
                    "baseball123", "monkey12345", "dragon12345", "master12345", "superman123", "trustno1234",
                    "mentoring1", "mentoring123", "mentorship", "changeme123", "qazwsxedcrfv", "11111111111",
                    "aaaaaaaaaa", "1111111111", "0000000000", "9999999999", "123123123123"])


def hasher():
    """The app's Argon2id hasher (its cost comes from the configuration)."""
    return current_app.extensions["password_hasher"]


def make_hasher(config):
    return PasswordHasher(time_cost=config["PASSWORD_TIME_COST"], memory_cost=config["PASSWORD_MEMORY_COST"])


def hash_password(password):
    return hasher().hash(password)


def check_password(password_hash, password):
    """True when `password` matches; never raises for a malformed hash."""
    try:
        return hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def weakness(password, *, email="", name=""):
    """Why `password` is too weak to accept, or None when it is fine."""
    if len(password) < MIN_LENGTH:
        return f"Use at least {MIN_LENGTH} characters."
    if len(password) > MAX_LENGTH:
        return f"Use at most {MAX_LENGTH} characters."
    folded = password.casefold()
    if folded in COMMON or len(set(folded)) < 4:
        return "This password is too easy to guess. Try a few unrelated words together."
    personal = {part for part in (email.casefold().partition("@")[0], email.casefold(), name.casefold())
                if len(part) >= 4}
    if any(part in folded for part in personal):
        return "Don't use your name or email address in your password."
    return None
