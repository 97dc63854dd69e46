"""A fake Telegram Bot API server on loopback, for tests that use the real client.

Tests of the messaging gateway drive python-telegram-bot's real ``telegram.Bot``, so
that request encoding, response parsing and the mapping of Telegram errors to
``telegram.error`` exceptions are the library's own, not a mock's idea of them. Only
the server is fake: a standard-library ``ThreadingHTTPServer`` in a daemon thread on
127.0.0.1, on a port the operating system picks.

Usage::

    with FakeTelegram(token=TOKEN) as fake:
        bot = telegram.Bot(TOKEN, base_url=fake.base_url)   # ".../bot"
        await bot.initialize()                               # getMe
        await bot.send_message(chat_id=42, text="Bonjour")
        assert fake.sent_messages()[0]["text"] == "Bonjour"

The fake behaves like the real API where a gateway would notice the difference:

* PTB posts form-encoded bodies whose non-string values are JSON (``chat_id=42``,
  ``reply_markup={...}``); JSON bodies, query strings and multipart bodies are
  accepted too. Recorded parameters are decoded to Python values.
* Method names are case-insensitive, as on api.telegram.org.
* Errors carry the HTTP status equal to ``error_code`` and the Bot API error body,
  so PTB raises ``Forbidden`` (403), ``BadRequest`` (400), ``InvalidToken`` (401,
  404), ``RetryAfter`` (any status whose body has ``parameters.retry_after``) or
  ``NetworkError`` (5xx).
* ``sendMessage`` rejects empty texts and texts over 4096 UTF-16 units, and a
  non-numeric ``chat_id`` ("@name") is "chat not found", as for an unknown user.
* ``getUpdates`` answers 409 Conflict while a webhook is set, and long-polls for at
  most ``max_long_poll`` seconds (1 s by default) whatever ``timeout`` says.
* ``editMessageReplyMarkup`` knows the messages it sent: an unknown message is
  "message to edit not found" and an unchanged markup is "message is not modified".
* Webhook URLs are *not* required to be HTTPS (the real API requires it) because
  tests register plain-HTTP servers on loopback; ``deliver_to_webhook`` posts an
  update there with the secret-token header Telegram sends.
"""

from __future__ import annotations

import copy
import email.parser
import email.policy
import json
import re
import socket
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import parse_qsl, urlsplit

JSONDict = dict[str, Any]

MAX_MESSAGE_LENGTH = 4096  # UTF-16 code units, after entity parsing
BLOCKED_DESCRIPTION = "Forbidden: bot was blocked by the user"
NOT_MODIFIED_DESCRIPTION = (
    "Bad Request: message is not modified: specified new message content and reply "
    "markup are exactly the same as a current content and reply markup of the message"
)
WEBHOOK_CONFLICT_DESCRIPTION = (
    "Conflict: can't use getUpdates method while webhook is active; "
    "use deleteWebhook to delete the webhook first"
)

# Form fields that are strings by type: never JSON-decode them, or a text "123" or
# "true" would come back as a number or a boolean. Every other form value is JSON
# when PTB sends it (numbers, booleans, objects), or a plain string ("@channel").
_STRING_FIELDS = frozenset(
    {
        "text",
        "caption",
        "parse_mode",
        "callback_query_id",
        "inline_message_id",
        "url",
        "secret_token",
        "ip_address",
        "business_connection_id",
        "message_effect_id",
    }
)
_SECRET_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,256}")


class _ApiError(Exception):
    """A Bot API error answer, raised by a method handler."""

    def __init__(self, error_code: int, description: str, retry_after: int | None = None):
        super().__init__(description)
        self.error_code = error_code
        self.description = description
        self.retry_after = retry_after

    def response(self) -> tuple[int, JSONDict]:
        body: JSONDict = {
            "ok": False,
            "error_code": self.error_code,
            "description": self.description,
        }
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        return self.error_code, body


