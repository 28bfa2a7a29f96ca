"""recvlib.py - server scaffolding shared by the test servers in tests/tools.

Not a script: iris_receiver.py, jira_receiver.py, webhook_receiver.py,
shuffle_receiver.py, hostile_server.py and connect_proxy.py import it (each
entry script sets sys.dont_write_bytecode first, so no __pycache__ is left).
The service-specific rules stay in those files; this holds what they share.

Counted HTTP receivers (iris, jira, webhook, shuffle):
  - add_limit_args / add_reply_args / add_listen_args (add_generic_args:
    all three) and their check_* functions: the common flags --port-file
    --out --max-requests --idle-timeout --max-lifetime; --status
    --status-seq --retry-after --reply-delay (webhook and shuffle);
    --tls-cert --tls-key --bind (numeric loopback only) --max-body --quiet.
  - Server: socketserver.TCPServer bound to --bind on port 0, one request
    per connection, optional TLS wrapping (a failed handshake is a line in
    DIR/events.log), per-server counters served/accepted/rejected/healthz.
  - serve(): writes the port file (decimal + "\\n", temp file + rename),
    runs the bounded accept loop (exits after --max-requests counted
    requests, --idle-timeout seconds without one, --max-lifetime seconds in
    all, or MAX_HEALTHZ healthz probes; optionally on SIGTERM) and writes
    DIR/summary.json {"served", "accepted", "rejected", "healthz", "reason",
    "port", ...}. Returns the exit status: 0 after --max-requests, else 3.
  - Handler: BaseHTTPRequestHandler with HTTP/1.1 replies that always carry
    Connection: close, GET /healthz (neither counted nor saved), bounded
    body reading (Content-Length only, or also chunked), a bounded drain
    of an unread body, counting and saving DIR/req-<n>.body then
    DIR/req-<n>.json (indent 1, ASCII, via rename).
  - GenericHandler: the record format, --status/--status-seq forcing,
    Retry-After and reply delay shared by webhook_receiver.py and
    shuffle_receiver.py (documented in webhook_receiver.py).

Lifetime servers (hostile_server, connect_proxy): LifetimeServer (deadline
and a JSON-lines log), listen_loopback (127.0.0.1 port 0, port file),
bounded reads and timeouts, close_gracefully, and run_threads (a thread per
connection until the lifetime ends, then a hard exit 0).

Stdlib only; reuses jsonstrict.check_bytes from the same directory.
"""

import http.server
import ipaddress
import json
import os
import re
import select
import signal
import socket
import socketserver
import ssl
import sys
import threading
import time

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

MAX_CONNS = 50			# lifetime servers: connections accepted in all
MAX_HEAD = 64 * 1024		# lifetime servers: request line + headers
IO_TIMEOUT = 10.0		# lifetime servers: per blocking read, seconds
LINGER_SECONDS = 1.0		# lifetime servers: wait for the peer's EOF

TOKEN_RE = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")	# an HTTP token

# ---------------------------------------------------------------------------
# Files


def write_atomic(path, data):
	"""Write data (bytes) to path via a temp file and rename."""
	tmp = "%s.tmp.%d" % (path, os.getpid())
	with open(tmp, "wb") as f:
		f.write(data)
	os.replace(tmp, path)


def write_json(path, obj, indent=None):
	"""obj as ASCII JSON plus "\\n", atomically."""
	write_atomic(path, (json.dumps(obj, indent=indent) + "\n").encode("ascii"))


def write_port_file(path, port):
	write_atomic(path, ("%d\n" % port).encode("ascii"))


def log_event(outdir, line):
	"""Append a time-stamped line to DIR/events.log."""
	with open(os.path.join(outdir, "events.log"), "a") as f:
		f.write("%s %s\n" % (time.strftime("%H:%M:%S"), line))


# ---------------------------------------------------------------------------
# Command line of the counted receivers. iris and jira add add_limit_args,
# their own options, then add_listen_args; webhook and shuffle
# add_generic_args, then their own options (so --help and the usage line
# keep their order). Each checks in the order it adds.


def add_limit_args(p):
	p.add_argument("--port-file", required=True)
	p.add_argument("--out", required=True)
	p.add_argument("--max-requests", type=int, default=1)
	p.add_argument("--idle-timeout", type=float, default=20.0)
	p.add_argument("--max-lifetime", type=float, default=300.0)


