"""A fake Twilio REST API on loopback, for tests that use the real ``twilio`` client.

The gateway's tests drive twilio's real ``twilio.rest.Client`` so that the form
encoding of ``messages.create`` and the mapping of error bodies to
``TwilioRestException`` are the library's own. Only the server is fake: a
standard-library ``ThreadingHTTPServer`` in a daemon thread on 127.0.0.1, on a port
the operating system picks.

Pointing the real client at it (checked with twilio 9.x)::

    client = twilio.rest.Client(fake.account_sid, fake.auth_token)
    client.api.base_url = fake.base_url        # "http://127.0.0.1:PORT"
    # or simply: client = fake.client()

``client.api`` is created once and cached by the client, and every request builds
its URL from ``Domain.base_url`` at call time, so the assignment sticks for
``client.messages`` and ``client.api.v2010.account.messages``. It is only
overridden when an edge or region is configured (``edge=``/``region=`` or the
``TWILIO_EDGE``/``TWILIO_REGION`` environment variables): the client then rewrites
the host name, which would break the loopback URL, so tests must not set them.

What the fake checks, as Twilio does: HTTP Basic auth must be (account SID, auth
token) or the answer is 401 with code 20003; the account in the path must be the
authenticated one (404, 20404); ``To`` (21604), ``From`` or ``MessagingServiceSid``
(21603) and ``Body``/``MediaUrl``/``ContentSid`` (21602) are required; a body over
1600 characters is refused (21617); and a WhatsApp ``To`` needs a WhatsApp ``From``
(21910); a ``ContentSid`` must look like one (HX + 32 hex, 21655) and its
``ContentVariables`` be a JSON object of strings under numbered keys (21656), which is
recorded decoded as ``variables``. ``GET .../Messages.json`` lists the messages
accepted, newest first, filtered by ``To`` and ``From`` (one page). Error bodies use
Twilio's legacy shape (code, message, more_info, status), which the client raises as
``TwilioRestException`` with ``.code`` and ``.status``.

The module also builds what Twilio *sends* to us: ``sign`` computes
``X-Twilio-Signature`` with twilio's own ``RequestValidator``, and
``FakeTwilio.status_callback_params`` / ``FakeTwilio.inbound_params`` return the form
fields of a status callback and of an inbound SMS or WhatsApp message.
"""

from __future__ import annotations

import base64
import binascii
import copy
import json
import re
import threading
import time
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlsplit

from twilio.request_validator import RequestValidator

if TYPE_CHECKING:
    from twilio.rest import Client

JSONDict = dict[str, Any]

API_VERSION = "2010-04-01"
MAX_BODY_LENGTH = 1600

# Characters that keep an SMS in GSM-7, roughly: enough to give realistic segment
# counts for French and Dutch texts without depending on the code under test.
_GSM_ROUGH = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
_GSM_EXTENSION = frozenset("\f^{}\\[~]|€")


def _new_sid(prefix: str) -> str:
    return prefix + uuid.uuid4().hex


def _rfc2822_now() -> str:
    """Twilio's resource dates: 'Thu, 24 Aug 2023 05:01:45 +0000'."""
    return format_datetime(datetime.now(timezone.utc).replace(microsecond=0))