@dataclass
class _Failure:
    error_code: int
    description: str
    retry_after: int | None
    remaining: int


def _decode_value(name: str, value: str) -> Any:
    if name in _STRING_FIELDS:
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value


def _parse_multipart(body: bytes, content_type: str) -> JSONDict:
    """Decode a multipart/form-data body (PTB uses it only when uploading files)."""
    head = f"Content-Type: {content_type}\r\n\r\n".encode("latin-1")
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + body)
    params: JSONDict = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if not name:
            continue
        payload = part.get_payload(decode=True) or b""
        filename = part.get_filename()
        if filename is not None:
            params[name] = {"filename": filename, "size": len(payload)}
        else:
            params[name] = _decode_value(name, payload.decode("utf-8"))
    return params


def _parse_body(body: bytes, content_type: str) -> JSONDict:
    media_type = content_type.split(";", 1)[0].strip().lower()
    if not body:
        return {}
    if media_type == "application/json":
        data = json.loads(body)
        return data if isinstance(data, dict) else {}
    if media_type == "multipart/form-data":
        return _parse_multipart(body, content_type)
    pairs = parse_qsl(body.decode("utf-8"), keep_blank_values=True)
    return {name: _decode_value(name, value) for name, value in pairs}


def _utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    fake: FakeTelegram

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.open_connections: set[socket.socket] = set()
        self.connections_lock = threading.Lock()

    def process_request(self, request: Any, client_address: Any) -> None:
        with self.connections_lock:
            self.open_connections.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self.connections_lock:
            self.open_connections.discard(request)
        super().shutdown_request(request)

    def close_connections(self) -> None:
        """Keep-alive connections too: a stopped server answers nobody, as a real
        outage does (else a client's pooled connection would go on being served)."""
        with self.connections_lock:
            connections = list(self.open_connections)
        for connection in connections:
            try:
                connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body are written separately: without TCP_NODELAY, Nagle and the
    # client's delayed ACK add 40 ms to every keep-alive request on loopback.
    disable_nagle_algorithm = True
    server: _Server

    def do_GET(self) -> None:
        self._handle()

    def do_POST(self) -> None:
        self._handle()

    def log_message(self, format: str, *args: Any) -> None:
        """Keep test output clean: the fake records calls instead of logging them."""

    def _handle(self) -> None:
        url = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        try:
            params: JSONDict = {
                name: _decode_value(name, value)
                for name, value in parse_qsl(url.query, keep_blank_values=True)
            }
            params.update(_parse_body(body, self.headers.get("Content-Type", "")))
        except (ValueError, UnicodeDecodeError):
            status, payload = (
                400,
                {
                    "ok": False,
                    "error_code": 400,
                    "description": "Bad Request: can't parse request body",
                },
            )
        else:
            status, payload = self.server.fake._dispatch(url.path, params)
        data = json.dumps(payload).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