def check_limit_args(p, o):
	if o.max_requests < 1 or o.idle_timeout <= 0 or o.max_lifetime <= 0:
		p.error("--max-requests, --idle-timeout and --max-lifetime must be > 0")


def add_reply_args(p):
	p.add_argument("--status", type=int, default=0)
	p.add_argument("--status-seq", default=None)
	p.add_argument("--retry-after", default=None)
	p.add_argument("--reply-delay", type=float, default=0.0)


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


def check_reply_args(p, o):
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


def add_listen_args(p):
	p.add_argument("--tls-cert")
	p.add_argument("--tls-key")
	p.add_argument("--bind", default="127.0.0.1")
	p.add_argument("--port", type=int, default=0,
	    help="listen on this port (default 0: any free one)")
	p.add_argument("--max-body", type=int, default=DEFAULT_MAX_BODY)
	p.add_argument("--quiet", action="store_true")


def check_listen_args(p, o, body_nonneg=False):
	"""body_nonneg: refuse a negative --max-body."""
	if body_nonneg and o.max_body < 0:
		p.error("--max-body must be >= 0")
	if bool(o.tls_cert) != bool(o.tls_key):
		p.error("--tls-cert and --tls-key go together")
	if not 0 <= o.port <= 65535:
		p.error("--port must be 0..65535")
	try:
		if not ipaddress.ip_address(o.bind).is_loopback:
			p.error("--bind must be a loopback address")
	except ValueError:
		p.error("--bind must be a numeric loopback address")


def add_generic_args(p):
	"""The common flags of webhook_receiver.py and shuffle_receiver.py."""
	add_limit_args(p)
	add_reply_args(p)
	add_listen_args(p)


def check_generic_args(p, o):
	check_limit_args(p, o)
	check_reply_args(p, o)
	check_listen_args(p, o, body_nonneg=True)


# ---------------------------------------------------------------------------
# Server and the bounded serve loop


def tls_context(cert, key):
	"""A server SSLContext with the certificate chain and key files."""
	ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
	ctx.load_cert_chain(cert, key)
	return ctx


class Server(socketserver.TCPServer):
	"""name prefixes handler errors on stderr; state holds the receiver's
	own attributes (set before the socket is bound)."""
	allow_reuse_address = True	# --port: bind again after a stop
	request_queue_size = 16

	def __init__(self, addr, family, opts, sslctx, handler_class, name,
	    **state):
		self.address_family = family
		self.opts = opts
		self.sslctx = sslctx
		self.name = name
		self.served = 0
		self.accepted = 0
		self.rejected = 0
		self.healthz = 0
		self.handshake_failed = False
		self.last_activity = time.monotonic()
		for k, v in state.items():
			setattr(self, k, v)
		socketserver.TCPServer.__init__(self, addr, handler_class)
		self.port = self.socket.getsockname()[1]

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
			sys.stderr.write("%s: handler error: %r\n" % (self.name, e))


def listen(opts, handler_class, name, **state):
	"""A Server on (--bind, --port or 0), TLS when --tls-cert is given."""
	sslctx = tls_context(opts.tls_cert, opts.tls_key) if opts.tls_cert \
	    else None
	family = socket.AF_INET6 if ":" in opts.bind else socket.AF_INET
	return Server((opts.bind, opts.port), family, opts, sslctx,
	    handler_class, name, **state)


class Terminated(BaseException):
	pass


def _on_sigterm(signum, frame):
	signal.signal(signal.SIGTERM, signal.SIG_DFL)
	raise Terminated()


def serve(srv, on_exit=None, catch_sigterm=False):
	"""Write the port file, run the bounded accept loop, write
	DIR/summary.json; returns the exit status (0 after --max-requests,
	else 3). on_exit() runs after the server is closed and returns extra
	summary fields. With catch_sigterm a SIGTERM ends the loop with reason
	"sigterm" (the summary is still written)."""
	opts = srv.opts
	port = srv.port
	if not catch_sigterm:
		write_port_file(opts.port_file, port)
	start = time.monotonic()
	reason = "max-requests"
	if catch_sigterm:
		signal.signal(signal.SIGTERM, _on_sigterm)
	try:
		if catch_sigterm:
			write_port_file(opts.port_file, port)
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
	except Terminated:
		reason = "sigterm"
	finally:
		srv.server_close()
		summary = {"served": srv.served, "accepted": srv.accepted,
		    "rejected": srv.rejected, "healthz": srv.healthz,
		    "reason": reason, "port": port}
		if on_exit is not None:
			summary.update(on_exit())
		write_json(os.path.join(opts.out, "summary.json"), summary)
	return 0 if reason == "max-requests" else 3


