#!/usr/bin/env python3
"""hostile_server.py - a misbehaving HTTP server for client robustness tests.

Usage:
  hostile_server.py MODE --port-file FILE [--lifetime S] [--log FILE]
                    [--tls-cert F --tls-key K]

Binds 127.0.0.1 on port 0 and writes the port (decimal + "\\n") to FILE via
temp file + rename. Serves connections (one thread each, one request per
connection, at most recvlib.MAX_CONNS in all) until --lifetime seconds
(default 15) have passed, then exits by itself with status 0 whatever the
handlers are doing. With --tls-cert/--tls-key every connection is
TLS-wrapped first.

Each connection: read the request head (at most recvlib.MAX_HEAD bytes) and
then the body by Content-Length (at most MAX_BODY bytes kept; a chunked
request body is not decoded), with a per-read timeout; append one JSON line
to --log:
  {"mode", "method", "path", "content_length" (int or null), "body_len"}
then misbehave according to MODE:
  silent               never answer; hold the socket until the client
                       closes or the lifetime ends
  slow                 "HTTP/1.1 200 OK\\r\\nContent-Length: 2\\r\\n\\r\\nok",
                       one byte per second
  endless-headers      a status line, then "X-Pad: aaa...\\r\\n" lines (1 KiB
                       each) until the client closes or the lifetime ends
  big-body             200 with Content-Length: 10485760 and 10 MiB of 'a'
  bad-chunk            chunked, chunk size "zz"
  chunk-overflow       chunked, chunk size "ffffffffffffffffffff"
  cl-te                both Content-Length: 5 and Transfer-Encoding: chunked,
                       with a valid chunked body {"status":"success"}
  reset-mid-body       Content-Length: 100 but only 10 bytes, then TCP RST
  redirect-301/-302    Location: https://elsewhere.example/alerts/add?token=SECRET
  continue-100         "100 Continue" then 200 {"status":"success"}; when the
                       request carries Expect: 100-continue, a first 100 is
                       also sent right after the head, before the body is read
  http10-close         HTTP/1.0 200, no Content-Length, close-delimited body
  status-429-then-200  first request 429 (Retry-After: 1), later 200
  status-503-date      first request 503 with Date: now and Retry-After:
                       now + 1 s as IMF-fixdates (whole seconds, so 0..1 s
                       of real time ahead), later 200
  always-503           every request 503 with Retry-After: 1
  retry-after-long     every request 503 with Retry-After: 3600
  ok                   200 {"status":"success","message":"","data":{}}
  jira-bad-key         a Jira: GET (search) 200 {"issues":[],"isLast":true};
                       POST (create) 201 with a "key" holding a newline and
                       a forged state-file line
  jira-no-key          the same, the create answer has no "key"
  jira-big-page        the same, but the search page is 64 KiB of empty
                       issues ({"issues":[{},{},...]}, about 21,000), and the
                       create answers 201 {"id":"10007","key":"SOC-7"}
The 200 body in the *-then-200 modes is {"status":"success"}. Except for the
modes whose bytes are given literally above, responses carry exact
Content-Length and Connection: close. Over TLS, a response that ends with a
close is followed by a close_notify (but not in reset-mid-body).

Exit status: 0 at the end of the lifetime, 2 on usage or setup errors.
Stdlib only; the socket scaffolding is in recvlib.py (same directory).
"""

import argparse
import email.utils
import math
import os
import select
import socket
import ssl
import struct
import sys
import time

sys.dont_write_bytecode = True	# keep tests/tools free of __pycache__
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import recvlib  # noqa: E402
from recvlib import close_gracefully, recv_some, set_timeout  # noqa: E402

MAX_BODY = 8 * 1024 * 1024	# request body bytes read
SEND_SLICE = 64 * 1024		# bytes per send() call
BIG_BODY = 10 * 1024 * 1024
PAD_LINE = b"X-Pad: " + b"a" * (1024 - 9) + b"\r\n"	# 1024 bytes

REDIRECT_LOCATION = b"https://elsewhere.example/alerts/add?token=SECRET"

MODES = ("silent", "slow", "endless-headers", "big-body", "bad-chunk",
    "chunk-overflow", "cl-te", "reset-mid-body", "redirect-301",
    "redirect-302", "continue-100", "http10-close", "status-429-then-200",
    "status-503-date", "always-503", "retry-after-long", "ok",
    "jira-bad-key", "jira-no-key", "jira-big-page")

REASONS = {200: b"OK", 201: b"Created", 301: b"Moved Permanently", 302: b"Found",
    429: b"Too Many Requests", 503: b"Service Unavailable"}


def response(status, body=b"", ctype=b"application/json", extra=()):
	"""A complete HTTP/1.1 response with exact Content-Length and
	Connection: close; extra is a sequence of raw header lines (bytes,
	without CRLF)."""
	h = [b"HTTP/1.1 %d %s" % (status, REASONS[status])]
	if body:
		h.append(b"Content-Type: " + ctype)
	h.append(b"Content-Length: %d" % len(body))
	h.append(b"Connection: close")
	h.extend(extra)
	return b"\r\n".join(h) + b"\r\n\r\n" + body


