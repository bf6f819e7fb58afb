"""A small xAPI client over the standard library (urllib): POST and GET /statements.

Errors come back sorted by what the caller should do about them:
- `Unreachable`: the LRS is down, slow or overloaded (connection refused, timeout, 5xx,
  429): keep the statements and try again later;
- `Rejected`: the LRS refused these statements (400, 409, 413, 422): retrying the same
  batch will not help; the sender splits it to find the one at fault;
- `Refused`: the LRS refused us (401, 403, 404): the configuration is wrong.
"""

from __future__ import annotations

import base64
import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode, urljoin

from quizapp.text import clean_line
from quizapp.xapi.config import LrsConfig
from quizapp.xapi.statements import XAPI_VERSION

TIMEOUT = 15.0
MAX_PAGES = 10_000


class LrsError(Exception):
    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class Unreachable(LrsError):
    pass


class Rejected(LrsError):
    pass


class Refused(LrsError):
    pass


class LrsClient:
    def __init__(self, config: LrsConfig, *, timeout: float = TIMEOUT) -> None:
        self.config = config
        self.timeout = timeout
        self._headers = {
            "X-Experience-API-Version": XAPI_VERSION,
            "Content-Type": "application/json",
            "User-Agent": "quizapp-xapi",
        }
        if config.username or config.password:
            token = f"{config.username}:{config.password}".encode()
            self._headers["Authorization"] = "Basic " + base64.b64encode(token).decode()

    def _request(self, method: str, url: str, body: Any = None) -> Any:
        data = json.dumps(body, ensure_ascii=False).encode() if body is not None else None
        request = urllib.request.Request(url, data=data, method=method, headers=self._headers)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as reply:
                payload = reply.read()
        except urllib.error.HTTPError as error:
            detail = _detail(error)
            status = error.code
            if status in (401, 403):
                raise Refused(
                    f"the LRS refused the credentials ({status}); check the username and "
                    "password with `quizapp lrs set`",
                    status,
                ) from None
            if status == 404:
                raise Refused(
                    f"no xAPI statements resource at {url} (404); check the LRS address", status
                ) from None
            if status in (400, 409, 413, 422):
                raise Rejected(f"{status}: {detail}", status) from None
            raise Unreachable(f"the LRS answered {status}: {detail}", status) from None
        except (TimeoutError, urllib.error.URLError, OSError) as error:
            reason = getattr(error, "reason", error)
            raise Unreachable(f"cannot reach the LRS at {url}: {reason}") from None
        if not payload:
            return None
        try:
            return json.loads(payload)
        except ValueError:
            raise Unreachable(f"the LRS at {url} did not answer JSON") from None

    def post(self, statements: list[dict[str, Any]]) -> None:
        """Store statements (one atomic batch); raises an LrsError subclass if not stored."""
        stored = self._request("POST", self.config.statements_url, statements)
        # xAPI answers the stored ids (or 204, nothing): anything else, a login page behind
        # a captive portal or a proxy, means the statements were not stored.
        if stored is not None and not isinstance(stored, list):
            raise Unreachable(f"{self.config.statements_url} did not answer as an LRS does")

    def get(self, **params: str) -> Iterator[dict[str, Any]]:
        """Every statement matching the xAPI query parameters, following `more` links."""
        url: str | None = self.config.statements_url + ("?" + urlencode(params) if params else "")
        for _ in range(MAX_PAGES):
            if not url:
                return
            page = self._request("GET", url) or {}
            yield from page.get("statements", [])
            more = page.get("more") or ""
            url = urljoin(url, more) if more else None


def _detail(error: urllib.error.HTTPError) -> str:
    """The LRS's own explanation, cleaned: it reaches a terminal and the library."""
    return clean_line(_raw_detail(error))[:500]


def _raw_detail(error: urllib.error.HTTPError) -> str:
    try:
        body = error.read()[:2000].decode("utf-8", "replace")
    except OSError:
        return error.reason or ""
    try:
        parsed = json.loads(body)
    except ValueError:
        return body.strip() or str(error.reason)
    detail = parsed.get("detail", parsed) if isinstance(parsed, dict) else parsed
    return detail if isinstance(detail, str) else json.dumps(detail, ensure_ascii=False)[:500]
