"""The Hugging Face papers API over async httpx, turning every failure into a typed error.

The only module that imports httpx. Requests retry on connection errors, 429 and 5xx with
exponential backoff (honouring ``Retry-After``) inside one time budget, and one deadline bounds
the whole request (connect, headers, body, redirects, retries), so a dead or dripping server
costs seconds, not minutes. Answers are decoded here, bounded: a gzip bomb stops at
:data:`MAX_ANSWER_BYTES`. Whatever still fails becomes an error whose message a person
understands.
"""

from __future__ import annotations

import asyncio
import math
import os
import re
import socket
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from types import TracebackType
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urlsplit

import httpx
import orjson

from tui import __version__
from tui.core.errors import (
    BadResponseError,
    HFPapersError,
    NetworkError,
    NotFoundError,
    OfflineError,
    RateLimitedError,
    ServerError,
    SlowAnswerError,
)
from tui.core.models import (
    Paper,
    ParseResult,
    parse_listing,
    parse_paper,
    require_arxiv_id,
)
from tui.core.query import Query
from tui.core.text import clean_line

if TYPE_CHECKING:
    from tui.core.linked import LinkedRepos

T = TypeVar("T")

DEFAULT_ENDPOINT = "https://huggingface.co"
PAGE_SIZE = 50
"""Papers per ``/api/daily_papers`` page (the API's default; it allows up to 100)."""
MAX_PAGES = 1000
"""Safety stop for paging, far past any real listing (50,000 papers; a month has ~1,500).
Paging ends where the listing does; this only ends a server that never does, and says so."""
SEARCH_MAX = 120
"""The most results ``/api/papers/search`` gives."""
MAX_RETRY_AFTER = 86400.0
DEADLINE = 10.0
"""Seconds one request may take: every try, wait, redirect and byte of the answer included."""
MAX_ANSWER_BYTES = 50_000_000
"""The most one answer may decode to. A page of 100 papers is ~300 KB: only a broken or hostile
server (a 1 MB gzip body inflating to 1 GB) comes near it."""
MAX_ERROR_BYTES = 65_536
"""Of an error answer only this much is read, for its message."""
MAX_REDIRECTS = 10
ACCEPT_ENCODING = "gzip, deflate"
"""The encodings :class:`_Inflater` decodes (bounded); httpx's own decoders are not."""

OnFailure = Callable[[HFPapersError], None]


@dataclass(slots=True)
class Fetched(ParseResult):
    """A listing as fetched: its papers, and what the caller needs to judge the answer."""

    records: int = 0
    """Records in the answers, readable or not, counted before ``limit`` cut the papers."""
    truncated_at: int | None = None
    """Set (to the papers had) when paging stopped at :data:`MAX_PAGES`, not at the end."""


