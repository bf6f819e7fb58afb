"""Where statements go and who they are about: the LRS configuration.

Off unless the user (`quizapp lrs set`) or the school's image (environment variables)
turns it on. Kept in the user's config dir:

    lrs.json        endpoint, username, actor, activity base, roster, on/off
    lrs-password    the password, owner-only (0600), never printed

Environment variables (a school image) fill what the file does not say; `quizapp lrs off`
wins over them, so a student who turned sending off is never turned back on silently.
"""

from __future__ import annotations

import csv
import getpass
import hashlib
import io
import json
import os
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import platformdirs

ENV_CONFIG_DIR = "QUIZAPP_CONFIG_DIR"
ENV = {
    "url": "QUIZAPP_LRS_URL",
    "username": "QUIZAPP_LRS_USERNAME",
    "password": "QUIZAPP_LRS_PASSWORD",
    "homepage": "QUIZAPP_LRS_HOMEPAGE",
    "account": "QUIZAPP_LRS_ACCOUNT",
    "activity_base": "QUIZAPP_LRS_ACTIVITY_BASE",
}
DEFAULT_ACTIVITY_BASE = "https://quizapp.invalid/xapi"
MAX_ROSTER_ROWS = 10_000


class ConfigError(Exception):
    """A setting the user must fix; the message says which and how."""


def config_dir() -> Path:
    if env := os.environ.get(ENV_CONFIG_DIR):
        return Path(env).expanduser()
    return Path(platformdirs.user_config_dir("quizapp", appauthor=False))


def mbox_sha1sum(email: str) -> str:
    """xAPI's hashed mbox: sha1 of 'mailto:' + the address; the address itself is not kept."""
    return hashlib.sha1(f"mailto:{email.strip().lower()}".encode()).hexdigest()


def account_actor(homepage: str, name: str) -> dict[str, Any]:
    return {"objectType": "Agent", "account": {"homePage": homepage, "name": name}}


def hashed_actor(email: str) -> dict[str, Any]:
    return {"objectType": "Agent", "mbox_sha1sum": mbox_sha1sum(email)}


def roster_key(name: str) -> str:
    """Players are matched to the roster by name, ignoring case, width and spacing."""
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


