"""Save Page Now 2's HTTP calls, through the shared Fetcher (the endpoint host is trusted)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from ..config import Settings
from ..net.fetch import Fetcher, FetchResult


class SpnClient:
    """Save Page Now 2 calls through the shared Fetcher (the endpoint host is trusted)."""

    def __init__(self, fetcher: Fetcher, settings: Settings, access: str, secret: str):
        self.fetcher, self.base = fetcher, settings.spn_url.rstrip("/")
        self.headers = {"Accept": "application/json", "Authorization": f"LOW {access}:{secret}"}

    def _answer(self, result: FetchResult) -> dict[str, Any]:
        try:
            data = json.loads(result.body.decode("utf-8", errors="replace") or "{}")
        except ValueError:
            data = {}
        return data if isinstance(data, dict) else {}

    def user_status(self) -> tuple[int, dict[str, Any]]:
        """``GET <spn>/status/user``: available, processing, daily_captures(_limit)."""
        result = self.fetcher.get(f"{self.base}/status/user", headers=self.headers, trusted=True)
        return result.status, self._answer(result)

    def submit(self, url: str) -> tuple[int, dict[str, Any]]:
        """``POST <spn>`` with ``url``: the job id, or why not."""
        result = self.fetcher.request(
            "POST", self.base, headers=self.headers, data={"url": url}, trusted=True
        )
        return result.status, self._answer(result)

    def job(self, job_id: str) -> tuple[int, dict[str, Any]]:
        """``GET <spn>/status/<job_id>``: pending, success (timestamp, original_url) or error."""
        result = self.fetcher.get(
            f"{self.base}/status/{job_id}", headers=self.headers, trusted=True
        )
        return result.status, self._answer(result)


def int_of(data: Mapping[str, Any], key: str, default: int) -> int:
    try:
        return int(data.get(key, default))
    except (TypeError, ValueError):
        return default
