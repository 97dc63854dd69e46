"""What protects every response of the console: security headers (CSP, nosniff,
Referrer-Policy, HSTS in production) and the double-submit CSRF check (asgi-csrf) on
every form, the sign-in form included."""

from __future__ import annotations

from asgi_csrf import asgi_csrf
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from console.settings import Settings

SECURITY_HEADERS = [
    (b"content-security-policy",
     b"default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'; "
     b"object-src 'none'"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
    (b"cache-control", b"no-store"),
]
# Production only: the console is reached over HTTPS there (a TLS proxy in front).
HSTS = (b"strict-transport-security", b"max-age=31536000")


class SecurityHeaders:
    """The same headers on every response, error pages and CSRF refusals included;
    HSTS as well in production."""

    def __init__(self, app: ASGIApp, hsts: bool = False) -> None:
        self.app = app
        self.headers = SECURITY_HEADERS + ([HSTS] if hsts else [])

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {name.lower() for name, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [
                    (name, value) for name, value in self.headers if name not in names]
            await send(message)

        await self.app(scope, receive, send_with_headers)


class _EveryPath:
    """asgi-csrf skips POSTs that carry no cookie unless the path is listed: list all."""

    def __contains__(self, path: object) -> bool:
        return True


def protect(app: ASGIApp, settings: Settings) -> ASGIApp:
    """The application behind the CSRF check, and both behind the security headers
    (so a CSRF refusal carries them too)."""
    protected = asgi_csrf(app, signing_secret=settings.secret_key,
                          cookie_secure=settings.secure_cookies, cookie_samesite="Lax",
                          always_protect=_EveryPath())
    return SecurityHeaders(protected, hsts=settings.production)