@dataclass(frozen=True)
class LrsConfig:
    url: str = ""
    username: str = ""
    password: str = field(default="", repr=False)
    actor: dict[str, Any] = field(default_factory=dict)
    activity_base: str = DEFAULT_ACTIVITY_BASE
    #: roster_key(player name) -> actor, for the statements of a hosted game.
    roster: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: roster_key -> the name as the roster writes it (for the teacher's report; not sent).
    roster_names: dict[str, str] = field(default_factory=dict)
    enabled: bool = False

    @property
    def statements_url(self) -> str:
        return self.url.rstrip("/") + "/statements"

    def describe_actor(self) -> str:
        if "account" in self.actor:
            account = self.actor["account"]
            return f"account {account['name']!r} on {account['homePage']}"
        if "mbox_sha1sum" in self.actor:
            return f"hashed email {self.actor['mbox_sha1sum'][:12]}…"
        return "none"


def check_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ConfigError(
            f"{url!r} is not an LRS address; give its xAPI endpoint, "
            "for example https://lrs.school.example/xAPI/"
        )
    return url


def check_iri(base: str) -> str:
    """Activity ids are IRIs the school controls: an http(s) address without spaces."""
    parts = urlsplit(base)
    if parts.scheme not in ("http", "https") or not parts.netloc or any(c.isspace() for c in base):
        raise ConfigError(
            f"{base!r} cannot start activity ids; give an address of the school's, "
            "for example https://school.example/quizapp"
        )
    return base


def load(directory: Path | None = None) -> LrsConfig:
    """The configuration: the file, then the environment for what the file leaves out."""
    directory = directory or config_dir()
    path = directory / "lrs.json"
    doc: dict[str, Any] = {}
    if path.exists():
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(doc, dict):
                raise ValueError("not an object")
        except (ValueError, UnicodeDecodeError) as error:
            raise ConfigError(
                f"{path}: cannot be read ({error}); set it again with `quizapp lrs set`"
            ) from None
    env = {key: os.environ.get(name, "") for key, name in ENV.items()}
    url = doc.get("url") or env["url"]
    password_file = directory / "lrs-password"
    password = env["password"]
    if doc.get("url"):  # the user's own LRS: its password, never the image's for another
        if password_file.exists():
            password = password_file.read_text(encoding="utf-8").rstrip("\n")
        elif _origin(env["url"]) != _origin(doc["url"]):
            password = ""
    actor = doc.get("actor") or {}
    if not actor and url:
        actor = load_default_actor(url, env["homepage"], env["account"])
    enabled = bool(doc.get("enabled", bool(url)))
    return LrsConfig(
        url=url,
        username=doc.get("username") or env["username"],
        password=password,
        actor=actor,
        activity_base=(doc.get("activity_base") or env["activity_base"] or DEFAULT_ACTIVITY_BASE),
        roster=dict(doc.get("roster") or {}),
        roster_names=dict(doc.get("roster_names") or {}),
        enabled=enabled and bool(url),
    )


def save(config: LrsConfig, directory: Path | None = None) -> Path:
    """Write the file (and the password, owner-only); returns the file's path."""
    directory = directory or config_dir()
    directory.mkdir(parents=True, exist_ok=True)
    doc = {
        "url": config.url,
        "username": config.username,
        "actor": config.actor,
        "activity_base": config.activity_base,
        "roster": config.roster,
        "roster_names": config.roster_names,
        "enabled": config.enabled,
    }
    path = directory / "lrs.json"
    _write_private(path, json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
    if config.password:
        _write_private(directory / "lrs-password", config.password + "\n")
    else:  # none now: an old one must not be sent to whatever address comes next
        (directory / "lrs-password").unlink(missing_ok=True)
    return path


def turn_off(directory: Path | None = None) -> Path:
    """Sending off, changing nothing else (settings from the environment stay out of the file)."""
    directory = directory or config_dir()
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "lrs.json"
    try:
        doc = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    except (ValueError, UnicodeDecodeError):
        doc = {}  # unreadable: replaced by the one thing the user just said
    if not isinstance(doc, dict):
        doc = {}
    doc["enabled"] = False
    _write_private(path, json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
    return path


def stored_password(url: str, directory: Path | None = None) -> str:
    """The password kept for this LRS, or "" when none is, or it was for another address
    (a password is never sent to a server it was not given for)."""
    directory = directory or config_dir()
    path, secret = directory / "lrs.json", directory / "lrs-password"
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
        same = isinstance(doc, dict) and _origin(str(doc.get("url", ""))) == _origin(url)
    except (OSError, ValueError, UnicodeDecodeError):
        return ""
    return secret.read_text(encoding="utf-8").rstrip("\n") if same and secret.exists() else ""


@dataclass(frozen=True)
class Roster:
    actors: dict[str, dict[str, Any]]  # roster_key -> actor
    names: dict[str, str]  # roster_key -> the name as written


def read_roster(path: Path, homepage: str) -> Roster:
    """A roster CSV: a header with `name` and `account` or `email` columns.

    `account` is the student's account name on `homepage` (the school's sign-in);
    `email` is hashed (mbox_sha1sum) and not kept.
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: is not UTF-8 text; save the roster as UTF-8 CSV") from None
    reader = csv.DictReader(io.StringIO(text))
    columns = [c.strip().casefold() for c in reader.fieldnames or []]
    if "name" not in columns or not ({"account", "email"} & set(columns)):
        raise ConfigError(
            f"{path}: the first line must name the columns: name and account (or email)"
        )
    roster: dict[str, dict[str, Any]] = {}
    names: dict[str, str] = {}
    for line, row in enumerate(reader, start=2):
        if line > MAX_ROSTER_ROWS + 1:
            raise ConfigError(f"{path}: more than {MAX_ROSTER_ROWS} students; split the roster")
        row = {(k or "").strip().casefold(): (v or "").strip() for k, v in row.items()}
        name, account, email = row.get("name", ""), row.get("account", ""), row.get("email", "")
        if not name:
            raise ConfigError(f"{path}: line {line}: field 'name' is empty; fill it or remove it")
        if account:
            actor = account_actor(homepage, account)
        elif "@" in email:
            actor = hashed_actor(email)
        else:
            raise ConfigError(
                f"{path}: line {line} ({name!r}): give an 'account' or an 'email' for this student"
            )
        key = roster_key(name)
        if key in roster:
            raise ConfigError(f"{path}: line {line}: {name!r} is listed twice")
        roster[key] = actor
        names[key] = " ".join(name.split())
    return Roster(roster, names)


def load_default_actor(url: str, homepage: str | None, account: str | None) -> dict[str, Any]:
    """An account on the school's site (default: the LRS's origin), named by the login name."""
    return account_actor(homepage or _origin(url), account or getpass.getuser())


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _write_private(path: Path, text: str) -> None:
    """Owner-only from the first byte (no window where the password is world-readable)."""
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    os.replace(tmp, path)
