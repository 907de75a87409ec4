"""Security headers on every answer of the embedded Argilla server: the review page's second wall.

Record texts are escaped before they reach the page (annotation/safe_text.py); this policy holds even
where something slips past that, e.g. a dataset pushed by another tool: the browser loads images,
media, frames, fonts and scripts, sends forms and opens connections only to the server's own origin,
runs no plugin (`object-src 'none'`) and lets no other site frame the page (`frame-ancestors 'none'`,
against clickjacking). Argilla 2.8.0's web UI (a Nuxt app) needs inline scripts and styles and
`eval` in its bundles; `data:`/`blob:` images are its own icons and exports.

An ASGI wrapper rather than a FastAPI middleware: it sits outside Argilla's app (whose files stay
untouched), sees every response, streaming and static files included, and adds two headers to each.
"""

from __future__ import annotations

from typing import Any, Awaitable, Callable

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self' 'unsafe-inline' 'unsafe-eval'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "media-src 'self'",
    "connect-src 'self'",
    "frame-src 'self'",
    "worker-src 'self' blob:",
    "form-action 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "frame-ancestors 'none'",
])
HEADERS = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
]


class SecurityHeaders:
    """`SecurityHeaders(app)`: `app` with HEADERS on every HTTP response (replacing any of the same name)."""

    def __init__(self, app: Callable[..., Awaitable[None]]):
        self.app = app

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                names = {name for name, _ in HEADERS}
                message["headers"] = [h for h in message.get("headers", []) if h[0].lower() not in names] + HEADERS
            await send(message)

        await self.app(scope, receive, send_with_headers)