class PapersClient:
    """Async client for ``/api/daily_papers``, ``/api/papers/search`` and ``/api/papers/{id}``.

    Use as ``async with PapersClient() as client:``. The endpoint and token default to
    ``HF_ENDPOINT`` and ``HF_TOKEN``; the token is sent as a bearer header and nowhere else.
    ``retry_budget`` (no try starts after it), ``deadline`` (for the whole of one request,
    tries and waits included; :data:`DEADLINE` by default) and ``backoff`` are seconds,
    injectable so tests need not wait; ``max_answer_bytes`` caps a decoded answer
    (:data:`MAX_ANSWER_BYTES` by default).
    """

    def __init__(
        self,
        endpoint: str | None = None,
        token: str | None = None,
        *,
        connect_timeout: float = 5.0,
        read_timeout: float = 15.0,
        retry_budget: float = 10.0,
        deadline: float | None = None,
        backoff: float = 0.25,
        max_attempts: int = 4,
        page_size: int = PAGE_SIZE,
        max_answer_bytes: int | None = None,
    ) -> None:
        base = endpoint if endpoint is not None else os.environ.get("HF_ENDPOINT", "")
        self.endpoint, self.host = _checked_endpoint(base)
        headers = {
            "User-Agent": f"hfpapers/{__version__}",
            "Accept": "application/json",
            "Accept-Encoding": ACCEPT_ENCODING,
        }
        token = (token if token is not None else os.environ.get("HF_TOKEN", "")).strip()
        if token:
            if not (token.isascii() and token.isprintable()):
                raise ValueError("HF_TOKEN holds characters no token has; fix or unset it")
            headers["Authorization"] = f"Bearer {token}"
        self.read_timeout = read_timeout
        self.retry_budget = retry_budget
        self.deadline = DEADLINE if deadline is None else deadline
        self.backoff = backoff
        self.max_attempts = max(1, max_attempts)
        self.page_size = page_size
        self.max_answer_bytes = MAX_ANSWER_BYTES if max_answer_bytes is None else max_answer_bytes
        # Redirects are followed by hand: httpx would read (and inflate) their bodies unbounded.
        self._http = httpx.AsyncClient(
            base_url=self.endpoint,
            headers=headers,
            timeout=httpx.Timeout(read_timeout, connect=connect_timeout),
            follow_redirects=False,
        )

    def __repr__(self) -> str:  # never show the token
        return f"PapersClient({self.endpoint!r})"

    async def __aenter__(self) -> PapersClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._http.aclose()

    # --- the three calls ---------------------------------------------------------------------

    async def listing(
        self, query: Query, limit: int | None = None, *, on_first_failure: OnFailure | None = None
    ) -> Fetched:
        """A Daily Papers listing (latest, day, week, month or trending), or a search.

        Days, weeks and months are paged with ``p``/``limit`` until a short or empty page (or
        one with nothing new: a server that ignores ``p``), up to :data:`MAX_PAGES`; latest
        and trending are one page, since paging them would walk back through the whole
        archive. ``limit`` caps the number of papers returned.

        ``on_first_failure`` is called (on the event loop, at most once) with the first failure
        that will be retried, so a front end can say "offline" while the retries go on.
        """
        told = _once(on_first_failure)
        if query.kind == "search":
            return await self.search(query.value or "", limit, on_first_failure=told)
        paged = query.kind in ("day", "week", "month")
        per_page = min(self.page_size if paged else 100, limit or self.page_size)
        result = Fetched()
        seen: set[str] = set()
        for page in range(MAX_PAGES if paged else 1):
            params = {**query.params(), "p": str(page), "limit": str(per_page)}
            data = await self._get_json("/api/daily_papers", params, query=query, on_failure=told)
            parsed = await _parse_off_loop(parse_listing, data)
            fresh = [paper for paper in parsed.papers if paper.id not in seen]
            seen.update(paper.id for paper in fresh)
            result.papers.extend(fresh)
            result.skipped += parsed.skipped
            result.records += len(data)
            repeats = parsed.papers and not fresh  # the server ignores p: stop, not loop
            if len(data) < per_page or repeats or (limit and len(result.papers) >= limit):
                break  # a short page is the last
        else:
            if paged:
                result.truncated_at = len(result.papers)
        if limit:
            del result.papers[limit:]
        return self._readable(result)

    async def search(
        self, text: str, limit: int | None = None, *, on_first_failure: OnFailure | None = None
    ) -> Fetched:
        """Papers matching ``text`` (title, authors and content), best first."""
        params = {"q": text}
        if limit:
            params["limit"] = str(min(limit, SEARCH_MAX))
        data = await self._get_json("/api/papers/search", params, on_failure=on_first_failure)
        parsed = await _parse_off_loop(parse_listing, data)
        result = Fetched(parsed.papers, parsed.skipped, records=len(data))
        if limit:
            del result.papers[limit:]
        return self._readable(result)

    async def paper(self, arxiv_id: str) -> Paper:
        """One paper by arXiv id (a version suffix such as ``v2`` is dropped).

        Raises:
            ValueError: ``arxiv_id`` is not an arXiv id (no request is made).
            NotFoundError: Hugging Face does not know the paper.
        """
        paper_id = require_arxiv_id(arxiv_id)
        data = await self._get_json(f"/api/papers/{paper_id}", {}, paper_id=paper_id)
        paper = parse_paper(data)
        if paper.id != paper_id:  # it would be shown, cited and bookmarked as the one asked for
            raise BadResponseError(
                f"unexpected answer from {self.host}: asked for paper {paper_id}, got {paper.id}"
            )
        return paper

    def _readable(self, result: Fetched) -> Fetched:
        """``result``, unless it has records and none could be read: such an answer is
        unusable, and taken for an empty listing it would replace a good cached one."""
        if result.skipped and not result.papers:
            s = "" if result.skipped == 1 else "s"
            raise BadResponseError(
                f"unusable answer from {self.host}: none of its {result.skipped} record{s} "
                "could be read"
            )
        return result

    # --- one GET with retries ----------------------------------------------------------------

    async def _get_json(
        self,
        path: str,
        params: dict[str, str],
        *,
        query: Query | None = None,
        paper_id: str | None = None,
        on_failure: OnFailure | None = None,
        decode: Callable[[httpx.Response, bytes], Any] | None = None,
    ) -> Any:
        """GET ``path`` and decode its JSON (or what ``decode`` makes of the answer), retrying
        transient failures while a try fits in :attr:`retry_budget`, all within
        :attr:`deadline` seconds."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.deadline
        last_try = min(deadline, loop.time() + self.retry_budget)
        attempt = 0
        while True:
            attempt += 1
            try:
                async with asyncio.timeout_at(deadline):
                    response, body = await self._get(path, params)
            except TimeoutError:
                raise SlowAnswerError(
                    f"{self.host} sent no complete answer within {self.deadline:g} s"
                ) from None
            except httpx.TransportError as error:
                failure: NetworkError = self._transport_error(error)
                wait = self.backoff * 2 ** (attempt - 1)
            except httpx.RequestError as error:  # e.g. a redirect to a malformed URL
                message = f"unusable answer from {self.host}: {_reason(error)}"
                raise BadResponseError(message) from None
            else:
                if response.status_code < 400:
                    return (decode or self._decode)(response, body)
                answer = self._status_error(response, body, query=query, paper_id=paper_id)
                if not isinstance(answer, NetworkError):
                    raise answer  # 4xx other than 429: retrying cannot help
                failure = answer
                hinted = retry_after(response)
                wait = hinted if hinted is not None else self.backoff * 2 ** (attempt - 1)
            if attempt >= self.max_attempts or loop.time() + wait > last_try:
                raise failure
            if on_failure is not None:
                on_failure(failure)
            await asyncio.sleep(wait)

    async def _get(self, path: str, params: dict[str, str]) -> tuple[httpx.Response, bytes]:
        """One try: the final answer (redirects followed unread) and its decoded body.

        Raises:
            BadResponseError: a success over :attr:`max_answer_bytes`, an encoding we do not
                read, or too many redirects.
        """
        request = self._http.build_request("GET", path, params=params)
        for _ in range(MAX_REDIRECTS + 1):
            response = await self._http.send(request, stream=True)
            try:
                if response.next_request is None:
                    return response, await self._body(response)
                request = response.next_request
            finally:
                await response.aclose()
        raise BadResponseError(f"unusable answer from {self.host}: too many redirects")

    async def _body(self, response: httpx.Response) -> bytes:
        """The decoded body, read no further than the cap (an error's only for its message)."""
        if response.status_code >= 400:
            try:
                return await _read_body(response, MAX_ERROR_BYTES, self.host) or b""
            except BadResponseError:  # the status says enough without the body
                return b""
        body = await _read_body(response, self.max_answer_bytes, self.host)
        if body is None:
            raise BadResponseError(
                f"{self.host} sent an answer over {self.max_answer_bytes / 1e6:g} MB; "
                "not reading more of it"
            )
        return body

    def _transport_error(self, error: httpx.TransportError) -> OfflineError:
        if isinstance(error, httpx.TimeoutException):
            if isinstance(error, httpx.ConnectTimeout):
                return OfflineError(f"cannot reach {self.host}: connection timed out")
            return OfflineError(
                f"{self.host} did not answer within {self.read_timeout:g} s (read timeout)"
            )
        return OfflineError(f"cannot reach {self.host}: {_reason(error)}")

    def _status_error(
        self, response: httpx.Response, body: bytes, *, query: Query | None, paper_id: str | None
    ) -> HFPapersError:
        status = response.status_code
        if status == 429:
            wait = retry_after(response)
            when = f"try again in {math.ceil(wait)} s" if wait else "try again in a few minutes"
            return RateLimitedError(
                f"Hugging Face is rate limiting us (HTTP 429); {when}", retry_after=wait
            )
        if status >= 500:
            return ServerError(f"Hugging Face server error (HTTP {status}); try again later")
        if status in (404, 410) and paper_id:  # 410 Gone: removed, as good as unknown
            return NotFoundError(f"paper {paper_id} not found on Hugging Face")
        detail = _error_detail(response, body)
        if status == 400 and query is not None and query.value:
            return BadResponseError(
                f"Hugging Face rejected the {query.kind} {query.value} (HTTP 400{detail})"
            )
        if status in (401, 403):
            return BadResponseError(
                f"Hugging Face refused the request (HTTP {status}{detail}); check HF_TOKEN"
            )
        return BadResponseError(
            f"unexpected answer from {self.host}: HTTP {status}{detail} for {response.url.path}"
        )

    def _decode(self, response: httpx.Response, body: bytes) -> Any:
        try:
            return orjson.loads(body)
        except orjson.JSONDecodeError:
            pass
        start = body.lstrip()[:200].lower()
        if "html" in response.headers.get("content-type", "") or start.startswith(b"<"):
            raise BadResponseError(
                f"{self.host} answered with a web page, not the papers API; check HF_ENDPOINT"
            )
        if not start:
            raise BadResponseError(f"{self.host} sent an empty answer")
        raise BadResponseError(f"{self.host} sent broken JSON (cut off or malformed)")

    # --- full text and linked repositories -----------------------------------------------------

    async def paper_text(self, arxiv_id: str) -> str:
        """The paper's full text as Markdown (``/papers/{id}.md``, built from arXiv's HTML).

        Raises:
            ValueError: ``arxiv_id`` is not an arXiv id (no request is made).
            NotFoundError: Hugging Face has no text for it.
            BadResponseError: the answer is a web page, empty, or not UTF-8 text.
        """
        paper_id = require_arxiv_id(arxiv_id)
        text: str = await self._get_json(
            f"/papers/{paper_id}.md", {}, paper_id=paper_id, decode=self._decode_text
        )
        return text

    async def linked_repos(self, arxiv_id: str) -> LinkedRepos:
        """Models, datasets and Spaces citing the paper, most liked first.

        From the paper answer's ``linked*`` fields where it has them; each kind it lacks (or
        lists only in part) from ``/api/{models,datasets,spaces}?filter=arxiv:{id}``.

        Raises:
            ValueError: ``arxiv_id`` is not an arXiv id.
            NotFoundError: Hugging Face does not know the paper.
        """
        from tui.core import linked

        paper_id = require_arxiv_id(arxiv_id)
        data = await self._get_json(f"/api/papers/{paper_id}", {}, paper_id=paper_id)
        repos, missing = linked.from_paper_answer(paper_id, data)
        repos.fetched_at = linked.now()
        for kind in missing:
            params = {
                "filter": f"arxiv:{paper_id}",
                "sort": "likes",
                "direction": "-1",
                "limit": str(linked.MAX_ITEMS),
            }
            items = await self._get_json(linked.LIST_PATHS[kind], params)
            if not isinstance(items, list):
                raise BadResponseError(
                    f"unexpected answer from {self.host}: {linked.LIST_PATHS[kind]} "
                    f"sent a JSON {type(items).__name__}, not a list"
                )
            linked.merge(repos, kind, linked.parse_items(kind, items))
        return repos

    async def paper_and_linked(self, arxiv_id: str) -> tuple[Paper, LinkedRepos]:
        """One paper, and what its answer says cites it (only the kinds it lists: no request
        to the list endpoints). Raises as :meth:`paper`."""
        from tui.core import linked

        paper_id = require_arxiv_id(arxiv_id)
        data = await self._get_json(f"/api/papers/{paper_id}", {}, paper_id=paper_id)
        paper = parse_paper(data)
        if paper.id != paper_id:
            raise BadResponseError(
                f"unexpected answer from {self.host}: asked for paper {paper_id}, got {paper.id}"
            )
        repos, _missing = linked.from_paper_answer(paper_id, data)
        repos.fetched_at = linked.now()
        return paper, repos

    def _decode_text(self, response: httpx.Response, body: bytes) -> str:
        """A Markdown answer as text; a web page, an empty body or non-UTF-8 bytes is unusable."""
        start = body.lstrip()[:200].lower()
        if "text/html" in response.headers.get("content-type", "") or start.startswith(
            (b"<!doctype html", b"<html")
        ):
            raise BadResponseError(
                f"{self.host} answered with a web page, not the paper's text; check HF_ENDPOINT"
            )
        if not body.strip():
            raise BadResponseError(f"{self.host} sent an empty text")
        try:
            return body.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise BadResponseError(f"{self.host} sent a text that is not UTF-8") from None


def retry_after(response: httpx.Response) -> float | None:
    """Seconds to wait from ``Retry-After`` (seconds or an HTTP date), else ``RateLimit``'s t.

    Capped at a day: a server's hint must not make us wait forever (or crash on "1e999").
    """
    value = response.headers.get("retry-after", "").strip()
    seconds: float | None = None
    if value:
        try:
            seconds = float(value)
        except ValueError:
            seconds = _seconds_until(value)
    else:
        for part in response.headers.get("ratelimit", "").split(";"):
            key, _, number = part.strip().partition("=")
            if key == "t" and number.isascii() and number.isdigit():
                seconds = float(number)
    if seconds is None or not math.isfinite(seconds):
        return None
    return min(max(0.0, seconds), MAX_RETRY_AFTER)


def _seconds_until(http_date: str) -> float | None:
    try:
        when = parsedate_to_datetime(http_date)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return (when - datetime.now(UTC)).total_seconds()


def _reason(error: BaseException) -> str:
    """The OS-level reason under an httpx error: "connection refused", "connection reset"..."""
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, socket.gaierror):
            return f"host name not found ({clean_line(str(seen.strerror)).lower()})"
        if isinstance(seen, OSError) and isinstance(seen.errno, int) and seen.errno > 0:
            return os.strerror(seen.errno).lower()  # asyncio's strerror is "Connect call failed"
        seen = seen.__cause__ or seen.__context__
    if isinstance(error, httpx.RemoteProtocolError):
        return "the server closed the connection without answering"
    text = clean_line(str(error))
    return text.lower() if text else type(error).__name__


