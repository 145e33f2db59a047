"""Serve Mentoring at the port BASE_URL names (127.0.0.1:5000 by default) with the mail worker beside it; Ctrl-C
stops both."""
import ipaddress
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

BIN = Path(sys.executable).parent


def address(base_url):
    """(host, port) to listen on for BASE_URL: its address when it is a number, else loopback (a name is a proxy's,
    which forwards to port 5000 unless the address names another)."""
    parts = urlsplit(base_url)
    port = parts.port or 5000
    try:
        host = str(ipaddress.ip_address(parts.hostname or ""))
    except ValueError:
        host = "127.0.0.1"
    return host, port


def commands(base_url):
    host, port = address(base_url)
    return {
        "worker": [BIN / "huey_consumer", "mentoring.worker.huey", "--workers", "2", "--worker-type", "thread",
                   "--quiet"],
        "web": [BIN / "flask", "--app", "app", "run", "--host", host, "--port", str(port)],
    }


def stop_on_sigterm(_signum, _frame):
    raise KeyboardInterrupt


def main():
    signal.signal(signal.SIGTERM, stop_on_sigterm)
    planned = commands(os.environ.get("BASE_URL", "http://127.0.0.1:5000"))
    processes = {name: subprocess.Popen([str(part) for part in command]) for name, command in planned.items()}
    try:
        while all(process.poll() is None for process in processes.values()):
            time.sleep(0.5)
        stopped = [name for name, process in processes.items() if process.poll() is not None]
        print(f"\n{', '.join(stopped)} stopped; stopping the rest.", file=sys.stderr)
    except KeyboardInterrupt:
        pass
    finally:
        for process in processes.values():
            if process.poll() is None:
                process.terminate()
        for process in processes.values():
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
    return max((process.returncode or 0) for process in processes.values())


if __name__ == "__main__":
    sys.exit(main())