BODY_SUCCESS = b'{"status":"success"}'
BODY_OK = b'{"status":"success","message":"","data":{}}'
BODY_429 = b'{"status":"error","message":"Too Many Requests","data":[]}'
BODY_503 = b'{"status":"error","message":"Service Unavailable","data":[]}'

JIRA_EMPTY = b'{"issues":[],"isLast":true}'
JIRA_BIG_PAGE = b'{"issues":[' + b"{}," * 21000 + b'{}],"isLast":true}'
JIRA_CREATED = {
	"jira-bad-key": b'{"id":"10001","key":"SOC-1\\n9999999999 SOC\\ts:forged SOC-666"}',
	"jira-no-key": b'{"id":"10001"}',
	"jira-big-page": b'{"id":"10007","key":"SOC-7"}',
}

FIXED = {
	"bad-chunk": b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
	    b"zz\r\nhello\r\n0\r\n\r\n",
	"chunk-overflow": b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
	    b"ffffffffffffffffffff\r\nhello\r\n0\r\n\r\n",
	"cl-te": b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
	    b"Content-Length: 5\r\nTransfer-Encoding: chunked\r\n"
	    b"Connection: close\r\n\r\n"
	    b"%x\r\n%s\r\n0\r\n\r\n" % (len(BODY_SUCCESS), BODY_SUCCESS),
	"redirect-301": response(301, extra=(b"Location: " + REDIRECT_LOCATION,)),
	"redirect-302": response(302, extra=(b"Location: " + REDIRECT_LOCATION,)),
	"continue-100": b"HTTP/1.1 100 Continue\r\n\r\n"
	    b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n"
	    b"Content-Type: application/json\r\n\r\n%s"
	    % (len(BODY_SUCCESS), BODY_SUCCESS),
	"http10-close": b"HTTP/1.0 200 OK\r\nContent-Type: application/json\r\n\r\n"
	    b'{"status":"success","message":""}',
	"always-503": response(503, BODY_503, extra=(b"Retry-After: 1",)),
	"retry-after-long": response(503, BODY_503, extra=(b"Retry-After: 3600",)),
	"ok": response(200, BODY_OK),
}


class Server(recvlib.LifetimeServer):
	def __init__(self, mode, deadline, logpath):
		recvlib.LifetimeServer.__init__(self, deadline, logpath)
		self.mode = mode
		self.nreq = 0

	def next_index(self):
		with self.lock:
			n = self.nreq
			self.nreq += 1
			return n


def send_all(sock, srv, data):
	"""Send data before the lifetime ends; True when all of it went out.
	A timed-out send is retried with the same bytes (which also satisfies
	OpenSSL's retry rule), so a slow reader never corrupts the stream."""
	off = 0
	view = memoryview(data)
	while off < len(data):
		if not set_timeout(sock, srv, 1.0):
			return False
		try:
			n = sock.send(view[off:off + SEND_SLICE])
		except socket.timeout:
			continue
		except (ssl.SSLError, OSError):
			return False
		if n <= 0:
			return False
		off += n
	return True


def read_request(sock, srv, early_continue):
	"""Read one request head and its Content-Length body (bounded).
	Return (method, path, headers, content_length, body_len) or None."""
	got = recvlib.read_head(sock, srv)
	if got is None:
		return None
	head, rest = got
	lines = head.split(b"\r\n")
	parts = lines[0].split(b" ")
	method = parts[0].decode("latin-1")
	path = parts[1].decode("latin-1") if len(parts) > 1 else ""
	headers = {}
	for ln in lines[1:]:
		k, sep, v = ln.partition(b":")
		if sep:
			headers[k.strip().lower().decode("latin-1")] = \
			    v.strip().decode("latin-1")
	cl = None
	v = headers.get("content-length")
	if v is not None and v.isdigit() and len(v) <= 18:
		cl = int(v)
	if early_continue and \
	    headers.get("expect", "").lower() == "100-continue":
		if not send_all(sock, srv, b"HTTP/1.1 100 Continue\r\n\r\n"):
			return None
	want = min(cl or 0, MAX_BODY)
	got = len(rest)
	while got < want:
		d = recv_some(sock, srv)
		if not d:
			break
		got += len(d)
	return (method, path, headers, cl, min(got, want))


def hold(sock, srv):
	"""Keep the socket open and unanswered until EOF or lifetime."""
	while srv.remaining() > 0:
		if isinstance(sock, ssl.SSLSocket) and sock.pending():
			r = [sock]
		else:
			try:
				r, _, _ = select.select([sock], [], [],
				    min(1.0, max(0.01, srv.remaining())))
			except (OSError, ValueError):
				return
		if r:
			try:
				sock.settimeout(0.5)
				d = sock.recv(65536)
			except socket.timeout:
				continue
			except (ssl.SSLError, OSError):
				return
			if not d:
				return