def _error_detail(response: httpx.Response, body: bytes) -> str:
    """``: <message>`` from HF's ``{"error": ...}`` body or ``X-Error-Message``, else empty."""
    message = response.headers.get("x-error-message", "")
    if not message:
        try:
            data = orjson.loads(body)
        except orjson.JSONDecodeError:
            data = None
        if isinstance(data, dict) and isinstance(data.get("error"), str):
            message = data["error"]
    message = clean_line(message)[:120]
    return f": {message}" if message else ""


async def _parse_off_loop(parse: Callable[[Any], T], data: Any) -> T:
    """Parse in a thread: 500 records take ~40 ms of pure Python, a visible freeze if the
    reader's event loop did it (the thread yields the GIL every few ms)."""
    return await asyncio.to_thread(parse, data)


async def _read_body(response: httpx.Response, limit: int, host: str) -> bytes | None:
    """The body, decoded, or None as soon as it passes ``limit`` bytes (no more is read).

    Raises:
        BadResponseError: an encoding we do not read, or a broken compressed stream.
    """
    inflater = _Inflater.for_encoding(response.headers.get("content-encoding", ""), host)
    body = bytearray()
    try:
        async for chunk in response.aiter_raw():
            body += inflater.inflate(chunk, limit + 1 - len(body))
            if len(body) > limit:
                return None
        body += inflater.flush()
    except zlib.error:
        raise BadResponseError(f"{host} sent a broken compressed answer") from None
    return None if len(body) > limit else bytes(body)


