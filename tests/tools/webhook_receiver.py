#!/usr/bin/env python3
"""webhook_receiver.py - a generic webhook receiver for the wazuh-relay tests.

Usage:
  webhook_receiver.py --port-file FILE --out DIR [--max-requests N]
                      [--idle-timeout S] [--max-lifetime S]
                      [--auth none|bearer:TOKEN|basic:USER:PASS|header:NAME:VALUE]
                      [--hmac-secret-file F] [--hmac-scheme body|ts.body]
                      [--hmac-max-skew S] [--require-content-type VALUE]
                      [--require-json] [--status CODE] [--status-seq C1,C2,..]
                      [--retry-after VALUE] [--reply-delay S]
                      [--tls-cert F --tls-key K] [--bind 127.0.0.1]
                      [--max-body BYTES] [--quiet]

Server conventions (the same as iris_receiver.py): binds 127.0.0.1 on port 0
and writes the port (decimal + "\\n") to FILE via temp file + rename; one
request per connection (HTTP/1.1, replies carry Connection: close); exits
after N counted requests (default 1), after S seconds without a request
(--idle-timeout, default 20) or after --max-lifetime seconds (default 300).
GET /healthz answers 200 {"status":"ok"} and is neither counted nor saved.
Bodies are read by Content-Length or "Transfer-Encoding: chunked" (bounded
by --max-body); a POST with neither has an empty body.

Every other request, whatever its method and path, is counted and saved as
DIR/req-<n>.body (the raw body bytes, de-chunked) and DIR/req-<n>.json
(written after the .body, via rename):
  {"n", "time" (unix seconds, float), "method", "target" (raw request target),
   "path" (target before "?"), "query" (after the first "?", or null),
   "version", "headers": {lowercased name: value, repeats joined with ", "},
   "framing": "content-length"|"chunked"|"none", "body_len",
   "body_raw": body as UTF-8 (invalid bytes -> U+FFFD), "body_utf8": bool,
   "body": strict-JSON value (jsonstrict, U+0000 allowed) or null,
   "json_error": why the body is not strict JSON, or null,
   "auth": {"mode", "ok"},
   "hmac": null, or {"scheme_enforced", "timestamp", "skew_seconds",
            "signature", "expected": {"body": hex, "ts.body": hex|null},
            "matches": {"body": bool, "ts.body": bool},
            "matched_scheme": "body"|"ts.body"|null, "ok"},
   "verdict": "accepted"|"rejected", "errors": [...], "warnings": [...],
   "reason": first error or null, "status": HTTP status sent,
   "reply": reply body text}
On exit DIR/summary.json holds {"served", "accepted", "rejected", "healthz",
"reason", "port"}; DIR/events.log has a line per TLS handshake failure or
connection closed before a request.

Checks, in this order (all are run and recorded; the first failing class
decides the reply):
  --auth (401)   bearer:TOKEN   exactly one Authorization header,
                                "Bearer <TOKEN>" (scheme case-insensitive,
                                one space, token byte-exact);
                 basic:USER:PASS exactly one Authorization header, "Basic "
                                + base64 (strict alphabet and padding) of
                                USER ":" PASS in UTF-8 (USER ends at the first
                                ":", PASS may contain ":");
                 header:NAME:VALUE exactly one NAME header (name
                                case-insensitive), value byte-exact (NAME ends
                                at the first ":", VALUE may contain ":").
  --hmac-secret-file F (401)
      The secret is F's bytes with one trailing "\\n" removed. The request
      must carry exactly one X-Wazuh-Timestamp (decimal unix seconds, digits
      only, |now - ts| <= --hmac-max-skew, default 300) and exactly one
      X-Wazuh-Signature: "sha256=" + 64 lowercase hex digits.
      SIGNED BYTES (--hmac-scheme, default "body"): the spec (destinations.md
      s.12) says "HMAC-SHA256 signature header over the body", so by default
      the signature must equal HMAC-SHA256(secret, <the exact body bytes as
      received, after de-chunking>); the timestamp is checked for freshness
      only and is NOT signed.  --hmac-scheme ts.body enforces instead
      HMAC-SHA256(secret, <timestamp header value> "." <body>).
      Both candidates are always computed and recorded ("matches"), so a test
      can see which scheme the client used; compare with hmac.compare_digest.
      Near misses (upper-case hex, no "sha256=" prefix) are rejected with a
      specific error.
  --require-content-type VALUE (415)
      exactly one Content-Type header; if VALUE has a ";" the whole header
      value must equal VALUE exactly, else its media type (before ";",
      trimmed) must equal VALUE case-insensitively.
  --require-json (400)
      the body must be strict JSON (jsonstrict.check_bytes, U+0000 allowed).
      Without it a non-JSON body is only a warning.

Replies: 200 {"ok": true}; on failure the class's status with
{"ok": false, "reason": "<first error>"}; malformed framing gives
400/411/413. --status CODE forces CODE for every counted request (the request
is still checked and its verdict saved): {"ok": true} for 2xx,
{"ok": false, "reason": "forced"} otherwise. --status-seq C1,C2,... forces
C1 on request 1, C2 on request 2 and so on ("0" = no forcing; requests past
the list are not forced). --retry-after VALUE adds "Retry-After: VALUE" to
every non-2xx reply. --reply-delay S waits S seconds (<= 60) before each
counted reply. 204 and 304 replies carry no body.

Exit status: 0 after N requests, 3 on idle timeout / lifetime, 2 on usage or
setup errors.

Stdlib only. The server machinery, the framing and the record format
(recvlib.GenericHandler, shared with shuffle_receiver.py) are in recvlib.py
from the same directory, which reuses jsonstrict.check_bytes.
"""

