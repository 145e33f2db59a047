"""A real IMAP server for the tests: Debian's dovecot (`make test` installs dovecot-imapd), run as an unprivileged
child process of the test with a configuration, mail, state and log of its own in a temporary folder, on 127.0.0.1
only."""
import grp
import imaplib
import os
import pwd
import re
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"
USER, PASSWORD = "mentoring", "inbound-secret"
CONFIG = """\
protocols = imap
listen = 127.0.0.1
base_dir = {home}/run
state_dir = {home}/state
log_path = {home}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = {owner}
default_internal_group = {group}
default_login_user = {owner}
first_valid_uid = {uid}
last_valid_uid = {uid}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {home}/users
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={home}/mail/%u
}}
mail_location = maildir:~/Maildir
namespace inbox {{
  inbox = yes
  separator = /
  mailbox Sent {{
    special_use = \\Sent
    auto = create
  }}
  mailbox Outgoing {{
    special_use = \\Sent
    auto = create
  }}
  mailbox Trash {{
    special_use = \\Trash
    auto = create
  }}
  mailbox Calendar {{
    auto = create
  }}
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
"""


def unprivileged():
    """The account dovecot runs as: the test's own, or nobody when the tests run as root (dovecot refuses root)."""
    return pwd.getpwuid(os.getuid()) if os.getuid() != 0 else pwd.getpwnam("nobody")


FOLDERS = ("INBOX", "Sent", "Outgoing", "Trash", "Calendar")


class Dovecot:
    """One dovecot of the tests' own with one user and the FOLDERS: `start()`, `append(folder, raw)`,
    `flags(folder)`, `empty()`, `stop()`."""

    def __init__(self, port):
        self.port = port
        self.home = None
        self.process = None

    def url(self, folder="", scheme="imap"):
        """The INBOUND_IMAP_URL that reads `folder` (the URL's default, INBOX, when empty)."""
        return f"{scheme}://{USER}:{PASSWORD}@127.0.0.1:{self.port}/{folder}"

    def start(self):
        """Write the configuration, start dovecot in the foreground as a child process, and wait until it answers."""
        account = unprivileged()
        self.home = Path(tempfile.mkdtemp(prefix="dovecot-"))  # under /tmp, which nobody can reach as well
        for folder in ("run", "state", "mail"):
            (self.home / folder).mkdir()
        (self.home / "users").write_text(f"{USER}:{{PLAIN}}{PASSWORD}\n")
        config = self.home / "dovecot.conf"
        config.write_text(CONFIG.format(home=self.home, port=self.port, owner=account.pw_name,
                                        group=grp.getgrgid(account.pw_gid).gr_name, uid=account.pw_uid,
                                        gid=account.pw_gid))
        for path in (self.home, *self.home.iterdir()):
            os.chown(path, account.pw_uid, account.pw_gid)
        as_account = {"user": account.pw_uid, "group": account.pw_gid, "extra_groups": []} if os.getuid() == 0 else {}
        self.process = subprocess.Popen([DOVECOT, "-F", "-c", str(config)], stdout=subprocess.DEVNULL,
                                        stderr=(self.home / "dovecot.err").open("wb"), **as_account)
        deadline = time.monotonic() + 10
        while True:
            try:
                with self.connect():
                    return self
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    log = self.log()
                    self.stop()
                    raise RuntimeError(f"dovecot did not start: {log}") from None
                time.sleep(0.05)

    def log(self):
        """What dovecot wrote to its log and its standard error."""
        return "".join(path.read_text() for path in (self.home / "dovecot.err", self.home / "dovecot.log")
                       if path.exists())

    def stop(self):
        """Stop dovecot by its process id (it stops its own children), wait for it, and remove its folder."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=10)
        self.process = None
        if self.home is not None:
            shutil.rmtree(self.home, ignore_errors=True)
        self.home = None

    def connect(self):
        """A logged-in IMAP connection (a context manager that logs out)."""
        imap = imaplib.IMAP4("127.0.0.1", self.port, timeout=5)
        imap.login(USER, PASSWORD)
        return imap

    def append(self, folder, raw, flags=""):
        """APPEND the message `raw` (bytes) to `folder`, as a mail server's delivery or a client's copy would."""
        with self.connect() as imap:
            status, answer = imap.append(f'"{folder}"', flags, None, raw)
            assert status == "OK", answer

    def empty(self):
        """Remove every message from every folder."""
        with self.connect() as imap:
            for folder in FOLDERS:
                if imap.select(f'"{folder}"')[1] != [b"0"]:
                    imap.store("1:*", "+FLAGS.SILENT", "(\\Deleted)")
                    imap.expunge()

    def flags(self, folder="INBOX"):
        """Each message's flags in `folder`, in order, as sets ({"\\Seen"}, set()): without \\Recent, which only says
        which session saw it first."""
        with self.connect() as imap:
            imap.select(f'"{folder}"', readonly=True)
            status, answer = imap.fetch("1:*", "(FLAGS)")
            if answer == [None]:
                return []
            return [set(re.search(rb"FLAGS \(([^)]*)\)", line).group(1).decode().split()) - {"\\Recent"}
                    for line in answer]