class _Inflater:
    """gzip or deflate decoding that never makes more bytes than it is asked for, so a small
    compressed body cannot inflate past the cap in memory (httpx's decoders have no bound)."""

    def __init__(self, wbits: int | None) -> None:
        self._zlib = None if wbits is None else zlib.decompressobj(wbits)

    @classmethod
    def for_encoding(cls, header: str, host: str) -> _Inflater:
        """The decoder of a ``Content-Encoding``; stacked or unknown codings are refused."""
        codings = [coding.strip().lower() for coding in header.split(",")]
        codings = [coding for coding in codings if coding not in ("", "identity")]
        if not codings:
            return cls(None)
        if codings in (["gzip"], ["x-gzip"]):
            return cls(16 + zlib.MAX_WBITS)
        if codings == ["deflate"]:
            return cls(zlib.MAX_WBITS)
        raise BadResponseError(
            f"{host} sent an answer compressed as {clean_line(header)!r}, which hfpapers "
            "cannot read"
        )

    def inflate(self, data: bytes, room: int) -> bytes:
        """``data`` decoded, but at most ``room`` bytes of it (the rest is not made)."""
        if self._zlib is None:
            return data
        out = bytearray()
        while data and len(out) < room:
            out += self._zlib.decompress(data, room - len(out))
            data = self._zlib.unconsumed_tail
        return bytes(out)

    def flush(self) -> bytes:
        return b"" if self._zlib is None else self._zlib.flush()


