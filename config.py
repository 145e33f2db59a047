"""Settings read from the environment, with embedded defaults that run on one machine."""
import os
import secrets
from pathlib import Path

ROOT = Path(__file__).resolve().parent


def _flag(value):
    """True for the usual spellings of yes in an environment variable."""
    return str(value).strip().lower() in {"1", "true", "yes", "on"}


class Config:
    """Settings every environment shares; each value can be set by a variable of the same name."""

    def __init__(self, environ):
        env = dict(environ)
        self.INSTANCE_PATH = instance_path(env)
        self.SECRET_KEY = env.get("SECRET_KEY") or self.missing_secret_key()
        self.DATABASE_URL = env.get("DATABASE_URL") or f"sqlite:///{self.INSTANCE_PATH / 'mentoring.db'}"
        self.TASK_QUEUE_URL = task_queue_url(env, self.INSTANCE_PATH)
        self.TASKS_IMMEDIATE = self.TASK_QUEUE_URL == "immediate"
        self.BASE_URL = env.get("BASE_URL", "http://127.0.0.1:5000").rstrip("/")
        self.PROXY_COUNT = int(env.get("PROXY_COUNT", "0"))

        # Files a pair shares: where their bytes live ("local": a folder, by default under the instance folder; see
        # README for a shared volume or an S3-compatible store), the largest file, and what one pair may keep in all.
        self.FILE_STORAGE = env.get("FILE_STORAGE", "local")
        self.FILE_STORAGE_PATH = env.get("FILE_STORAGE_PATH") or str(self.INSTANCE_PATH / "files")
        self.FILE_MAX_BYTES = int(env.get("FILE_MAX_BYTES", str(10 * 1024 * 1024)))
        self.FILE_PAIR_QUOTA_BYTES = int(env.get("FILE_PAIR_QUOTA_BYTES", str(100 * 1024 * 1024)))
        # What the files posted on one program's members' board may take in all.
        self.BOARD_PROGRAM_QUOTA_BYTES = int(env.get("BOARD_PROGRAM_QUOTA_BYTES", str(500 * 1024 * 1024)))

        self.MAIL_SERVER = env.get("MAIL_SERVER", "")
        self.MAIL_PORT = int(env.get("MAIL_PORT", "25"))
        self.MAIL_USE_TLS = _flag(env.get("MAIL_USE_TLS", "0"))
        self.MAIL_USE_SSL = _flag(env.get("MAIL_USE_SSL", "0"))
        self.MAIL_USERNAME = env.get("MAIL_USERNAME") or None
        self.MAIL_PASSWORD = env.get("MAIL_PASSWORD") or None
        self.MAIL_DEFAULT_SENDER = env.get("MAIL_DEFAULT_SENDER", "Mentoring <mentoring@localhost>")
        self.INBOUND_ADDRESS = env.get("INBOUND_ADDRESS", "")  # where mail comes back; MAIL_DEFAULT_SENDER's when empty
        self.INBOUND_PLUS_ADDRESSES = _flag(env.get("INBOUND_PLUS_ADDRESSES", "1"))  # 0: its mailbox drops them
        # The mailbox the worker reads that mail from every minute (imaps://user:password@host[:port]/INBOX); empty when
        # mail comes in by `flask mail-in` (a mail server's pipe, or its LMTP listener) instead.
        self.INBOUND_IMAP_URL = env.get("INBOUND_IMAP_URL", "")
        self.MAIL_SUPPRESS_SEND = False
        self.MAIL_TIMEOUT = float(env.get("MAIL_TIMEOUT", "20"))

        secure = self.BASE_URL.startswith("https://")
        self.SESSION_COOKIE_SECURE = secure
        self.REMEMBER_COOKIE_SECURE = secure
        self.PREFERRED_URL_SCHEME = "https" if secure else "http"

        # Argon2id cost; lowered only by the tests, where thousands of hashes would be slow.
        self.PASSWORD_TIME_COST = int(env.get("PASSWORD_TIME_COST", "3"))
        self.PASSWORD_MEMORY_COST = int(env.get("PASSWORD_MEMORY_COST", "65536"))

    def missing_secret_key(self):
        """Generate a key once and keep it under instance/ so sessions survive restarts."""
        path = self.INSTANCE_PATH / "secret_key"
        if not path.exists():
            self.INSTANCE_PATH.mkdir(parents=True, exist_ok=True)
            path.write_text(secrets.token_urlsafe(48))
            path.chmod(0o600)
        return path.read_text().strip()

    def as_dict(self):
        """The settings as Flask config keys."""
        return {key: value for key, value in vars(self).items() if key.isupper()}


class ProductionConfig(Config):
    """Settings for a public server: no secret is ever invented."""

    def missing_secret_key(self):
        raise RuntimeError("SECRET_KEY must be set in production (MENTORING_ENV=production).")


def instance_path(environ):
    """The folder for this installation's own files (SQLite databases, the generated secret)."""
    return Path(environ.get("MENTORING_INSTANCE") or ROOT / "instance").resolve()


def task_queue_url(environ, instance):
    """Where background jobs wait: an SQLite file by default, Redis or PostgreSQL when set."""
    return environ.get("TASK_QUEUE_URL") or f"sqlite:///{instance / 'tasks.db'}"


def load_settings(environ=None, overrides=None):
    """Flask settings for MENTORING_ENV (development or production), with overrides on top."""
    environ = dict(os.environ if environ is None else environ)
    environ.update({key: value for key, value in (overrides or {}).items()
                    if isinstance(value, str)})
    kind = ProductionConfig if environ.get("MENTORING_ENV") == "production" else Config
    settings = kind(environ).as_dict()
    settings.update(overrides or {})
    return settings