def misbehave(sock, srv, tls, n, method):
	mode = srv.mode
	if mode.startswith("jira-"):
		if method == "GET":
			data = response(200, JIRA_BIG_PAGE if mode == "jira-big-page"
			    else JIRA_EMPTY)
		else:
			data = response(201, JIRA_CREATED[mode])
		if send_all(sock, srv, data):
			close_gracefully(sock, srv, tls)
		return
	if mode == "silent":
		hold(sock, srv)
		return
	if mode == "slow":
		for b in b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok":
			if not send_all(sock, srv, bytes([b])):
				return
			time.sleep(min(1.0, max(0.0, srv.remaining())))
		close_gracefully(sock, srv, tls)
		return
	if mode == "endless-headers":
		if not send_all(sock, srv, b"HTTP/1.1 200 OK\r\n"):
			return
		burst = PAD_LINE * 16
		while srv.remaining() > 0:
			if not send_all(sock, srv, burst):
				return
		return
	if mode == "big-body":
		head = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n" \
		    b"Content-Length: %d\r\nConnection: close\r\n\r\n" % BIG_BODY
		if not send_all(sock, srv, head):
			return
		chunk = b"a" * SEND_SLICE
		left = BIG_BODY
		while left > 0:
			k = min(left, len(chunk))
			if not send_all(sock, srv, chunk[:k]):
				return
			left -= k
		close_gracefully(sock, srv, tls)
		return
	if mode == "reset-mid-body":
		send_all(sock, srv, b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n"
		    b"\r\n" + b"0123456789")
		time.sleep(0.2)		# let the 10 bytes reach the client
		try:
			sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
			    struct.pack("ii", 1, 0))
		except OSError:
			pass
		try:
			# Over TLS, closing the SSLSocket sends no close_notify.
			sock.close()
		except OSError:
			pass
		return
	if mode in ("status-429-then-200", "status-503-date"):
		if n > 0:
			data = response(200, BODY_SUCCESS)
		elif mode == "status-429-then-200":
			data = response(429, BODY_429, extra=(b"Retry-After: 1",))
		else:
			now = math.floor(time.time())
			when = now + 1
			data = response(503, BODY_503, extra=(
			    b"Date: " + email.utils.formatdate(now,
				usegmt=True).encode("ascii"),
			    b"Retry-After: " + email.utils.formatdate(when,
				usegmt=True).encode("ascii")))
	else:
		data = FIXED[mode]
	if send_all(sock, srv, data):
		close_gracefully(sock, srv, tls)


def handle(conn, srv, sslctx):
	"""One connection (run_threads closes conn afterwards)."""
	sock = conn
	try:
		if sslctx is not None:
			if not set_timeout(conn, srv):
				return
			try:
				sock = sslctx.wrap_socket(conn, server_side=True)
			except (ssl.SSLError, OSError) as e:
				print("hostile_server: TLS handshake failed: %s" % e,
				    file=sys.stderr)
				return
		req = read_request(sock, srv, srv.mode == "continue-100")
		if req is None:
			return
		method, path, _headers, cl, body_len = req
		n = srv.next_index()
		srv.log({"mode": srv.mode, "method": method, "path": path,
		    "content_length": cl, "body_len": body_len})
		misbehave(sock, srv, sslctx is not None, n, method)
	finally:
		if sock is not conn:
			try:
				sock.close()
			except OSError:
				pass


def parse_args(argv):
	p = argparse.ArgumentParser(description="misbehaving HTTP test server")
	p.add_argument("mode", choices=MODES)
	p.add_argument("--port-file", required=True)
	p.add_argument("--port", type=int, default=0)
	p.add_argument("--lifetime", type=float, default=15.0)
	p.add_argument("--tls-cert")
	p.add_argument("--tls-key")
	p.add_argument("--log")
	o = p.parse_args(argv)
	if (o.tls_cert is None) != (o.tls_key is None):
		p.error("--tls-cert and --tls-key go together")
	if not (0 < o.lifetime <= 3600):
		p.error("--lifetime must be in (0, 3600]")
	return o


def main(argv):
	o = parse_args(argv)
	try:
		sslctx = None if o.tls_cert is None else \
		    recvlib.tls_context(o.tls_cert, o.tls_key)
		srv = Server(o.mode, time.monotonic() + o.lifetime, o.log)
		ls = recvlib.listen_loopback(o.port_file, o.port)
	except (OSError, ssl.SSLError) as e:
		print("hostile_server: %s" % e, file=sys.stderr)
		return 2
	recvlib.run_threads(ls, srv, "hostile_server", handle, srv, sslctx)


if __name__ == "__main__":
	sys.exit(main(sys.argv[1:]))