import argparse
import base64
import binascii
import hashlib
import hmac
import os
import re
import sys
import time

sys.dont_write_bytecode = True	# keep tests/tools free of __pycache__
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import recvlib  # noqa: E402

DEFAULT_HMAC_SKEW = 300

HMAC_TS_HEADER = "X-Wazuh-Timestamp"
HMAC_SIG_HEADER = "X-Wazuh-Signature"
HMAC_PREFIX = "sha256="

_HEX64_LOWER = re.compile(r"[0-9a-f]{64}")
_HEX64_ANY = re.compile(r"[0-9A-Fa-f]{64}")
_TS_RE = re.compile(r"[0-9]{1,12}")

# ---------------------------------------------------------------------------
# Generic webhook checks


def check_auth(mode, handler, errors):
	"""mode is the parsed --auth tuple. Appends to errors; returns ok."""
	kind = mode[0]
	if kind == "none":
		return True
	n0 = len(errors)
	if kind == "header":
		name, want = mode[1], mode[2]
		got = handler.header_all(name)
		if not got:
			errors.append("auth: no %s header" % name)
		elif len(got) > 1:
			errors.append("auth: %s header repeated" % name)
		elif got[0] != want:
			errors.append("auth: wrong %s value" % name)
		return len(errors) == n0
	auth = handler.header_all("Authorization")
	if not auth:
		errors.append("auth: no Authorization header")
		return False
	if len(auth) > 1:
		errors.append("auth: Authorization header repeated")
		return False
	scheme, sp, cred = auth[0].partition(" ")
	want_scheme = "Bearer" if kind == "bearer" else "Basic"
	if sp == "" or scheme.lower() != want_scheme.lower():
		errors.append("auth: scheme %r is not %s" % (scheme[:20], want_scheme))
		return False
	if kind == "bearer":
		if cred != mode[1]:
			errors.append("auth: wrong bearer token")
	else:
		try:
			raw = base64.b64decode(cred.encode("latin-1"), validate=True)
		except (binascii.Error, ValueError):
			errors.append("auth: Basic credentials are not valid base64")
			return False
		want = ("%s:%s" % (mode[1], mode[2])).encode("utf-8")
		if raw != want:
			errors.append("auth: wrong Basic user or password")
	return len(errors) == n0


def _hmac_hex(secret, data):
	return hmac.new(secret, data, hashlib.sha256).hexdigest()


