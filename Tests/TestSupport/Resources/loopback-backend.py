#!/usr/bin/python3
"""A store backend on loopback for kioskd's tests, stdlib only.

Implements docs/backend-api.yaml: POST /v1/sales (Idempotency-Key, permanent), GET
/v1/accounts/{credential}, POST /v1/vouchers/{code}/redeem (single use), POST
/v1/vouchers/{code}/release (undo a redemption of a sale that never closed), bearer auth.
Recorded sales, vouchers and accounts are appended to a JSON-lines state file and replayed
at start, so exactly-once delivery can be checked across restarts of either side.

Fault injection and inspection live under /_control/ (no auth):
  POST   /_control/faults   {"faults": [{"fault": F, "count": N|null, "path": "/v1/sales", "afterRecord": bool}]}
         F = 503 | 500 | 400 | 401 | 409 | 422 | hang | reset | garbage | garbage200 | slow
         count null = until cleared; afterRecord = record the sale first, then fail (answer lost)
  DELETE /_control/faults   clear faults and release hung requests
  GET    /_control/stats    counters
  GET    /_control/sales    every recorded sale: {"sales": [{"saleId", "body", "replays"}]}
  POST   /_control/accounts an account document (with "id" and "credentials")
  POST   /_control/vouchers {"code", "accountId", "valueCents"}
  GET    /_control/vouchers/CODE  the voucher's state (status, key of the standing redemption)

Usage: loopback-backend.py --state FILE --token TOKEN [--port 0]
Prints "listening PORT" on stdout once the socket is bound.
"""
import argparse
import base64
import datetime
import json
import os
import random
import signal
import socket
import struct
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote

LOCK = threading.Lock()
RELEASE = threading.Event()


class State:
    def __init__(self, path):
        self.path = path
        self.sales = {}        # saleId -> {"body": str, "response": dict, "replays": int}
        self.order = []        # saleIds in recording order
        self.accounts = {}     # id -> document
        self.credentials = {}  # credential -> id
        self.vouchers = {}     # code -> {"code","accountId","valueCents","status","redeemedBy","key"}
        self.faults = []
        self.stats = {"salePosts": 0, "recorded": 0, "replays": 0, "conflicts": 0, "faultsServed": 0,
                      "unauthorized": 0, "accountLookups": 0, "redemptions": 0, "releases": 0}
        self.file = None
        if os.path.exists(path):
            with open(path, "r", encoding="utf-8") as f:
                for line in f:
                    line = line.strip()
                    if not line:
                        continue
                    try:
                        self.apply(json.loads(line))
                    except ValueError:
                        pass  # a line torn by a kill: the request was never answered
        self.file = open(path, "a", encoding="utf-8")

    def log(self, event):
        self.apply(event)
        self.file.write(json.dumps(event, separators=(",", ":")) + "\n")
        self.file.flush()

    def apply(self, event):
        kind = event["type"]
        if kind == "sale":
            sale_id = event["saleId"]
            self.sales[sale_id] = {"body": event["body"], "response": event["response"], "replays": 0}
            self.order.append(sale_id)
            for voucher in event.get("vouchers", []):
                self.vouchers.setdefault(voucher["code"], voucher)
            for code in event.get("redeemed", []):
                if code in self.vouchers:
                    self.vouchers[code]["status"] = "redeemed"
                    self.vouchers[code].setdefault("redeemedBy", sale_id)
            if event.get("account"):
                self.put_account(event["account"])
        elif kind == "account":
            self.put_account(event["account"])
        elif kind == "voucher":
            self.vouchers[event["voucher"]["code"]] = event["voucher"]

    def put_account(self, account):
        self.accounts[account["id"]] = account
        for credential in account.get("credentials", []):
            self.credentials[credential] = account["id"]


