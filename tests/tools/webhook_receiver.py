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

Stdlib only; reuses jsonstrict.check_bytes. shuffle_receiver.py imports the
server machinery (Server, BaseHandler, add_common_args, serve) from here.
"""

import argparse
import base64
import binascii
import hashlib
import hmac
import http.server
import ipaddress
import json
import os
import re
import select
import socket
import socketserver
import ssl
import sys
import time

sys.dont_write_bytecode = True	# keep tests/tools free of __pycache__
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import jsonstrict  # noqa: E402

SOCKET_TIMEOUT = 10.0		# per connection, seconds
MAX_HEALTHZ = 1000		# bound on uncounted healthz requests
DRAIN_SECONDS = 2.0		# discard an unread body for at most this long
DRAIN_BYTES = 32 * 1024 * 1024	# ... and at most this much
DEFAULT_MAX_BODY = 16 * 1024 * 1024
MAX_CHUNK_LINE = 4096		# chunk-size line / trailer line length
MAX_TRAILERS = 64		# trailer lines after the last chunk
MAX_REPLY_DELAY = 60.0
DEFAULT_HMAC_SKEW = 300

HMAC_TS_HEADER = "X-Wazuh-Timestamp"
HMAC_SIG_HEADER = "X-Wazuh-Signature"
HMAC_PREFIX = "sha256="

_HEX64_LOWER = re.compile(r"[0-9a-f]{64}")
_HEX64_ANY = re.compile(r"[0-9A-Fa-f]{64}")
_TOKEN_RE = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")
_TS_RE = re.compile(r"[0-9]{1,12}")

NO_BODY_STATUS = (204, 304)

# ---------------------------------------------------------------------------
# Files


def write_atomic(path, data):
	tmp = "%s.tmp.%d" % (path, os.getpid())
	with open(tmp, "wb") as f:
		f.write(data)
	os.replace(tmp, path)


def log_event(outdir, line):
	with open(os.path.join(outdir, "events.log"), "a") as f:
		f.write("%s %s\n" % (time.strftime("%H:%M:%S"), line))


# ---------------------------------------------------------------------------
# Server machinery shared with shuffle_receiver.py


class BaseHandler(http.server.BaseHTTPRequestHandler):
	"""One request per connection. Subclasses define tool_name and
	handle_counted(), and call finish_request() exactly once."""
	protocol_version = "HTTP/1.1"
	server_version = "webhook-receiver/1"
	sys_version = ""
	timeout = SOCKET_TIMEOUT
	tool_name = "webhook_receiver"
	reply_content_type = "application/json"

	def version_string(self):
		return self.server_version

	def log_message(self, fmt, *args):
		if not self.server.opts.quiet:
			sys.stderr.write("%s: %s\n" % (self.tool_name, fmt % args))

	def headers_dict(self):
		out = {}
		if getattr(self, "headers", None) is None:
			return out
		for name, value in self.headers.items():
			k = name.lower()
			out[k] = value if k not in out else out[k] + ", " + value
		return out

	def header_all(self, name):
		if getattr(self, "headers", None) is None:
			return []
		return self.headers.get_all(name) or []

	# -- body -----------------------------------------------------------

	def finish(self):
		http.server.BaseHTTPRequestHandler.finish(self)
		if getattr(self, "_unread", False):
			self._drain()

	def _drain(self):
		"""Discard what the client still sends (bounded) after a reply sent
		without reading the body, so closing does not reset the
		connection before the client has read the reply."""
		deadline = time.monotonic() + DRAIN_SECONDS
		left = DRAIN_BYTES
		try:
			self.connection.settimeout(0.25)
			while left > 0 and time.monotonic() < deadline:
				try:
					c = self.connection.recv(min(65536, left))
				except socket.timeout:
					continue
				if not c:
					break
				left -= len(c)
		except OSError:
			pass

	def _read_exact(self, n, errors, what):
		chunks = []
		got = 0
		try:
			while got < n:
				c = self.rfile.read(min(65536, n - got))
				if not c:
					break
				chunks.append(c)
				got += len(c)
		except (socket.timeout, OSError) as e:
			errors.append("%s read failed after %d of %d bytes: %s"
			    % (what, got, n, e))
			return b"".join(chunks), False
		if got < n:
			errors.append("%s short: %d of %d bytes" % (what, got, n))
			return b"".join(chunks), False
		return b"".join(chunks), True

	def _read_line(self, errors, what):
		try:
			line = self.rfile.readline(MAX_CHUNK_LINE + 1)
		except (socket.timeout, OSError) as e:
			errors.append("%s read failed: %s" % (what, e))
			return None
		if len(line) > MAX_CHUNK_LINE:
			errors.append("%s longer than %d bytes" % (what, MAX_CHUNK_LINE))
			return None
		if not line.endswith(b"\n"):
			errors.append("%s truncated (connection closed)" % what)
			return None
		if not line.endswith(b"\r\n"):
			errors.append("%s ends with a bare LF" % what)
			return None
		return line[:-2]

	def _read_chunked(self, errors):
		maxb = self.server.opts.max_body
		out = []
		total = 0
		while True:
			line = self._read_line(errors, "chunk-size line")
			if line is None:
				return b"".join(out), 400
			size = line.split(b";", 1)[0].strip(b" \t")
			if not re.fullmatch(rb"[0-9A-Fa-f]{1,8}", size):
				errors.append("bad chunk-size line %r" % line[:80])
				return b"".join(out), 400
			n = int(size, 16)
			if n == 0:
				break
			if total + n > maxb:
				errors.append("chunked body exceeds %d bytes" % maxb)
				return b"".join(out), 413
			data, ok = self._read_exact(n, errors, "chunk")
			out.append(data)
			total += len(data)
			if not ok:
				return b"".join(out), 400
			crlf, ok = self._read_exact(2, errors, "chunk CRLF")
			if not ok or crlf != b"\r\n":
				if ok:
					errors.append("chunk data not followed by CRLF")
				return b"".join(out), 400
		for _ in range(MAX_TRAILERS + 1):
			line = self._read_line(errors, "trailer line")
			if line is None:
				return b"".join(out), 400
			if line == b"":
				return b"".join(out), None
		errors.append("more than %d trailer lines" % MAX_TRAILERS)
		return b"".join(out), 400

	def read_body(self, errors, warnings):
		"""Returns (bytes, framing, status|None). status is the HTTP error
		to reply with when the framing is bad."""
		self._unread = True
		te = self.header_all("Transfer-Encoding")
		cl = self.header_all("Content-Length")
		if te:
			if cl:
				errors.append("both Transfer-Encoding and Content-Length")
				return b"", "chunked", 400
			codings = [c.strip().lower() for c in ",".join(te).split(",")]
			if codings != ["chunked"]:
				errors.append("Transfer-Encoding %r not supported"
				    % ", ".join(te))
				return b"", "chunked", 501
			body, st = self._read_chunked(errors)
			if st is None:
				self._unread = False
			return body, "chunked", st
		if not cl:
			self._unread = False
			return b"", "none", None
		if len(cl) > 1:
			errors.append("Content-Length repeated: %s" % ", ".join(cl))
			return b"", "content-length", 400
		v = cl[0].strip()
		if not v.isdigit() or not v.isascii() or len(v) > 12:
			errors.append("Content-Length invalid: %r" % cl[0])
			return b"", "content-length", 400
		n = int(v)
		if n > self.server.opts.max_body:
			errors.append("Content-Length %d exceeds %d" % (n,
			    self.server.opts.max_body))
			return b"", "content-length", 413
		body, ok = self._read_exact(n, errors, "body")
		if not ok:
			return body, "content-length", 400
		self._unread = False
		return body, "content-length", None

	# -- replies and records ----------------------------------------------

	def send_reply(self, status, data, content_type=None, extra_headers=()):
		self.close_connection = True
		self.send_response(status)
		if status not in NO_BODY_STATUS:
			self.send_header("Content-Type",
			    content_type or self.reply_content_type)
			self.send_header("Content-Length", str(len(data)))
		self.send_header("Connection", "close")
		for k, v in extra_headers:
			self.send_header(k, v)
		self.end_headers()
		if self.command != "HEAD" and status not in NO_BODY_STATUS:
			self.wfile.write(data)
		self.wfile.flush()

	def forced_status(self, n):
		"""The status --status/--status-seq force for counted request n,
		or 0."""
		o = self.server.opts
		if o.status:
			return o.status
		if o.status_seq and n <= len(o.status_seq):
			return o.status_seq[n - 1]
		return 0

	def next_n(self):
		return self.server.served + 1

	def finish_request(self, rec, body, status, reply, content_type=None):
		"""Count, save DIR/req-<n>.{body,json}, then reply. rec already
		holds the tool-specific fields and "errors"/"warnings"."""
		srv = self.server
		srv.served += 1
		n = srv.served
		errors = rec.setdefault("errors", [])
		rec.setdefault("warnings", [])
		verdict = "rejected" if errors else "accepted"
		if verdict == "accepted":
			srv.accepted += 1
		else:
			srv.rejected += 1
		data = reply if isinstance(reply, bytes) else \
		    json.dumps(reply).encode("utf-8")
		if status in NO_BODY_STATUS:
			data = b""
		full = {"n": n, "time": time.time(),
		    "method": getattr(self, "command", None),
		    "target": getattr(self, "path", None)}
		full.update(rec)
		full["verdict"] = verdict
		full["reason"] = errors[0] if errors else None
		full["status"] = status
		full["reply"] = data.decode("utf-8", errors="replace")
		base = os.path.join(srv.opts.out, "req-%d" % n)
		write_atomic(base + ".body", body)
		write_atomic(base + ".json",
		    (json.dumps(full, indent=1) + "\n").encode("ascii"))
		if not srv.opts.quiet:
			sys.stderr.write("%s: req-%d %s %s -> %d %s\n" % (self.tool_name,
			    n, self.command, self.path, status,
			    errors[0] if errors else "accepted"))
		extra = []
		if srv.opts.retry_after is not None and not 200 <= status < 300:
			extra.append(("Retry-After", srv.opts.retry_after))
		if srv.opts.reply_delay > 0:
			time.sleep(srv.opts.reply_delay)
		self.send_reply(status, data, content_type, extra)

	def tool_defaults(self):
		"""The tool-specific record fields of a request that could not be
		parsed (send_error)."""
		return {}

	def error_reply_obj(self, code, message):
		"""The JSON object sent with a framing/parse error reply."""
		return {"ok": False, "reason": message}

	def send_error(self, code, message=None, explain=None):
		# Called by the base class for malformed requests (bad request
		# line, too many headers, unsupported method...). Count and save.
		self.close_connection = True
		if not hasattr(self, "command"):
			self.command = None
		if not hasattr(self, "path"):
			self.path = None
		n = self.next_n()
		status = self.forced_status(n) or code
		rec = dict.fromkeys(("path", "query", "framing", "body", "json_error"))
		rec.update({"version": getattr(self, "request_version", None),
		    "headers": self.headers_dict(), "body_len": 0, "body_raw": "",
		    "body_utf8": True})
		rec.update(self.tool_defaults())
		rec["errors"] = ["http: %d %s" % (code, message or "")]
		rec["warnings"] = []
		self.request_version = "HTTP/1.1"
		try:
			self.finish_request(rec, b"", status, self.error_reply_obj(code,
			    "forced" if status != code else message or "Bad request"))
		except OSError:
			pass

	def base_record(self, body, framing):
		"""The fields every saved request has (before tool checks)."""
		target = self.path
		path, sep, query = target.partition("?")
		value, why = (None, "empty body") if body == b"" else \
		    jsonstrict.check_bytes(body, forbid_nul=False)
		try:
			body.decode("utf-8", errors="strict")
			utf8 = True
		except UnicodeDecodeError:
			utf8 = False
		return {"path": path, "query": query if sep else None,
		    "version": self.request_version,
		    "headers": self.headers_dict(), "framing": framing,
		    "body_len": len(body),
		    "body_raw": body.decode("utf-8", errors="replace"),
		    "body_utf8": utf8, "body": value, "json_error": why}

	def do_GET(self):
		if self.path == "/healthz":
			self.server.healthz += 1
			self.send_reply(200, json.dumps({"status": "ok"}).encode(),
			    "application/json")
			return
		self.handle_counted()

	def do_POST(self):
		self.handle_counted()

	do_PUT = do_POST
	do_PATCH = do_POST
	do_DELETE = do_POST
	do_HEAD = do_POST
	do_OPTIONS = do_POST

	def handle_counted(self):
		raise NotImplementedError


class Server(socketserver.TCPServer):
	allow_reuse_address = False
	request_queue_size = 16

	def __init__(self, addr, family, opts, sslctx, handler_class):
		self.address_family = family
		self.opts = opts
		self.sslctx = sslctx
		self.served = 0
		self.accepted = 0
		self.rejected = 0
		self.healthz = 0
		self.handshake_failed = False
		self.last_activity = time.monotonic()
		socketserver.TCPServer.__init__(self, addr, handler_class)

	def get_request(self):
		sock, addr = self.socket.accept()
		sock.settimeout(SOCKET_TIMEOUT)
		if self.sslctx is not None:
			try:
				sock = self.sslctx.wrap_socket(sock, server_side=True)
			except (ssl.SSLError, OSError) as e:
				self.handshake_failed = True
				log_event(self.opts.out, "tls handshake failed: %s" % e)
				try:
					sock.close()
				except OSError:
					pass
				raise
		return sock, addr

	def handle_error(self, request, client_address):
		e = sys.exc_info()[1]
		log_event(self.opts.out, "handler error: %r" % (e,))
		if not self.opts.quiet:
			sys.stderr.write("receiver: handler error: %r\n" % (e,))


def _status_list(p, s):
	out = []
	for part in s.split(","):
		part = part.strip()
		if not part.isdigit() or len(part) > 3:
			p.error("--status-seq: bad code %r" % part)
		c = int(part)
		if c != 0 and not 200 <= c <= 599:
			p.error("--status-seq codes must be 0 or 200..599")
		out.append(c)
	return out


def add_common_args(p):
	p.add_argument("--port-file", required=True)
	p.add_argument("--out", required=True)
	p.add_argument("--max-requests", type=int, default=1)
	p.add_argument("--idle-timeout", type=float, default=20.0)
	p.add_argument("--max-lifetime", type=float, default=300.0)
	p.add_argument("--status", type=int, default=0)
	p.add_argument("--status-seq", default=None)
	p.add_argument("--retry-after", default=None)
	p.add_argument("--reply-delay", type=float, default=0.0)
	p.add_argument("--tls-cert")
	p.add_argument("--tls-key")
	p.add_argument("--bind", default="127.0.0.1")
	p.add_argument("--max-body", type=int, default=DEFAULT_MAX_BODY)
	p.add_argument("--quiet", action="store_true")


def check_common_args(p, o):
	if o.max_requests < 1 or o.idle_timeout <= 0 or o.max_lifetime <= 0:
		p.error("--max-requests, --idle-timeout and --max-lifetime must be > 0")
	if o.status and not 200 <= o.status <= 599:
		p.error("--status must be 200..599")
	o.status_seq = _status_list(p, o.status_seq) if o.status_seq else []
	if o.status and o.status_seq:
		p.error("--status and --status-seq exclude each other")
	if o.retry_after is not None and (o.retry_after == "" or
	    any(ord(c) < 0x20 or ord(c) > 0x7e for c in o.retry_after)):
		p.error("--retry-after must be printable ASCII")
	if not 0 <= o.reply_delay <= MAX_REPLY_DELAY:
		p.error("--reply-delay must be 0..%g" % MAX_REPLY_DELAY)
	if o.max_body < 0:
		p.error("--max-body must be >= 0")
	if bool(o.tls_cert) != bool(o.tls_key):
		p.error("--tls-cert and --tls-key go together")
	try:
		if not ipaddress.ip_address(o.bind).is_loopback:
			p.error("--bind must be a loopback address")
	except ValueError:
		p.error("--bind must be a numeric loopback address")


def serve(opts, handler_class):
	"""Run the bounded accept loop; returns the exit status."""
	os.makedirs(opts.out, exist_ok=True)
	sslctx = None
	if opts.tls_cert:
		sslctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
		sslctx.load_cert_chain(opts.tls_cert, opts.tls_key)
	family = socket.AF_INET6 if ":" in opts.bind else socket.AF_INET
	srv = Server((opts.bind, 0), family, opts, sslctx, handler_class)
	port = srv.socket.getsockname()[1]
	write_atomic(opts.port_file, ("%d\n" % port).encode("ascii"))
	start = time.monotonic()
	reason = "max-requests"
	try:
		while srv.served < opts.max_requests:
			now = time.monotonic()
			if now - srv.last_activity >= opts.idle_timeout:
				reason = "idle-timeout"
				break
			if now - start >= opts.max_lifetime:
				reason = "max-lifetime"
				break
			if srv.healthz >= MAX_HEALTHZ:
				reason = "too-many-healthz"
				break
			wait = min(0.5, opts.idle_timeout - (now - srv.last_activity))
			r, _, _ = select.select([srv.socket], [], [], max(wait, 0.01))
			if not r:
				continue
			before = (srv.served, srv.healthz)
			srv.handshake_failed = False
			srv._handle_request_noblock()
			if (srv.served, srv.healthz) != before:
				srv.last_activity = time.monotonic()
			elif not srv.handshake_failed:
				log_event(opts.out, "connection closed without a request")
	finally:
		srv.server_close()
		summary = {"served": srv.served, "accepted": srv.accepted,
		    "rejected": srv.rejected, "healthz": srv.healthz,
		    "reason": reason, "port": port}
		write_atomic(os.path.join(opts.out, "summary.json"),
		    (json.dumps(summary) + "\n").encode("ascii"))
	return 0 if reason == "max-requests" else 3


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
	ts_h = handler.header_all(HMAC_TS_HEADER)
	sig_h = handler.header_all(HMAC_SIG_HEADER)
	ts = None
	if not ts_h:
		errors.append("hmac: no %s header" % HMAC_TS_HEADER)
	elif len(ts_h) > 1:
		errors.append("hmac: %s header repeated" % HMAC_TS_HEADER)
	else:
		ts = ts_h[0]
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
	sig = None
	if not sig_h:
		errors.append("hmac: no %s header" % HMAC_SIG_HEADER)
	elif len(sig_h) > 1:
		errors.append("hmac: %s header repeated" % HMAC_SIG_HEADER)
	else:
		sig = sig_h[0]
		rec["signature"] = sig
	if sig is not None:
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


class WebhookHandler(BaseHandler):
	tool_name = "webhook_receiver"

	def tool_defaults(self):
		return {"auth": None, "hmac": None}

	def handle_counted(self):
		opts = self.server.opts
		n = self.next_n()
		errors = []
		warnings = []
		body, framing, st = self.read_body(errors, warnings)
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
		if not sep2 or _TOKEN_RE.fullmatch(name) is None:
			p.error("--auth header:NAME:VALUE needs a token NAME and a ':'")
		if any(c in value for c in "\r\n\0"):
			p.error("--auth header VALUE must not hold CR, LF or NUL")
		return ("header", name, value)
	p.error("--auth must be none, bearer:TOKEN, basic:USER:PASS or "
	    "header:NAME:VALUE")


def parse_args(argv):
	p = argparse.ArgumentParser(description="generic webhook test receiver")
	add_common_args(p)
	p.add_argument("--auth", default="none")
	p.add_argument("--hmac-secret-file")
	p.add_argument("--hmac-scheme", choices=("body", "ts.body"),
	    default="body")
	p.add_argument("--hmac-max-skew", type=int, default=DEFAULT_HMAC_SKEW)
	p.add_argument("--require-content-type")
	p.add_argument("--require-json", action="store_true")
	o = p.parse_args(argv)
	check_common_args(p, o)
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
	return serve(opts, WebhookHandler)


if __name__ == "__main__":
	sys.exit(main(sys.argv[1:]))