def _one_header(handler, name, errors):
	"""The value of the one name header, or None (why in errors)."""
	got = handler.header_all(name)
	if not got:
		errors.append("hmac: no %s header" % name)
	elif len(got) > 1:
		errors.append("hmac: %s header repeated" % name)
	else:
		return got[0]
	return None


def check_hmac(opts, handler, body, errors, warnings):
	"""Verify X-Wazuh-Timestamp / X-Wazuh-Signature. Returns the "hmac"
	record."""
	secret = opts.hmac_secret
	n0 = len(errors)
	rec = {"scheme_enforced": opts.hmac_scheme, "timestamp": None,
	    "skew_seconds": None, "signature": None,
	    "expected": {"body": _hmac_hex(secret, body), "ts.body": None},
	    "matches": {"body": False, "ts.body": False},
	    "matched_scheme": None, "ok": False}
	ts = _one_header(handler, HMAC_TS_HEADER, errors)
	if ts is not None:
		rec["timestamp"] = ts
		rec["expected"]["ts.body"] = _hmac_hex(secret,
		    ts.encode("latin-1") + b"." + body)
		if _TS_RE.fullmatch(ts) is None:
			errors.append("hmac: %s %r is not decimal unix seconds"
			    % (HMAC_TS_HEADER, ts[:40]))
		else:
			skew = int(time.time()) - int(ts)
			rec["skew_seconds"] = skew
			if abs(skew) > opts.hmac_max_skew:
				errors.append("hmac: %s %s is %d s %s (max %d)"
				    % (HMAC_TS_HEADER, ts, abs(skew),
				    "old" if skew > 0 else "in the future",
				    opts.hmac_max_skew))
	sig = _one_header(handler, HMAC_SIG_HEADER, errors)
	if sig is not None:
		rec["signature"] = sig
		hexpart = sig[len(HMAC_PREFIX):] if sig.startswith(HMAC_PREFIX) \
		    else None
		if hexpart is not None and _HEX64_LOWER.fullmatch(hexpart):
			got = hexpart.encode("ascii")
			for k, exp in rec["expected"].items():
				if exp is not None:
					rec["matches"][k] = hmac.compare_digest(got,
					    exp.encode("ascii"))
		else:
			# Say what the near miss was, then reject.
			cand = sig.split("=", 1)[1] if "=" in sig else sig
			low = cand.lower()
			hit = [k for k, exp in rec["expected"].items()
			    if exp is not None and _HEX64_ANY.fullmatch(cand)
			    and hmac.compare_digest(low.encode("latin-1"),
			    exp.encode("ascii"))]
			errors.append("hmac: %s is not \"%s\" + 64 lowercase hex%s"
			    % (HMAC_SIG_HEADER, HMAC_PREFIX,
			    " (it would match scheme %s)" % hit[0] if hit else ""))
		for k in ("body", "ts.body"):
			if rec["matches"][k]:
				rec["matched_scheme"] = k
				break
		if hexpart is not None and _HEX64_LOWER.fullmatch(hexpart) and \
		    not rec["matches"][opts.hmac_scheme]:
			if rec["matched_scheme"] is not None:
				errors.append("hmac: signature is over scheme %s, not %s"
				    % (rec["matched_scheme"], opts.hmac_scheme))
			else:
				errors.append("hmac: signature mismatch")
	rec["ok"] = len(errors) == n0
	return rec


def check_content_type(want, handler, errors):
	got = handler.header_all("Content-Type")
	if len(got) != 1:
		errors.append("content-type: expected exactly one Content-Type "
		    "header, got %d" % len(got))
		return False
	if ";" in want:
		ok = got[0] == want
	else:
		ok = got[0].split(";", 1)[0].strip().lower() == want.lower()
	if not ok:
		errors.append("content-type: %r is not %r" % (got[0], want))
	return ok