def _once(callback: OnFailure | None) -> OnFailure | None:
    """``callback``, called at most once (the first failure of a fetch of many requests)."""
    if callback is None:
        return None
    called = False

    def call(error: HFPapersError) -> None:
        nonlocal called
        if not called:
            called = True
            callback(error)

    return call


_USERINFO = re.compile(r"^[^:/?#]*://[^/?#]+@")


def _checked_endpoint(raw: str) -> tuple[str, str]:
    """The API base URL (no trailing slash) and its host, for messages.

    Raises:
        ValueError: one line naming HF_ENDPOINT; a password in it is never echoed.
    """
    endpoint = raw.strip().rstrip("/") or DEFAULT_ENDPOINT
    if _USERINFO.match(endpoint):  # it would be shown in every "cannot reach" message
        raise ValueError(
            "HF_ENDPOINT must not hold a user name or password (HF_TOKEN is the way to sign in)"
        )
    shown = clean_line(endpoint)
    try:
        parts = urlsplit(endpoint)
        port = parts.port
    except ValueError as error:  # "Invalid IPv6 URL" alone would not name the setting
        if "port" in str(error).lower():
            raise ValueError(f"HF_ENDPOINT has an invalid port: {shown!r}") from None
        raise ValueError(f"HF_ENDPOINT is not a valid URL ({error}): {shown!r}") from None
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"HF_ENDPOINT is not an http(s) URL: {shown!r}")
    if port == 0:
        raise ValueError(f"HF_ENDPOINT has an invalid port: {shown!r}")
    host = parts.hostname
    if not host:
        raise ValueError(f"HF_ENDPOINT has no host name: {shown!r}")
    if ":" not in host and not all(char.isalnum() or char in "-._" for char in host):
        raise ValueError(f"HF_ENDPOINT has no valid host name: {shown!r}")
    return endpoint, parts.netloc