def run(opts, handler_class, name, **state):
	"""makedirs DIR, listen, serve; returns the exit status."""
	os.makedirs(opts.out, exist_ok=True)
	return serve(listen(opts, handler_class, name, **state))


# ---------------------------------------------------------------------------
# Request handler


class Handler(http.server.BaseHTTPRequestHandler):
	"""One request per connection. GET /healthz is answered here; every
	other request of a method with a do_* goes to handle_counted(), which
	the receiver defines."""
	protocol_version = "HTTP/1.1"
	server_version = "receiver/1"
	sys_version = ""
	timeout = SOCKET_TIMEOUT
	tool_name = "receiver"		# prefix of stderr lines
	no_body_status = ()		# replies without body, Content-Type/-Length
	json_separators = None		# json.dumps separators of send_json
	json_content_type = "application/json"
	log_cut = None			# cut path and reason of request log lines

	def version_string(self):
		return self.server_version

	def log_message(self, fmt, *args):
		if not self.server.opts.quiet:
			sys.stderr.write("%s: %s\n" % (self.tool_name, fmt % args))

	def headers_dict(self):
		"""{lowercased name: value}, repeated headers joined with ", "."""
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

	# -- routing ----------------------------------------------------------

	def do_GET(self):
		if self.path == "/healthz":
			self.server.healthz += 1
			self.send_json(200, {"status": "ok"})
			return
		self.handle_counted()

	def do_POST(self):
		self.handle_counted()

	do_PUT = do_POST
	do_PATCH = do_POST
	do_DELETE = do_POST
	do_HEAD = do_POST

	def handle_counted(self):
		raise NotImplementedError

	# -- body -------------------------------------------------------------

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

	def read_exact(self, n, errors, what):
		"""Read n bytes: (bytes, ok); on a short read or an error says why
		in errors."""
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

	def _content_length(self, cl, errors):
		"""The one Content-Length value within --max-body: (n, None), or
		(None, status) with the reason in errors."""
		if len(cl) > 1:
			errors.append("Content-Length repeated: %s" % ", ".join(cl))
			return None, 400
		v = cl[0].strip()
		if not v.isdigit() or not v.isascii() or len(v) > 12:
			errors.append("Content-Length invalid: %r" % cl[0])
			return None, 400
		n = int(v)
		if n > self.server.opts.max_body:
			errors.append("Content-Length %d exceeds %d" % (n,
			    self.server.opts.max_body))
			return None, 413
		return n, None

	def read_length_body(self, errors):
		"""Read the body by Content-Length only (Transfer-Encoding, or a
		POST/PUT/PATCH without Content-Length: 411). Returns (bytes,
		status|None)."""
		self._unread = True
		te = self.header_all("Transfer-Encoding")
		if te:
			errors.append("Transfer-Encoding %s not accepted (send "
			    "Content-Length)" % ", ".join(te))
			return b"", 411
		cl = self.header_all("Content-Length")
		if not cl:
			if self.command in ("POST", "PUT", "PATCH"):
				errors.append("Content-Length missing")
				return b"", 411
			self._unread = False
			return b"", None
		n, st = self._content_length(cl, errors)
		if st is not None:
			return b"", st
		body, ok = self.read_exact(n, errors, "body")
		if not ok:
			return body, 400
		self._unread = False
		return body, None

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
			data, ok = self.read_exact(n, errors, "chunk")
			out.append(data)
			total += len(data)
			if not ok:
				return b"".join(out), 400
			crlf, ok = self.read_exact(2, errors, "chunk CRLF")
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

	def read_framed_body(self, errors):
		"""Read the body by Content-Length or "Transfer-Encoding: chunked"
		(bounded by --max-body; neither: empty body). Returns (bytes,
		framing, status|None); status is the HTTP error to reply with when
		the framing is bad."""
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
		n, st = self._content_length(cl, errors)
		if st is not None:
			return b"", "content-length", st
		body, ok = self.read_exact(n, errors, "body")
		if not ok:
			return body, "content-length", 400
		self._unread = False
		return body, "content-length", None

	# -- replies and records ----------------------------------------------

	def send_reply(self, status, data, content_type, extra_headers=()):
		"""Status line, Content-Type, Content-Length, Connection: close,
		extra_headers, then data (not for HEAD nor no_body_status)."""
		self.close_connection = True
		self.send_response(status)
		if status not in self.no_body_status:
			self.send_header("Content-Type", content_type)
			self.send_header("Content-Length", str(len(data)))
		self.send_header("Connection", "close")
		for k, v in extra_headers:
			self.send_header(k, v)
		self.end_headers()
		if self.command != "HEAD" and status not in self.no_body_status:
			self.wfile.write(data)
		self.wfile.flush()

	def send_json(self, status, obj, extra_headers=()):
		"""send_reply of obj as JSON; returns the bytes."""
		data = json.dumps(obj, separators=self.json_separators).encode("utf-8")
		self.send_reply(status, data, self.json_content_type, extra_headers)
		return data

	def count_request(self, errors):
		"""Count one request: (n, "accepted"|"rejected")."""
		srv = self.server
		srv.served += 1
		if errors:
			srv.rejected += 1
			return srv.served, "rejected"
		srv.accepted += 1
		return srv.served, "accepted"

	def save_request(self, n, body, rec):
		"""DIR/req-<n>.body, then DIR/req-<n>.json."""
		base = os.path.join(self.server.opts.out, "req-%d" % n)
		write_atomic(base + ".body", body)
		write_json(base + ".json", rec, indent=1)

	def note_request(self, n, status, errors):
		if self.server.opts.quiet:
			return
		path = self.path
		why = errors[0] if errors else "accepted"
		if self.log_cut is not None:
			path = (path or "")[:self.log_cut]
			why = why[:self.log_cut]
		sys.stderr.write("%s: req-%d %s %s -> %d %s\n" % (self.tool_name,
		    n, self.command, path, status, why))

	def start_error(self):
		"""Start of send_error, which the base class calls for malformed
		requests (bad request line, too many headers, unsupported
		method...): no keep-alive, command and path may be unset."""
		self.close_connection = True
		if not hasattr(self, "command"):
			self.command = None
		if not hasattr(self, "path"):
			self.path = None


