"""A small fake of Stripe's HTTP API on 127.0.0.1, for the real `stripe` library to talk to.

It implements what we use — Checkout Sessions (create, retrieve) and Refunds (create) — with
Stripe's form encoding, idempotency keys and error shape, and records every request.
"""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from itertools import count
from urllib.parse import parse_qsl


def _unflatten(pairs: list[tuple[str, str]]) -> dict:
    """Stripe form encoding (`a[b][0][c]=v`) back into nested dicts and lists."""
    root: dict = {}
    for key, value in pairs:
        parts = key.replace("]", "").split("[")
        node = root
        for part, following in zip(parts, parts[1:] + [None], strict=True):
            if following is None:
                node[part] = value
            else:
                node = node.setdefault(part, {})
    return _lists(root)


def _lists(node):
    if isinstance(node, dict):
        if node and all(k.isdigit() for k in node):
            return [_lists(node[k]) for k in sorted(node, key=int)]
        return {k: _lists(v) for k, v in node.items()}
    return node


class FakeStripe:
    def __init__(self):
        self.sessions: dict[str, dict] = {}
        self.refunds: dict[str, dict] = {}
        self.requests: list[tuple[str, str, dict]] = []
        self.idempotent: dict[str, dict] = {}
        self.fail_next: int | None = None  # HTTP status for the next request
        self._ids = count(1)
        self._lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def complete(self, session_id: str, *, paid: bool = True) -> dict:
        """What happens when the customer pays in the hosted page."""
        session = self.sessions[session_id]
        session.update(
            status="complete",
            payment_status="paid" if paid else "unpaid",
            payment_intent=f"pi_{session_id}",
        )
        return session

    def _new_id(self, prefix: str) -> str:
        return f"{prefix}_test_{next(self._ids):06d}"

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _send(self, status: int, body: dict):
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.send_header("Request-Id", "req_fake")
                self.end_headers()
                self.wfile.write(data)

            def _error(self, status: int, message: str):
                self._send(status, {"error": {"type": "invalid_request_error", "message": message}})

            def do_GET(self):  # noqa: N802 - http.server's naming
                with fake._lock:
                    fake.requests.append(("GET", self.path, {}))
                    if fake.fail_next:
                        status, fake.fail_next = fake.fail_next, None
                        return self._error(status, "Simulated failure")
                    if self.path.startswith("/v1/checkout/sessions/"):
                        session = fake.sessions.get(self.path.rsplit("/", 1)[1])
                        if session is None:
                            return self._error(404, "No such checkout.session")
                        return self._send(200, session)
                return self._error(404, "Unknown path")

            def do_POST(self):  # noqa: N802
                length = int(self.headers.get("Content-Length") or 0)
                params = _unflatten(parse_qsl(self.rfile.read(length).decode(), True))
                key = self.headers.get("Idempotency-Key")
                with fake._lock:
                    fake.requests.append(("POST", self.path, params))
                    if fake.fail_next:
                        status, fake.fail_next = fake.fail_next, None
                        return self._error(status, "Simulated failure")
                    if key and key in fake.idempotent:
                        return self._send(200, fake.idempotent[key])
                    if self.path == "/v1/checkout/sessions":
                        body = fake._create_session(params)
                    elif self.path == "/v1/refunds":
                        body = fake._create_refund(params)
                        if body is None:
                            return self._error(400, "No such payment_intent")
                    else:
                        return self._error(404, "Unknown path")
                    if key:
                        fake.idempotent[key] = body
                return self._send(200, body)

        return Handler

    def _create_session(self, params: dict) -> dict:
        session_id = self._new_id("cs")
        line = params["line_items"][0]["price_data"]
        session = {
            "id": session_id,
            "object": "checkout.session",
            "url": f"https://checkout.stripe.test/pay/{session_id}",
            "status": "open",
            "payment_status": "unpaid",
            "payment_intent": None,
            "amount_total": int(line["unit_amount"]),
            "currency": line["currency"],
            "metadata": params.get("metadata", {}),
            "client_reference_id": params.get("client_reference_id"),
            "expires_at": int(params.get("expires_at") or time.time() + 1800),
            "success_url": params["success_url"],
            "cancel_url": params["cancel_url"],
            "line_items_name": line["product_data"]["name"],
        }
        self.sessions[session_id] = session
        return session

    def _create_refund(self, params: dict) -> dict | None:
        intent = params.get("payment_intent")
        if not any(s.get("payment_intent") == intent for s in self.sessions.values()):
            return None
        refund = {
            "id": self._new_id("re"),
            "object": "refund",
            "payment_intent": intent,
            "status": "succeeded",
            "metadata": params.get("metadata", {}),
        }
        self.refunds[refund["id"]] = refund
        return refund


def signed_webhook(
    payload: dict, secret: str, *, timestamp: int | None = None
) -> tuple[bytes, str]:
    """A body and Stripe-Signature header exactly as Stripe signs them (HMAC-SHA256)."""
    import hashlib
    import hmac

    body = json.dumps(payload).encode()
    ts = int(time.time()) if timestamp is None else timestamp
    signature = hmac.new(secret.encode(), f"{ts}.".encode() + body, hashlib.sha256).hexdigest()
    return body, f"t={ts},v1={signature}"


def event(event_id: str, type_: str, obj: dict) -> dict:
    return {
        "id": event_id,
        "object": "event",
        "type": type_,
        "api_version": "2025-01-27.acacia",
        "created": int(time.time()),
        "data": {"object": obj},
    }