def rough_segments(body: str, to: str = "") -> int:
    """Segments Twilio would bill, roughly: WhatsApp is always one."""
    if to.startswith("whatsapp:"):
        return 1
    if not body:
        return 1
    if all(ch in _GSM_ROUGH or ch in _GSM_EXTENSION for ch in body):
        units = sum(2 if ch in _GSM_EXTENSION else 1 for ch in body)
        single, multi = 160, 153
    else:
        units = len(body.encode("utf-16-le")) // 2
        single, multi = 70, 67
    return 1 if units <= single else -(-units // multi)


def error_body(status: int, code: int, message: str) -> JSONDict:
    """Twilio's (legacy) REST error body, as the client parses it."""
    return {
        "code": code,
        "message": message,
        "more_info": f"https://www.twilio.com/docs/errors/{code}",
        "status": status,
    }


def sign(url: str, params: dict[str, Any], auth_token: str) -> str:
    """``X-Twilio-Signature`` for a POST of ``params`` to ``url``, exactly as Twilio does.

    ``url`` must be the full URL Twilio was configured with (scheme, host, path and
    query), since that is what is signed.
    """
    return str(RequestValidator(auth_token).compute_signature(url, params))


class _TwilioError(Exception):
    def __init__(self, status: int, code: int, message: str):
        super().__init__(message)
        self.status = status
        self.body = error_body(status, code, message)


@dataclass
class _Failure:
    status: int
    code: int
    message: str
    remaining: int
    to: str | None


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    fake: FakeTwilio


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body are written separately: without TCP_NODELAY, Nagle and the
    # client's delayed ACK add 40 ms to every keep-alive request on loopback.
    disable_nagle_algorithm = True
    server: _Server

    def do_GET(self) -> None:
        self._handle("GET")

    def do_POST(self) -> None:
        self._handle("POST")

    def log_message(self, format: str, *args: Any) -> None:
        """Keep test output clean: the fake records requests instead of logging them."""

    def _handle(self, method: str) -> None:
        url = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        params: JSONDict = {}
        # A POST's form in its body; a GET's filters (list of messages) in the query.
        form = body.decode("utf-8") if method == "POST" else url.query
        for name, value in parse_qsl(form, keep_blank_values=True):
            if name in params:  # repeated fields such as MediaUrl become lists
                previous = params[name]
                params[name] = (
                    [*previous, value]
                    if isinstance(previous, list)
                    else [
                        previous,
                        value,
                    ]
                )
            else:
                params[name] = value
        status, payload = self.server.fake._dispatch(
            method, url.path, params, self.headers.get("Authorization", "")
        )
        data = json.dumps(payload).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


_MESSAGES = re.compile(rf"/{API_VERSION}/Accounts/([^/]+)/Messages\.json")
_MESSAGE = re.compile(rf"/{API_VERSION}/Accounts/([^/]+)/Messages/([^/]+)\.json")
_ACCOUNT = re.compile(rf"/{API_VERSION}/Accounts/([^/]+)\.json")


class FakeTwilio:
    """A Twilio Messages API on 127.0.0.1 that records messages and fails on demand.

    ``account_sid`` and ``auth_token`` default to fresh random values of the right
    shape; the fake accepts only those credentials.
    """

    def __init__(self, account_sid: str | None = None, auth_token: str | None = None) -> None:
        self.account_sid = account_sid or _new_sid("AC")
        self.auth_token = auth_token or uuid.uuid4().hex
        self._cond = threading.Condition()
        self._messages: list[JSONDict] = []
        self._resources: dict[str, JSONDict] = {}
        self._requests: list[JSONDict] = []
        self._failures: list[_Failure] = []
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle ---------------------------------------------------------------

    def start(self) -> FakeTwilio:
        if self._server is not None:
            return self
        server = _Server(("127.0.0.1", 0), _Handler)
        server.fake = self
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": 0.05},  # shutdown() waits up to one poll interval
            name="fake-twilio",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is None:
            return
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = None
        self._thread = None

    def __enter__(self) -> FakeTwilio:
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
            raise RuntimeError("FakeTwilio is not started")
        return int(self._server.server_address[1])

    @property
    def base_url(self) -> str:
        """What to assign to ``client.api.base_url`` (instead of https://api.twilio.com)."""
        return f"http://127.0.0.1:{self.port}"

    def client(self) -> Client:
        """A real ``twilio.rest.Client`` with this fake's credentials, pointed at it."""
        from twilio.rest import Client

        client = Client(self.account_sid, self.auth_token)
        client.api.base_url = self.base_url
        return client

    # -- inspection --------------------------------------------------------------

    @property
    def messages(self) -> list[JSONDict]:
        """Messages accepted: sid, to, from, body, status_callback, content_sid,
        content_variables, messaging_service_sid, media_url, num_segments, params
        (the whole form as posted)."""
        with self._cond:
            return copy.deepcopy(self._messages)

    @property
    def requests(self) -> list[JSONDict]:
        """Every request, accepted or not: method, path, params, status."""
        with self._cond:
            return copy.deepcopy(self._requests)

    def wait_for_messages(self, n: int, timeout: float = 10) -> list[JSONDict]:
        """Wait until at least ``n`` messages were accepted; they come from other threads."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while len(self._messages) < n:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError(
                        f"expected {n} message(s) within {timeout}s, got "
                        f"{len(self._messages)}: {self._messages!r}"
                    )
                self._cond.wait(remaining)
            return copy.deepcopy(self._messages)

    def resource(self, sid: str) -> JSONDict:
        """The message resource as GET .../Messages/{sid}.json returns it."""
        with self._cond:
            return copy.deepcopy(self._resources[sid])

    # -- programming -------------------------------------------------------------

    def fail_next(
        self,
        http_status: int,
        code: int,
        message: str,
        times: int = 1,
        to: str | None = None,
    ) -> None:
        """Make the next ``times`` message creations (only those to ``to`` if given) fail.

        E.g. ``fail_next(400, 21610, "Attempt to send to unsubscribed recipient")``,
        ``fail_next(429, 20429, "Too Many Requests")``,
        ``fail_next(500, 20500, "Internal Server Error")``.
        """
        with self._cond:
            self._failures.append(_Failure(http_status, code, message, times, to))

    # -- what Twilio sends to us -------------------------------------------------

    def sign(self, url: str, params: dict[str, Any]) -> str:
        """``X-Twilio-Signature`` for ``params`` posted to ``url``, with this auth token."""
        return sign(url, params, self.auth_token)

    def status_callback_params(
        self, message_sid: str, status: str, error_code: int | str | None = None
    ) -> dict[str, str]:
        """Form fields Twilio posts to a message's StatusCallback URL.

        To and From are those of the recorded message (so the sid must be one the
        fake issued); the recorded status becomes ``status``, as a later fetch would
        show. ``ErrorCode`` is present only with ``error_code`` (failed/undelivered).
        """
        with self._cond:
            resource = self._resources.get(message_sid)
            if resource is None:
                raise KeyError(f"no message {message_sid} was created on this fake")
            resource["status"] = status
            resource["date_updated"] = _rfc2822_now()
            if error_code is not None:
                resource["error_code"] = int(error_code)
            to, from_ = resource["to"], resource["from"] or ""
        params = {
            "MessageSid": message_sid,
            "SmsSid": message_sid,
            "MessageStatus": status,
            "SmsStatus": status,
            "AccountSid": self.account_sid,
            "To": to,
            "From": from_,
            "ApiVersion": API_VERSION,
        }
        if to.startswith("whatsapp:"):
            params["ChannelPrefix"] = "whatsapp"
            params["ChannelToAddress"] = to.removeprefix("whatsapp:")
            params["StructuredMessage"] = "false"
        if error_code is not None:
            params["ErrorCode"] = str(error_code)
        return params

    def inbound_params(
        self,
        from_: str,
        to: str,
        body: str,
        message_sid: str | None = None,
        *,
        profile_name: str = "Patient",
    ) -> dict[str, str]:
        """Form fields of Twilio's webhook for an incoming SMS or WhatsApp message.

        WhatsApp addresses look like "whatsapp:+32470123456"; those webhooks also
        carry ProfileName (the sender's WhatsApp name) and WaId (digits only).
        """
        sid = message_sid or _new_sid("SM")
        params = {
            "ToCountry": "BE",
            "ToState": "",
            "SmsMessageSid": sid,
            "NumMedia": "0",
            "ToCity": "",
            "FromZip": "",
            "SmsSid": sid,
            "FromState": "",
            "SmsStatus": "received",
            "FromCity": "",
            "Body": body,
            "FromCountry": "BE",
            "To": to,
            "ToZip": "",
            "NumSegments": str(rough_segments(body, to)),
            "MessageSid": sid,
            "AccountSid": self.account_sid,
            "From": from_,
            "ApiVersion": API_VERSION,
        }
        if from_.startswith("whatsapp:"):
            params["ProfileName"] = profile_name
            params["WaId"] = from_.removeprefix("whatsapp:").lstrip("+")
            params["MessageType"] = "text"
            params["ReferralNumMedia"] = "0"
            for key in ("ToCountry", "ToState", "ToCity", "ToZip"):
                params.pop(key)
            for key in ("FromCountry", "FromState", "FromCity", "FromZip"):
                params.pop(key)
        return params

    # -- dispatch ----------------------------------------------------------------

    def _dispatch(
        self, method: str, path: str, params: JSONDict, authorization: str
    ) -> tuple[int, JSONDict]:
        try:
            status, payload = self._route(method, path, params, authorization)
        except _TwilioError as error:
            status, payload = error.status, error.body
        with self._cond:
            self._requests.append(
                {"method": method, "path": path, "params": copy.deepcopy(params), "status": status}
            )
        return status, payload

    def _route(
        self, method: str, path: str, params: JSONDict, authorization: str
    ) -> tuple[int, JSONDict]:
        self._check_auth(authorization)
        create = _MESSAGES.fullmatch(path)
        fetch = _MESSAGE.fullmatch(path)
        matched = create or fetch
        if matched is not None and matched.group(1) != self.account_sid:
            raise _TwilioError(404, 20404, f"The requested resource {path} was not found")
        if create and method == "POST":
            return 201, self._create_message(path, params)
        if create and method == "GET":
            return 200, self._list_messages(path, params)
        account = _ACCOUNT.fullmatch(path)
        if account and method == "GET" and account.group(1) == self.account_sid:
            # What the gateway's health probe fetches.
            return 200, {"sid": self.account_sid, "status": "active", "type": "Full",
                         "friendly_name": "fake", "uri": path}
        if fetch and method == "GET":
            with self._cond:
                resource = self._resources.get(fetch.group(2))
                if resource is None:
                    raise _TwilioError(404, 20404, f"The requested resource {path} was not found")
                return 200, copy.deepcopy(resource)
        raise _TwilioError(404, 20404, f"The requested resource {path} was not found")

    def _list_messages(self, path: str, params: JSONDict) -> JSONDict:
        """GET .../Messages.json: the messages, newest first, filtered by ``To`` and
        ``From`` as Twilio does; one page (``PageSize``, 50 by default), no paging."""
        size = int(params.get("PageSize") or 50)
        with self._cond:
            found = [copy.deepcopy(self._resources[m["sid"]]) for m in reversed(self._messages)
                     if params.get("To") in (None, m["to"])
                     and params.get("From") in (None, m["from"])][:size]
        return {"messages": found, "page": 0, "page_size": size, "start": 0,
                "end": max(0, len(found) - 1), "uri": path, "first_page_uri": path,
                "next_page_uri": None, "previous_page_uri": None}

    def _check_auth(self, authorization: str) -> None:
        scheme, _, encoded = authorization.partition(" ")
        try:
            decoded = base64.b64decode(encoded, validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            decoded = ""
        if scheme.lower() != "basic" or decoded != f"{self.account_sid}:{self.auth_token}":
            raise _TwilioError(401, 20003, "Authenticate")

    def _take_failure(self, to: str) -> _Failure | None:
        with self._cond:
            for index, failure in enumerate(self._failures):
                if failure.to is None or failure.to == to:
                    failure.remaining -= 1
                    if failure.remaining <= 0:
                        del self._failures[index]
                    return failure
        return None

    @staticmethod
    def _content_variables(content_sid: Any, raw: Any) -> dict[str, str] | None:
        """A Content template as Twilio checks it: an ``HX`` + 32 hex SID, and the
        variables a JSON object of strings keyed by the template's numbers."""
        if content_sid is None:
            if raw:
                raise _TwilioError(400, 21656, "ContentVariables without a ContentSid.")
            return None
        if not re.fullmatch(r"HX[0-9a-fA-F]{32}", str(content_sid)):
            raise _TwilioError(400, 21655, "The ContentSid is Invalid.")
        try:
            variables = json.loads(raw) if raw else {}
        except ValueError:
            raise _TwilioError(400, 21656, "The Content Variables parameter is invalid.") from None
        if not isinstance(variables, dict) or not all(
                isinstance(k, str) and k.isdigit() and isinstance(v, str)
                for k, v in variables.items()):
            raise _TwilioError(400, 21656, "The Content Variables parameter is invalid.")
        return variables

    def _create_message(self, path: str, params: JSONDict) -> JSONDict:
        to = str(params.get("To") or "")
        from_ = params.get("From") or None
        service = params.get("MessagingServiceSid") or None
        body = str(params.get("Body") or "")
        media = params.get("MediaUrl")
        content_sid = params.get("ContentSid") or None
        if not to:
            raise _TwilioError(400, 21604, "A 'To' phone number is required.")
        if not from_ and not service:
            raise _TwilioError(400, 21603, "A 'From' phone number is required.")
        if not body and not media and not content_sid:
            raise _TwilioError(400, 21602, "Message body is required.")
        variables = self._content_variables(content_sid, params.get("ContentVariables"))
        if len(body) > MAX_BODY_LENGTH:
            raise _TwilioError(
                400, 21617, "The concatenated message body exceeds the 1600 character limit."
            )
        if from_ and to.startswith("whatsapp:") != str(from_).startswith("whatsapp:"):
            raise _TwilioError(
                400,
                21910,
                "Invalid From and To pair. From and To should be of the same channel",
            )
        failure = self._take_failure(to)
        if failure is not None:
            raise _TwilioError(failure.status, failure.code, failure.message)

        sid = _new_sid("MM" if media else "SM")
        now = _rfc2822_now()
        uri = f"{path.removesuffix('.json')}/{sid}.json"
        num_media = len(media) if isinstance(media, list) else (1 if media else 0)
        segments = rough_segments(body, to)
        resource: JSONDict = {
            "account_sid": self.account_sid,
            "api_version": API_VERSION,
            "body": body,
            "date_created": now,
            "date_sent": None,
            "date_updated": now,
            "direction": "outbound-api",
            "error_code": None,
            "error_message": None,
            "from": from_,
            "messaging_service_sid": service,
            "num_media": str(num_media),
            "num_segments": str(segments),
            "price": None,
            "price_unit": "USD",
            "sid": sid,
            # Through a messaging service Twilio picks the sender later: "accepted".
            "status": "accepted" if service and not from_ else "queued",
            "subresource_uris": {"media": f"{uri.removesuffix('.json')}/Media.json"},
            "to": to,
            "uri": uri,
        }
        record: JSONDict = {
            "sid": sid,
            "to": to,
            "from": from_,
            "body": body,
            "status_callback": params.get("StatusCallback"),
            "content_sid": content_sid,
            "content_variables": params.get("ContentVariables"),
            # ContentVariables decoded: {"1": "text", ...} (None without a template)
            "variables": variables,
            "messaging_service_sid": service,
            "media_url": media,
            "num_segments": segments,
            "params": copy.deepcopy(params),
        }
        with self._cond:
            self._resources[sid] = resource
            self._messages.append(record)
            self._cond.notify_all()
        return copy.deepcopy(resource)