class GenericHandler(Handler):
	"""The record format and reply options (--status, --status-seq,
	--retry-after, --reply-delay) of webhook_receiver.py and
	shuffle_receiver.py. Subclasses define handle_counted() and call
	finish_request() exactly once."""
	no_body_status = (204, 304)
	reply_content_type = "application/json"

	do_OPTIONS = Handler.do_POST

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
		errors = rec.setdefault("errors", [])
		rec.setdefault("warnings", [])
		n, verdict = self.count_request(errors)
		data = reply if isinstance(reply, bytes) else \
		    json.dumps(reply).encode("utf-8")
		if status in self.no_body_status:
			data = b""
		full = {"n": n, "time": time.time(),
		    "method": getattr(self, "command", None),
		    "target": getattr(self, "path", None)}
		full.update(rec)
		full["verdict"] = verdict
		full["reason"] = errors[0] if errors else None
		full["status"] = status
		full["reply"] = data.decode("utf-8", errors="replace")
		self.save_request(n, body, full)
		self.note_request(n, status, errors)
		extra = []
		if srv.opts.retry_after is not None and not 200 <= status < 300:
			extra.append(("Retry-After", srv.opts.retry_after))
		if srv.opts.reply_delay > 0:
			time.sleep(srv.opts.reply_delay)
		self.send_reply(status, data, content_type or self.reply_content_type,
		    extra)

	def tool_defaults(self):
		"""The tool-specific record fields of a request that could not be
		parsed (send_error)."""
		return {}

	def error_reply_obj(self, code, message):
		"""The JSON object sent with a framing/parse error reply."""
		return {"ok": False, "reason": message}

	def send_error(self, code, message=None, explain=None):
		# Count and save the malformed request too.
		self.start_error()
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