class WebhookHandler(recvlib.GenericHandler):
	server_version = "webhook-receiver/1"
	tool_name = "webhook_receiver"

	def tool_defaults(self):
		return {"auth": None, "hmac": None}

	def handle_counted(self):
		opts = self.server.opts
		n = self.next_n()
		errors = []
		warnings = []
		body, framing, st = self.read_framed_body(errors)
		rec = self.base_record(body, framing)
		rec["auth"] = {"mode": opts.auth[0], "ok": None}
		rec["hmac"] = None
		rec["errors"] = errors
		rec["warnings"] = warnings
		forced = self.forced_status(n)
		if st is not None:
			status = forced or st
			self.finish_request(rec, body, status, {"ok": False,
			    "reason": "forced" if forced else errors[0]})
			return
		status = 200
		rec["auth"]["ok"] = check_auth(opts.auth, self, errors)
		if not rec["auth"]["ok"]:
			status = 401
		if opts.hmac_secret is not None:
			rec["hmac"] = check_hmac(opts, self, body, errors, warnings)
			if not rec["hmac"]["ok"] and status == 200:
				status = 401
		if opts.require_content_type is not None:
			if not check_content_type(opts.require_content_type, self,
			    errors) and status == 200:
				status = 415
		if rec["json_error"] is not None:
			msg = "body: %s" % rec["json_error"]
			if opts.require_json:
				errors.append(msg)
				if status == 200:
					status = 400
			else:
				warnings.append(msg)
		if forced:
			status = forced
			reply = {"ok": True} if 200 <= forced < 300 else \
			    {"ok": False, "reason": "forced"}
		elif status == 200:
			reply = {"ok": True}
		else:
			reply = {"ok": False, "reason": errors[0]}
		self.finish_request(rec, body, status, reply)


def parse_auth(p, s):
	if s == "none":
		return ("none",)
	kind, sep, rest = s.partition(":")
	if kind == "bearer" and sep and rest != "":
		if any(ord(c) < 0x21 or ord(c) > 0x7e for c in rest):
			p.error("--auth bearer:TOKEN: TOKEN must be printable ASCII "
			    "without spaces")
		return ("bearer", rest)
	if kind == "basic" and sep:
		user, sep2, pw = rest.partition(":")
		if not sep2 or user == "":
			p.error("--auth basic:USER:PASS needs a non-empty USER and a ':'")
		return ("basic", user, pw)
	if kind == "header" and sep:
		name, sep2, value = rest.partition(":")
		if not sep2 or recvlib.TOKEN_RE.fullmatch(name) is None:
			p.error("--auth header:NAME:VALUE needs a token NAME and a ':'")
		if any(c in value for c in "\r\n\0"):
			p.error("--auth header VALUE must not hold CR, LF or NUL")
		return ("header", name, value)
	p.error("--auth must be none, bearer:TOKEN, basic:USER:PASS or "
	    "header:NAME:VALUE")


def parse_args(argv):
	p = argparse.ArgumentParser(description="generic webhook test receiver")
	recvlib.add_generic_args(p)
	p.add_argument("--auth", default="none")
	p.add_argument("--hmac-secret-file")
	p.add_argument("--hmac-scheme", choices=("body", "ts.body"),
	    default="body")
	p.add_argument("--hmac-max-skew", type=int, default=DEFAULT_HMAC_SKEW)
	p.add_argument("--require-content-type")
	p.add_argument("--require-json", action="store_true")
	o = p.parse_args(argv)
	recvlib.check_generic_args(p, o)
	o.auth = parse_auth(p, o.auth)
	if o.hmac_max_skew < 0:
		p.error("--hmac-max-skew must be >= 0")
	o.hmac_secret = None
	if o.hmac_secret_file is not None:
		try:
			with open(o.hmac_secret_file, "rb") as f:
				sec = f.read()
		except OSError as e:
			p.error("--hmac-secret-file: %s" % e.strerror)
		if sec.endswith(b"\n"):
			sec = sec[:-1]
		if sec == b"":
			p.error("--hmac-secret-file: empty secret")
		o.hmac_secret = sec
	return o


def main(argv):
	opts = parse_args(argv)
	return recvlib.run(opts, WebhookHandler, "receiver")


if __name__ == "__main__":
	sys.exit(main(sys.argv[1:]))