def now_text():
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def error_body(code, message):
    return {"error": {"code": code, "message": message}}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "loopback-backend/1"
    # Headers and body go out in separate writes: without TCP_NODELAY, Nagle and delayed ACKs
    # stall every keep-alive answer by ~40 ms.
    disable_nagle_algorithm = True

    def log_message(self, fmt, *args):  # quiet
        pass

    # -- plumbing -------------------------------------------------------------------------
    def body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def send_json(self, status, document, extra_headers=None):
        data = json.dumps(document, separators=(",", ":")).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in (extra_headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def take_fault(self, path, after_record):
        with LOCK:
            for fault in STATE.faults:
                if fault.get("path") and not path.startswith(fault["path"]):
                    continue
                if bool(fault.get("afterRecord", False)) != after_record:
                    continue
                if fault.get("count") is not None:
                    if fault["count"] <= 0:
                        continue
                    fault["count"] -= 1
                STATE.stats["faultsServed"] += 1
                return fault["fault"]
        return None

    def serve_fault(self, fault):
        """Answers with an injected fault. Returns True when the request is finished."""
        if fault in ("503", "500", "400", "401", "409", "422"):
            codes = {"503": "unavailable", "500": "internal", "400": "invalid-sale", "401": "unauthorized",
                     "409": "already-recorded", "422": "idempotency-key-reuse"}
            self.send_json(int(fault), error_body(codes[fault], "injected fault " + fault))
        elif fault == "hang":
            RELEASE.wait(120)
            self.close_connection = True
        elif fault == "reset":
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.close_connection = True
            self.connection.close()
        elif fault == "garbage":
            self.wfile.write(bytes(random.getrandbits(8) for _ in range(64)) + b"\r\n\r\n")
            self.close_connection = True
        elif fault == "garbage200":
            data = b"<html>captive portal</html>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        elif fault == "slow":
            time.sleep(0.5)
            return False
        else:
            return False
        return True

    def authorized(self):
        if self.headers.get("Authorization") == "Bearer " + TOKEN:
            return True
        with LOCK:
            STATE.stats["unauthorized"] += 1
        self.send_json(401, error_body("unauthorized", "missing or wrong bearer token"),
                       {"WWW-Authenticate": 'Bearer realm="kioskd"'})
        return False

    # -- routes ---------------------------------------------------------------------------
    def do_GET(self):
        if self.path == "/_control/stats":
            with LOCK:
                self.send_json(200, dict(STATE.stats, distinct=len(STATE.sales)))
            return
        if self.path == "/_control/sales":
            with LOCK:
                sales = [{"saleId": s, "body": STATE.sales[s]["body"], "replays": STATE.sales[s]["replays"]}
                         for s in STATE.order]
            self.send_json(200, {"sales": sales})
            return
        if self.path.startswith("/_control/vouchers/"):
            with LOCK:
                voucher = STATE.vouchers.get(unquote(self.path[len("/_control/vouchers/"):]))
            if voucher is None:
                self.send_json(404, error_body("unknown-voucher", self.path))
            else:
                self.send_json(200, voucher)
            return
        if self.path.startswith("/v1/accounts/"):
            fault = self.take_fault(self.path, False)
            if fault and self.serve_fault(fault):
                return
            if not self.authorized():
                return
            credential = unquote(self.path[len("/v1/accounts/"):])
            with LOCK:
                STATE.stats["accountLookups"] += 1
                account_id = STATE.credentials.get(credential)
                account = STATE.accounts.get(account_id) if account_id else None
            if account is None:
                self.send_json(404, error_body("unknown-credential", "no account for " + credential))
            else:
                self.send_json(200, account)
            return
        self.send_json(404, error_body("not-found", self.path))

    def do_DELETE(self):
        if self.path == "/_control/faults":
            with LOCK:
                STATE.faults = []
            RELEASE.set()
            self.send_json(200, {"faults": []})
            return
        self.send_json(404, error_body("not-found", self.path))

    def do_POST(self):
        raw = self.body()
        if self.path == "/_control/faults":
            with LOCK:
                STATE.faults = json.loads(raw)["faults"]
                RELEASE.clear()
            self.send_json(200, {"faults": STATE.faults})
        elif self.path == "/_control/accounts":
            with LOCK:
                STATE.log({"type": "account", "account": json.loads(raw)})
            self.send_json(200, {"ok": True})
        elif self.path == "/_control/vouchers":
            voucher = json.loads(raw)
            voucher.setdefault("status", "active")
            with LOCK:
                STATE.log({"type": "voucher", "voucher": voucher})
            self.send_json(200, {"ok": True})
        elif self.path == "/v1/sales":
            self.post_sale(raw)
        elif self.path.startswith("/v1/vouchers/") and self.path.endswith("/redeem"):
            self.redeem(unquote(self.path[len("/v1/vouchers/"):-len("/redeem")]), raw)
        elif self.path.startswith("/v1/vouchers/") and self.path.endswith("/release"):
            self.release(unquote(self.path[len("/v1/vouchers/"):-len("/release")]))
        else:
            self.send_json(404, error_body("not-found", self.path))

    def post_sale(self, raw):
        with LOCK:
            STATE.stats["salePosts"] += 1
        fault = self.take_fault("/v1/sales", False)
        if fault and self.serve_fault(fault):
            return
        if not self.authorized():
            return
        key = self.headers.get("Idempotency-Key")
        if not key:
            self.send_json(400, error_body("missing-idempotency-key", "Idempotency-Key is required"))
            return
        try:
            sale = json.loads(raw)
            assert isinstance(sale, dict) and sale.get("saleId") == key
        except (ValueError, AssertionError):
            self.send_json(400, error_body("invalid-sale", "body must be a sale whose saleId is the Idempotency-Key"))
            return
        text = raw.decode("utf-8")
        with LOCK:
            existing = STATE.sales.get(key)
            if existing is not None:
                if existing["body"] != text:
                    STATE.stats["conflicts"] += 1
                    conflict = True
                else:
                    existing["replays"] += 1
                    STATE.stats["replays"] += 1
                    conflict = False
                    response = existing["response"]
            else:
                conflict = False
                account = self.apply_sale(sale)
                response = {"saleId": key, "recordedAt": now_text(), "account": account}
                vouchers = [{"code": v["code"], "accountId": v.get("accountId"), "valueCents": v.get("valueCents", 0),
                             "status": "active"} for v in sale.get("vouchersCreated", [])]
                redeemed = [v["code"] for v in sale.get("vouchersRedeemed", [])]
                STATE.log({"type": "sale", "saleId": key, "body": text, "response": response,
                           "vouchers": vouchers, "redeemed": redeemed, "account": account})
                STATE.stats["recorded"] += 1
                existing = None
        if conflict:
            self.send_json(422, error_body("idempotency-key-reuse",
                                           "sale " + key + " was recorded with a different body"))
            return
        fault = self.take_fault("/v1/sales", True)
        if fault and self.serve_fault(fault):
            return
        if existing is not None:
            self.send_json(200, response, {"Idempotent-Replayed": "true"})
        else:
            self.send_json(201, response)

    def apply_sale(self, sale):
        """Applies the sale's ledger to its account; returns the account after the sale (or None)."""
        account_id = sale.get("accountId")
        if not account_id:
            return None
        account = dict(STATE.accounts.get(account_id) or {"id": account_id, "credentials": [], "points": 0,
                                                          "lifetimePoints": 0, "stamps": 0, "cashbackCents": 0})
        credential = sale.get("credential")
        if credential and credential not in account.get("credentials", []):
            account["credentials"] = account.get("credentials", []) + [credential]
        for entry in sale.get("ledger", []):
            amount = int(entry.get("amount", 0))
            kind = entry.get("kind")
            if kind == "points":
                account["points"] = max(0, account.get("points", 0) + amount)
                if amount > 0 and entry.get("reason", "earn") != "refund":
                    account["lifetimePoints"] = account.get("lifetimePoints", 0) + amount
            elif kind == "stamps":
                account["stamps"] = max(0, account.get("stamps", 0) + amount)
            elif kind == "cashback":
                account["cashbackCents"] = max(0, account.get("cashbackCents", 0) + amount)
        account["updatedAt"] = now_text()
        account["revision"] = account.get("revision", 0) + 1
        return account

    def redeem(self, code, raw):
        fault = self.take_fault(self.path, False)
        if fault and self.serve_fault(fault):
            return
        if not self.authorized():
            return
        key = self.headers.get("Idempotency-Key")
        if not key:
            self.send_json(400, error_body("missing-idempotency-key", "Idempotency-Key is required"))
            return
        with LOCK:
            STATE.stats["redemptions"] += 1
            voucher = STATE.vouchers.get(code)
            if voucher is None:
                status, document = 404, error_body("unknown-voucher", "no voucher " + code)
            elif voucher.get("status") == "redeemed":
                if voucher.get("key") == key:
                    status, document = 200, voucher
                else:
                    status, document = 409, error_body("voucher-already-redeemed", "voucher " + code + " was redeemed")
            else:
                voucher = dict(voucher, status="redeemed", key=key, redeemedAt=now_text())
                STATE.log({"type": "voucher", "voucher": voucher})
                status, document = 200, voucher
        self.send_json(status, document)


    def release(self, code):
        """Undoes the redemption made with this Idempotency-Key, unless a recorded sale holds it."""
        fault = self.take_fault(self.path, False)
        if fault and self.serve_fault(fault):
            return
        if not self.authorized():
            return
        key = self.headers.get("Idempotency-Key")
        if not key:
            self.send_json(400, error_body("missing-idempotency-key", "Idempotency-Key is required"))
            return
        with LOCK:
            STATE.stats["releases"] += 1
            voucher = STATE.vouchers.get(code)
            if voucher is None:
                status, document = 404, error_body("unknown-voucher", "no voucher " + code)
            elif voucher.get("status") == "redeemed" and voucher.get("key") == key and not voucher.get("redeemedBy"):
                voucher = {k: v for k, v in voucher.items() if k not in ("key", "redeemedAt")}
                voucher["status"] = "active"
                STATE.log({"type": "voucher", "voucher": voucher})
                status, document = 200, voucher
            elif voucher.get("status") == "redeemed":
                status, document = 409, error_body("voucher-redeemed-elsewhere",
                                                   "voucher " + code + " is redeemed under another key or by a recorded sale")
            else:
                status, document = 200, voucher  # nothing stands under this key: already released, or never redeemed
        self.send_json(status, document)


def main():
    global STATE, TOKEN
    parser = argparse.ArgumentParser()
    parser.add_argument("--state", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    # A Swift parent spawns children with most signals blocked: make SIGTERM stop us again.
    signal.pthread_sigmask(signal.SIG_SETMASK, [])
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    TOKEN = args.token
    STATE = State(args.state)
    ThreadingHTTPServer.allow_reuse_address = True
    ThreadingHTTPServer.daemon_threads = True
    ThreadingHTTPServer.request_queue_size = 128
    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    print("listening", server.server_address[1], flush=True)
    try:
        server.serve_forever(poll_interval=3600)
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