# ---------------------------------------------------------------------------
# Lifetime servers: raw sockets, a thread per connection until a deadline


class LifetimeServer:
	"""A deadline (time.monotonic()) and an optional JSON-lines log."""

	def __init__(self, deadline, logpath):
		self.deadline = deadline
		self.logpath = logpath
		self.lock = threading.Lock()

	def remaining(self):
		return self.deadline - time.monotonic()

	def log(self, rec):
		"""Append rec as one JSON line (sorted keys) to the log."""
		if self.logpath is None:
			return
		line = json.dumps(rec, sort_keys=True) + "\n"
		with self.lock:
			with open(self.logpath, "a", encoding="utf-8") as f:
				f.write(line)
				f.flush()


def set_timeout(sock, life, cap=IO_TIMEOUT):
	"""Set a timeout of at most cap seconds and at most the remaining
	lifetime; return False when the lifetime is over."""
	rem = life.remaining()
	if rem <= 0:
		return False
	sock.settimeout(max(0.01, min(cap, rem)))
	return True


def recv_some(sock, life, n=65536):
	"""One bounded read: bytes, b"" on EOF, None on timeout/error/lifetime."""
	if not set_timeout(sock, life):
		return None
	try:
		return sock.recv(n)
	except (socket.timeout, ssl.SSLError, OSError):
		return None


def read_head(sock, life, limit=MAX_HEAD):
	"""Read up to the end of a request head (about limit bytes at most):
	(head bytes, leftover) or None on EOF, timeout, oversize or lifetime
	end."""
	buf = b""
	while b"\r\n\r\n" not in buf:
		if len(buf) > limit:
			return None
		d = recv_some(sock, life)
		if not d:
			return None
		buf += d
	head, _, rest = buf.partition(b"\r\n\r\n")
	return head, rest


def close_gracefully(sock, life=None, tls=False):
	"""End a response: close_notify over TLS (life bounds it), FIN over
	TCP, then wait briefly for the peer's EOF (so unread input never turns
	the close into a RST that could destroy the response), then close."""
	try:
		if tls:
			set_timeout(sock, life, LINGER_SECONDS)
			sock = sock.unwrap()
		sock.shutdown(socket.SHUT_WR)
		end = time.monotonic() + LINGER_SECONDS
		while time.monotonic() < end:
			sock.settimeout(max(0.01, end - time.monotonic()))
			if not sock.recv(65536):
				break
	except (socket.timeout, ssl.SSLError, OSError, ValueError):
		pass
	try:
		sock.close()
	except OSError:
		pass


def listen_loopback(port_file, port=0):
	"""A listening TCP socket on 127.0.0.1, port (0: any free one); the
	port is written to port_file (write_port_file)."""
	ls = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
	ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
	ls.bind(("127.0.0.1", port))
	ls.listen(16)
	write_port_file(port_file, ls.getsockname()[1])
	return ls


def _guarded(name, handle, conn, args):
	try:
		handle(conn, *args)
	except Exception as e:		# never let a handler kill the process
		print("%s: handler error: %r" % (name, e), file=sys.stderr)
	finally:
		try:
			conn.close()
		except OSError:
			pass


def run_threads(ls, life, name, handle, *args):
	"""Accept on ls until the lifetime ends or MAX_CONNS connections were
	taken, each in a daemon thread running handle(conn, *args) (an
	exception is printed as "<name>: handler error", conn is closed
	after); wait for the handlers within the lifetime, then exit 0 at
	once, whatever they are doing. Does not return."""
	threads = []
	while life.remaining() > 0 and len(threads) < MAX_CONNS:
		ls.settimeout(max(0.01, min(0.5, life.remaining())))
		try:
			conn, _ = ls.accept()
		except socket.timeout:
			continue
		except OSError:
			time.sleep(0.05)
			continue
		t = threading.Thread(target=_guarded, args=(name, handle, conn, args),
		    daemon=True)
		t.start()
		threads.append(t)
	ls.close()
	for t in threads:
		t.join(max(0.0, life.remaining()))
	sys.stdout.flush()
	sys.stderr.flush()
	# Hard bound: do not wait for handlers stuck past the lifetime.
	os._exit(0)
