"""Serve Mentoring on 127.0.0.1:5000 with the mail worker beside it; Ctrl-C stops both."""
import signal
import subprocess
import sys
import time
from pathlib import Path

BIN = Path(sys.executable).parent
COMMANDS = {
    "worker": [BIN / "huey_consumer", "mentoring.tasks.huey", "--workers", "2", "--worker-type", "thread", "--quiet"],
    "web": [BIN / "flask", "--app", "app", "run", "--host", "127.0.0.1", "--port", "5000"],
}


def stop_on_sigterm(_signum, _frame):
    raise KeyboardInterrupt


def main():
    signal.signal(signal.SIGTERM, stop_on_sigterm)
    processes = {name: subprocess.Popen([str(part) for part in command]) for name, command in COMMANDS.items()}
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
