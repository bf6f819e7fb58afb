"""A real LRS for the tests: Ralph (`ralph-malph`), served on 127.0.0.1 with its fs backend.

Ralph is installed once into a venv of its own, `.venv/ralph-lrs` (inside the project's
ignored .venv, so nothing shows in git), from tests/xapi/ralph-requirements.txt with pip
from PyPI: its cli extra pins click<8.2.1 (quizapp has 8.5) and brings FastAPI, uvicorn
and more the app never needs, so it cannot share quizapp's venv. Credentials are made
with `ralph auth ... -w` as its docs say.

Serving: `ralph runserver -b fs` runs Ralph's app (ralph.api:app) under uvicorn with its
reloader, and Ralph 5.1.0's fs LRS backend writes each POST with operation INDEX, which
refuses an existing file: only the first POST to a fresh LRS is stored, every later one
answers 500 "already exists and overwrite is not allowed". So the LRS is served here the
way runserver does it (same app, same settings through RALPH_* variables) with one
change: the fs LRS backend's default operation is APPEND, which that backend implements
(it opens the file "ab"). Everything else, the xAPI validation, deduplication by id, 409
on a differing duplicate, GET with its filters, is Ralph's own code.
`QUIZAPP_TEST_RALPH` may name another ralph executable (its venv's python is used).
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

from tests.conftest import REPO
from tests.waiting import blocking

REQUIREMENTS = Path(__file__).with_name("ralph-requirements.txt")
VENV = REPO / ".venv" / "ralph-lrs"
USERNAME, PASSWORD = "quizapp-writer", "correct horse battery staple"
HOMEPAGE = "https://school.example.org"


SERVE = """
import sys
import uvicorn
from ralph.backends.data.base import BaseOperationType
from ralph.backends.lrs.fs import FSLRSBackend
FSLRSBackend.default_operation_type = BaseOperationType.APPEND
from ralph.api import app
uvicorn.run(app, host=sys.argv[1], port=int(sys.argv[2]), log_level="warning")
"""


class RalphUnavailable(Exception):
    pass


def ralph_executable() -> Path:
    """The ralph command, installing it into its own venv the first time."""
    if given := os.environ.get("QUIZAPP_TEST_RALPH"):
        return Path(given)
    VENV.parent.mkdir(parents=True, exist_ok=True)
    # One installer at a time (pytest-xdist workers each ask for the fixture).
    with (VENV.parent / "ralph-lrs.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        return _install()


def _install() -> Path:
    ralph = VENV / "bin" / "ralph"
    stamp = VENV / "installed.txt"
    wanted = REQUIREMENTS.read_text(encoding="utf-8")
    if ralph.exists() and stamp.exists() and stamp.read_text(encoding="utf-8") == wanted:
        return ralph
    try:
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True, timeout=300)
        subprocess.run(
            [str(VENV / "bin" / "pip"), "install", "-q", "-r", str(REQUIREMENTS)],
            check=True,
            timeout=900,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
    except (subprocess.SubprocessError, OSError) as error:
        raise RalphUnavailable(f"could not install Ralph into {VENV}: {error}") from error
    stamp.write_text(wanted, encoding="utf-8")
    return ralph


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Ralph:
    """One Ralph LRS: start(), stop(), start() again on the same files."""

    _credentials: Path | None = None  # the first LRS's app dir, holding `ralph auth`'s file

    def __init__(self, root: Path) -> None:
        self.root = root
        self.ralph = ralph_executable()
        self.app_dir = root / "ralph-app"
        self.store = root / "ralph-fs"
        self.store.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("RALPH_")},
            "RALPH_APP_DIR": str(self.app_dir),
            "RALPH_RUNSERVER_BACKEND": "fs",
        }
        # The same credentials every time: made once by `ralph auth` (a second and more of
        # Ralph's start-up each), then copied into each later LRS's own app dir.
        made = Ralph._credentials
        if made is not None and made.is_dir():
            shutil.copytree(made, self.app_dir)
        else:
            subprocess.run(
                [str(self.ralph), "auth", "-u", USERNAME, "-p", PASSWORD, "-s", "all",
                 "-A", "quizapp-host", HOMEPAGE, "-w"],
                check=True, env=self.env, cwd=root, capture_output=True, timeout=120,
            )  # fmt: skip
            Ralph._credentials = self.app_dir

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/xAPI/"

    def start(self, timeout: float = 90.0) -> None:
        log = (self.root / "ralph.log").open("ab")
        env = {**self.env, "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": str(self.store)}
        # Its own session, so stop() ends the whole group.
        self.process = subprocess.Popen(
            [str(self.ralph.with_name("python")), "-c", SERVE, "127.0.0.1", str(self.port)],
            env=env, cwd=self.root, stdout=log, stderr=log, start_new_session=True,
        )  # fmt: skip
        try:
            blocking(self._answers, timeout)
        except AssertionError:
            self.stop()
            raise RalphUnavailable(f"Ralph did not answer in {timeout:.0f} s") from None

    def _answers(self) -> bool:
        assert self.process is not None
        if self.process.poll() is not None:
            raise RalphUnavailable(f"ralph runserver exited; see {self.root / 'ralph.log'}")
        try:
            with urllib.request.urlopen(
                f"http://127.0.0.1:{self.port}/__heartbeat__", timeout=2
            ) as reply:
                return bool(reply.status == 200)
        except OSError:
            return False

    def stop(self) -> None:
        if self.process is None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(20)
        except ProcessLookupError:
            pass
        self.process = None

    def stored(self) -> list[dict]:
        """Every statement in Ralph's files, as stored (duplicates would show here)."""
        out = []
        for path in sorted(self.store.glob("*")):
            if path.is_file():
                lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
                for number, line in enumerate(lines, 1):
                    try:
                        out.append(json.loads(line))
                    except ValueError:
                        # Only the last line may be cut: Ralph is writing it right now.
                        if number != len(lines):
                            raise
        return out

    def validate(self, statements: list[dict]) -> list[str]:
        """Ralph's strict xAPI models (not only the API's lax check) on each statement."""
        script = (
            "import json,sys\n"
            "from ralph.models.xapi.base.statements import BaseXapiStatement\n"
            "for line in sys.stdin:\n"
            "    st = json.loads(line)\n"
            "    for key in ('stored', 'authority'):\n"
            "        st.pop(key, None)\n"
            "    try:\n"
            "        BaseXapiStatement.model_validate(st)\n"
            "    except Exception as e:\n"
            "        print(st.get('id'), str(e).replace(chr(10), ' '))\n"
        )
        python = self.ralph.with_name("python")
        run = subprocess.run(
            [str(python), "-c", script],
            input="\n".join(json.dumps(s) for s in statements),
            capture_output=True, text=True, env=self.env, timeout=300, check=True,
        )  # fmt: skip
        return [line for line in run.stdout.splitlines() if line.strip()]