class FakeTelegram:
    """A Telegram Bot API server on 127.0.0.1 that records calls and fails on demand.

    ``token``: when given, requests whose URL carries another token get 401
    Unauthorized, as the real API answers for a well-formed but revoked token.
    """

    def __init__(
        self,
        token: str | None = None,
        *,
        bot_id: int = 7_000_000_001,
        bot_username: str = "care_companion_test_bot",
        bot_first_name: str = "Care Companion",
        max_long_poll: float = 1.0,
        rate_limit: tuple[float, float] | None = None,
    ) -> None:
        self.token = token
        # (messages per second overall, seconds between two messages to one chat):
        # beyond it sendMessage answers 429 with retry_after, as Telegram does.
        self.rate_limit = rate_limit
        self.rate_limited = 0  # how many 429s the rate limit gave
        self._recent: list[float] = []
        self._last_to_chat: dict[int, float] = {}
        self._sent_times: list[float] = []
        self.max_long_poll = max_long_poll
        self.bot_user: JSONDict = {
            "id": bot_id,
            "is_bot": True,
            "first_name": bot_first_name,
            "username": bot_username,
            "can_join_groups": False,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }
        self._cond = threading.Condition()
        self._calls: list[tuple[str, JSONDict]] = []
        self._sent: list[JSONDict] = []
        self._messages: dict[tuple[int, int], JSONDict] = {}
        self._next_message_id = 1
        self._updates: list[JSONDict] = []
        self._next_update_id = 1
        self._failures: dict[str, list[_Failure]] = {}
        self._blocked: set[int] = set()
        self._webhook: JSONDict = {}
        self._stopping = False
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._methods = {
            "getme": self._get_me,
            "sendmessage": self._send_message,
            "answercallbackquery": self._answer_callback_query,
            "setwebhook": self._set_webhook,
            "deletewebhook": self._delete_webhook,
            "getwebhookinfo": self._get_webhook_info,
            "getupdates": self._get_updates,
            "editmessagereplymarkup": self._edit_message_reply_markup,
        }

    # -- lifecycle ---------------------------------------------------------------

    def start(self) -> FakeTelegram:
        if self._server is not None:
            return self
        self._stopping = False
        server = _Server(("127.0.0.1", 0), _Handler)
        server.fake = self
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": 0.05},  # shutdown() waits up to one poll interval
            name="fake-telegram",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is None:
            return
        with self._cond:
            self._stopping = True  # releases long-polling getUpdates at once
            self._cond.notify_all()
        self._server.shutdown()
        self._server.server_close()
        self._server.close_connections()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = None
        self._thread = None

    def __enter__(self) -> FakeTelegram:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("FakeTelegram is not started")
        return int(self._server.server_address[1])

    @property
    def base_url(self) -> str:
        """What to pass as ``telegram.Bot(token, base_url=...)``: PTB appends the token."""
        return f"http://127.0.0.1:{self.port}/bot"

    # -- inspection --------------------------------------------------------------

    @property
    def calls(self) -> list[tuple[str, JSONDict]]:
        """Every request that named a method, failed or not: (method, params)."""
        with self._cond:
            return copy.deepcopy(self._calls)

    def calls_of(self, method: str) -> list[JSONDict]:
        """The params of every call of ``method`` (case-insensitive)."""
        return [params for name, params in self.calls if name.lower() == method.lower()]

    def sent_messages(self) -> list[JSONDict]:
        """Messages sendMessage accepted: chat_id, text, message_id, reply_markup if any."""
        with self._cond:
            return copy.deepcopy(self._sent)

    def wait_for_messages(self, n: int, timeout: float = 10) -> list[JSONDict]:
        """Wait until at least ``n`` messages were sent; they are sent by other threads."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while len(self._sent) < n:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError(
                        f"expected {n} sent message(s) within {timeout}s, got "
                        f"{len(self._sent)}: {self._sent!r}"
                    )
                self._cond.wait(remaining)
            return copy.deepcopy(self._sent)

    def wait_for_calls(self, method: str, n: int, timeout: float = 10) -> list[JSONDict]:
        """Wait until ``method`` was called at least ``n`` times; return their params."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                found = [p for m, p in self._calls if m.lower() == method.lower()]
                if len(found) >= n:
                    return copy.deepcopy(found)
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError(
                        f"expected {n} {method} call(s) within {timeout}s, got {len(found)}"
                    )
                self._cond.wait(remaining)

    @property
    def webhook(self) -> JSONDict:
        """The registered webhook: url, secret_token, allowed_updates... ({} if none)."""
        with self._cond:
            return dict(self._webhook)

    # -- programming -------------------------------------------------------------

    def fail_next(
        self,
        method: str,
        error_code: int,
        description: str,
        retry_after: int | None = None,
        times: int = 1,
    ) -> None:
        """Make the next ``times`` calls of ``method`` fail with this Bot API error.

        The HTTP status is ``error_code``; ``retry_after`` adds
        ``"parameters": {"retry_after": ...}``, which PTB turns into ``RetryAfter``.
        Successive programs for one method are used in order.
        """
        with self._cond:
            self._failures.setdefault(method.lower(), []).append(
                _Failure(error_code, description, retry_after, times)
            )

    def block_chat(self, chat_id: int) -> None:
        """The user blocked the bot: every call addressed to this chat gets 403."""
        with self._cond:
            self._blocked.add(int(chat_id))

    def unblock_chat(self, chat_id: int) -> None:
        with self._cond:
            self._blocked.discard(int(chat_id))

    def queue_update(self, update: JSONDict) -> int:
        """Queue an Update for getUpdates; an ``update_id`` is assigned if missing."""
        update = copy.deepcopy(update)
        with self._cond:
            if "update_id" not in update:
                update["update_id"] = self._next_update_id
            self._next_update_id = max(self._next_update_id, int(update["update_id"]) + 1)
            self._updates.append(update)
            self._cond.notify_all()
            return int(update["update_id"])

    def queue_text(
        self,
        chat_id: int,
        text: str,
        *,
        first_name: str = "Patient",
        language_code: str | None = "fr",
    ) -> int:
        """Queue an Update carrying a private text message from user ``chat_id``."""
        user: JSONDict = {"id": chat_id, "is_bot": False, "first_name": first_name}
        if language_code:
            user["language_code"] = language_code
        with self._cond:
            message_id = self._take_message_id()
        return self.queue_update(
            {
                "message": {
                    "message_id": message_id,
                    "from": user,
                    "chat": {"id": chat_id, "type": "private", "first_name": first_name},
                    "date": int(time.time()),
                    "text": text,
                }
            }
        )

    def queue_callback(self, chat_id: int, data: str, *, message_id: int | None = None) -> int:
        """Queue an Update for a press on an inline button of message ``message_id``.

        The message defaults to the last one sent to that chat, whose text and
        markup are echoed as Telegram does.
        """
        with self._cond:
            if message_id is None:
                ours = [m for (c, _), m in self._messages.items() if c == chat_id]
                if not ours:
                    raise ValueError(f"no message was sent to chat {chat_id}")
                message = copy.deepcopy(ours[-1])
            else:
                message = copy.deepcopy(self._messages[(chat_id, message_id)])
            query_id = f"{chat_id}{int(time.time() * 1000)}{self._next_update_id}"
        user = {"id": chat_id, "is_bot": False, "first_name": "Patient"}
        return self.queue_update(
            {
                "callback_query": {
                    "id": query_id,
                    "from": user,
                    "message": message,
                    "chat_instance": str(chat_id),
                    "data": data,
                }
            }
        )

    def deliver_to_webhook(self, update: JSONDict, timeout: float = 10) -> int:
        """POST an Update to the registered webhook, as Telegram does; return the status."""
        webhook = self.webhook
        if not webhook.get("url"):
            raise RuntimeError("no webhook is set")
        update = copy.deepcopy(update)
        with self._cond:
            if "update_id" not in update:
                update["update_id"] = self._next_update_id
            self._next_update_id = max(self._next_update_id, int(update["update_id"]) + 1)
        headers = {"Content-Type": "application/json"}
        if webhook.get("secret_token"):
            headers["X-Telegram-Bot-Api-Secret-Token"] = webhook["secret_token"]
        request = urllib.request.Request(
            webhook["url"], data=json.dumps(update).encode(), headers=headers, method="POST"
        )
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return int(response.status)
        except urllib.error.HTTPError as error:
            return int(error.code)

    # -- dispatch ----------------------------------------------------------------

    def _dispatch(self, path: str, params: JSONDict) -> tuple[int, JSONDict]:
        match = re.fullmatch(r"/bot([^/]*)/([^/]+)", path)
        if match is None:
            return 404, {"ok": False, "error_code": 404, "description": "Not Found"}
        token, method = match.groups()
        with self._cond:
            self._calls.append((method, copy.deepcopy(params)))
            self._cond.notify_all()
        if self.token is not None and token != self.token:
            return 401, {"ok": False, "error_code": 401, "description": "Unauthorized"}
        handler = self._methods.get(method.lower())
        if handler is None:
            return 404, {
                "ok": False,
                "error_code": 404,
                "description": "Not Found: method not found",
            }
        try:
            self._check_programmed_failure(method)
            self._check_blocked(params)
            result = handler(params)
        except _ApiError as error:
            return error.response()
        return 200, {"ok": True, "result": result}

    def _check_programmed_failure(self, method: str) -> None:
        with self._cond:
            queue = self._failures.get(method.lower())
            if not queue:
                return
            failure = queue[0]
            failure.remaining -= 1
            if failure.remaining <= 0:
                queue.pop(0)
        raise _ApiError(failure.error_code, failure.description, failure.retry_after)

    def _check_blocked(self, params: JSONDict) -> None:
        chat_id = params.get("chat_id")
        with self._cond:
            if isinstance(chat_id, int) and chat_id in self._blocked:
                raise _ApiError(403, BLOCKED_DESCRIPTION)

    def _take_message_id(self) -> int:
        message_id = self._next_message_id
        self._next_message_id += 1
        return message_id

    @staticmethod
    def _chat_id(params: JSONDict) -> int:
        chat_id = params.get("chat_id")
        if chat_id is None or chat_id == "":
            raise _ApiError(400, "Bad Request: chat_id is empty")
        if isinstance(chat_id, bool) or not isinstance(chat_id, int):
            # "@username" or garbage: no such chat for a bot talking to patients.
            raise _ApiError(400, "Bad Request: chat not found")
        return chat_id

    # -- methods -----------------------------------------------------------------

    def _get_me(self, params: JSONDict) -> JSONDict:
        return dict(self.bot_user)

    def _send_message(self, params: JSONDict) -> JSONDict:
        chat_id = self._chat_id(params)
        text = params.get("text")
        if not isinstance(text, str) or not text.strip():
            raise _ApiError(400, "Bad Request: message text is empty")
        if _utf16_length(text) > MAX_MESSAGE_LENGTH:
            raise _ApiError(400, "Bad Request: message is too long")
        reply_markup = params.get("reply_markup")
        with self._cond:
            self._check_rate(chat_id)
            message_id = self._take_message_id()
            message: JSONDict = {
                "message_id": message_id,
                "from": {
                    key: self.bot_user[key] for key in ("id", "is_bot", "first_name", "username")
                },
                "chat": {"id": chat_id, "type": "private"},
                "date": int(time.time()),
                "text": text,
            }
            # Telegram echoes inline keyboards only; reply keyboards stay client-side.
            if isinstance(reply_markup, dict) and "inline_keyboard" in reply_markup:
                message["reply_markup"] = reply_markup
            self._messages[(chat_id, message_id)] = message
            sent: JSONDict = {"chat_id": chat_id, "text": text, "message_id": message_id}
            if reply_markup is not None:
                sent["reply_markup"] = reply_markup
            if params.get("parse_mode"):
                sent["parse_mode"] = params["parse_mode"]
            self._sent.append(sent)
            self._sent_times.append(time.time())
            self._cond.notify_all()
            return copy.deepcopy(message)

    def _check_rate(self, chat_id: int) -> None:
        if self.rate_limit is None:
            return
        per_second, per_chat = self.rate_limit
        now = time.monotonic()
        self._recent = [t for t in self._recent if now - t < 1.0]
        # A little slack, as Telegram's own limits are not to the millisecond.
        if len(self._recent) >= int(per_second * 1.1) or (
            now - self._last_to_chat.get(chat_id, -1e9) < per_chat * 0.9
        ):
            self.rate_limited += 1
            raise _ApiError(429, "Too Many Requests: retry after 1", retry_after=1)
        self._recent.append(now)
        self._last_to_chat[chat_id] = now

    def sent_times(self) -> list[float]:
        """When each sent message was accepted (time.time()), in the order sent."""
        with self._cond:
            return list(self._sent_times)

    def _answer_callback_query(self, params: JSONDict) -> bool:
        if not params.get("callback_query_id"):
            raise _ApiError(400, "Bad Request: QUERY_ID_INVALID")
        return True

    def _set_webhook(self, params: JSONDict) -> bool:
        url = params.get("url", "")
        if not isinstance(url, str):
            raise _ApiError(400, "Bad Request: bad webhook: invalid URL")
        secret = params.get("secret_token")
        if secret is not None and not _SECRET_TOKEN.fullmatch(str(secret)):
            raise _ApiError(400, "Bad Request: secret token contains unallowed characters")
        with self._cond:
            if not url:  # an empty URL removes the webhook, as on the real API
                self._webhook = {}
                return True
            if not url.startswith(("http://", "https://")):
                raise _ApiError(400, "Bad Request: bad webhook: invalid webhook URL specified")
            if params.get("drop_pending_updates"):
                self._updates.clear()
            self._webhook = {
                "url": url,
                "secret_token": secret,
                "allowed_updates": params.get("allowed_updates"),
                "max_connections": params.get("max_connections", 40),
            }
            self._cond.notify_all()
        return True

    def _delete_webhook(self, params: JSONDict) -> bool:
        with self._cond:
            self._webhook = {}
            if params.get("drop_pending_updates"):
                self._updates.clear()
        return True

    def _get_webhook_info(self, params: JSONDict) -> JSONDict:
        with self._cond:
            info: JSONDict = {
                "url": self._webhook.get("url", ""),
                "has_custom_certificate": False,
                "pending_update_count": len(self._updates),
            }
            if self._webhook:
                info["max_connections"] = self._webhook["max_connections"]
                if self._webhook.get("allowed_updates"):
                    info["allowed_updates"] = self._webhook["allowed_updates"]
            return info

    def _get_updates(self, params: JSONDict) -> list[JSONDict]:
        offset = int(params.get("offset") or 0)
        limit = min(max(int(params.get("limit") or 100), 1), 100)
        timeout = min(max(float(params.get("timeout") or 0), 0.0), self.max_long_poll)
        deadline = time.monotonic() + timeout
        with self._cond:
            if self._webhook:
                raise _ApiError(409, WEBHOOK_CONFLICT_DESCRIPTION)
            # Asking from `offset` confirms every earlier update: they are forgotten.
            if offset > 0:
                self._updates = [u for u in self._updates if u["update_id"] >= offset]
            elif offset < 0:
                self._updates = self._updates[offset:]
            while not self._updates and not self._stopping:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    break
                self._cond.wait(remaining)
            return copy.deepcopy(self._updates[:limit])

    def _edit_message_reply_markup(self, params: JSONDict) -> JSONDict | bool:
        if params.get("inline_message_id"):
            return True
        chat_id = self._chat_id(params)
        message_id = params.get("message_id")
        reply_markup = params.get("reply_markup")
        with self._cond:
            message = self._messages.get((chat_id, message_id))
            if message is None:
                raise _ApiError(400, "Bad Request: message to edit not found")
            if message.get("reply_markup") == reply_markup or (
                reply_markup in (None, {"inline_keyboard": []}) and "reply_markup" not in message
            ):
                raise _ApiError(400, NOT_MODIFIED_DESCRIPTION)
            if reply_markup and reply_markup.get("inline_keyboard"):
                message["reply_markup"] = reply_markup
            else:
                message.pop("reply_markup", None)
            message["edit_date"] = int(time.time())
            return copy.deepcopy(message)
