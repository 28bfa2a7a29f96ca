#!/usr/bin/env python3
"""connect_proxy.py - a local HTTP proxy (CONNECT + absolute-form) for tests.

Usage:
  connect_proxy.py --port-file FILE [--mode ok|407|403|garbage|close]
                   [--user U [--password P]] [--lifetime S] [--log FILE]

Binds 127.0.0.1 on port 0 and writes the port (decimal + "\\n") to FILE via
temp file + rename. Serves connections (one thread each, one request per
connection, at most recvlib.MAX_CONNS in all) until --lifetime seconds
(default 15) have passed, then exits by itself with status 0.

It only ever connects to 127.0.0.1 (targets "127.0.0.1" and "localhost")
or ::1 (target "::1" / "[::1]"); any other target gets 403 and no name is
ever resolved.

Per request (head read bounded to recvlib.MAX_HEAD bytes, with a
timeout):
  --mode close    close the connection without answering
  --mode garbage  answer "NOT HTTP\\r\\n\\r\\n" and close
  --mode 407      always 407 with Proxy-Authenticate: Basic realm="test"
  --mode 403      always 403 Forbidden
  --mode ok       (default) with --user, a request whose Proxy-Authorization
                  is not exactly "Basic base64(U:P)" gets the 407; then
    CONNECT host:port HTTP/1.1  connect to the target, answer
                  "HTTP/1.1 200 Connection established\\r\\n\\r\\n" in three
                  sends (split inside the status line and inside the final
                  CRLFCRLF, with short sleeps between) and relay bytes both
                  ways (half-closes are passed on) until both sides close,
                  RELAY_GRACE seconds after the first side closed, or the
                  lifetime ends;
    METHOD http://host[:port]/path HTTP/1.x  forward to the origin with the
                  request line rewritten to origin-form, Proxy-Authorization,
                  Proxy-Connection, Keep-Alive and Connection removed and
                  "Connection: close" added; relay the response back.
  Unparsable request -> 400; target refused -> 403; origin unreachable -> 502.
  All error answers carry Content-Length: 0 and Connection: close.

Log (--log, append): one JSON line per request
  {"method", "target", "auth_ok", "auth_sent", "status"}
auth_ok: true/false whether Proxy-Authorization matched --user/--password,
null when no --user was given; auth_sent: whether the header was present at
all (its value is never logged). status: the status line code the proxy sent
(the origin's code for a forwarded absolute-form request, 502 if it sent no
parsable status line), null in modes close and garbage.

Exit status: 0 at the end of the lifetime, 2 on usage or setup errors.
Stdlib only; the socket scaffolding is in recvlib.py (same directory).
"""

import argparse
import base64
import hmac
import os
import select
import socket
import sys
import time
import urllib.parse

sys.dont_write_bytecode = True	# keep tests/tools free of __pycache__
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import recvlib  # noqa: E402
from recvlib import close_gracefully, set_timeout  # noqa: E402

CONNECT_TIMEOUT = 5.0		# to the target
RELAY_GRACE = 5.0		# after one side closed, seconds
SPLIT_SLEEP = 0.05		# between the pieces of the 200 answer

LOCAL4 = ("127.0.0.1", "localhost")
LOCAL6 = ("::1",)

REASONS = {400: b"Bad Request", 403: b"Forbidden",
    407: b"Proxy Authentication Required", 502: b"Bad Gateway"}


def error_response(status):
	h = b"HTTP/1.1 %d %s\r\n" % (status, REASONS[status])
	if status == 407:
		h += b'Proxy-Authenticate: Basic realm="test"\r\n'
	return h + b"Content-Length: 0\r\nConnection: close\r\n\r\n"


class Proxy(recvlib.LifetimeServer):
	def __init__(self, opts, deadline):
		recvlib.LifetimeServer.__init__(self, deadline, opts.log)
		self.mode = opts.mode
		self.expect_auth = None
		if opts.user is not None:
			cred = ("%s:%s" % (opts.user, opts.password)).encode("utf-8")
			self.expect_auth = b"Basic " + base64.b64encode(cred)


def send_all(sock, px, data):
	"""True when all of data was sent before a timeout or the lifetime."""
	if not set_timeout(sock, px):
		return False
	try:
		sock.sendall(data)
	except OSError:
		return False
	return True


def local_address(host):
	"""Map an allowed target host to (family, address) or None.
	No name is ever resolved."""
	h = host.lower()
	if h.startswith("[") and h.endswith("]"):
		h = h[1:-1]
	if h in LOCAL4:
		return (socket.AF_INET, "127.0.0.1")
	if h in LOCAL6:
		return (socket.AF_INET6, "::1")
	return None


def split_authority(auth):
	"""'host:port' or '[v6]:port' -> (host, port) or None."""
	if auth.startswith("["):
		end = auth.find("]")
		if end == -1 or auth[end + 1:end + 2] != ":":
			return None
		host, port = auth[:end + 1], auth[end + 2:]
	else:
		host, sep, port = auth.rpartition(":")
		if not sep:
			return None
	if not port.isdigit() or len(port) > 5 or not 0 < int(port) < 65536:
		return None
	return host, int(port)


def open_upstream(host, port, px):
	addr = local_address(host)
	if addr is None:
		return None, 403
	s = socket.socket(addr[0], socket.SOCK_STREAM)
	s.settimeout(max(0.01, min(CONNECT_TIMEOUT, px.remaining())))
	try:
		s.connect((addr[1], port))
	except OSError:
		s.close()
		return None, 502
	return s, 200


def relay(client, upstream, px, first_up=b"", sniff=None):
	"""Copy bytes both ways; pass a half-close on; stop when both sides
	closed, RELAY_GRACE s after the first one did, on an error, or at the
	end of the lifetime. first_up is sent upstream first; sniff, a
	bytearray, collects the first 64 bytes sent back to the client."""
	if first_up and not send_all(upstream, px, first_up):
		return
	peer = {client: upstream, upstream: client}
	open_ = [client, upstream]
	stop = px.deadline
	while open_ and time.monotonic() < stop:
		try:
			r, _, _ = select.select(open_, [], [],
			    max(0.01, min(1.0, stop - time.monotonic())))
		except (OSError, ValueError):
			return
		for s in r:
			try:
				d = s.recv(65536)
			except OSError:
				return
			if not d:
				open_.remove(s)
				try:
					peer[s].shutdown(socket.SHUT_WR)
				except OSError:
					pass
				stop = min(stop, time.monotonic() + RELAY_GRACE)
				continue
			if s is upstream and sniff is not None and len(sniff) < 64:
				sniff.extend(d[:64 - len(sniff)])
			if not send_all(peer[s], px, d):
				return


def parse_status(b):
	parts = bytes(b).split(b"\r\n", 1)[0].split(b" ")
	if len(parts) >= 2 and parts[0].startswith(b"HTTP/") and \
	    len(parts[1]) == 3 and parts[1].isdigit():
		return int(parts[1])
	return 502


def do_connect(sock, px, target, rest, rec):
	hp = split_authority(target)
	if hp is None:
		rec["status"] = 400
		px.log(rec)
		if send_all(sock, px, error_response(400)):
			close_gracefully(sock)
		return
	up, status = open_upstream(hp[0], hp[1], px)
	rec["status"] = status
	px.log(rec)
	if up is None:
		if send_all(sock, px, error_response(status)):
			close_gracefully(sock)
		return
	try:
		for piece in (b"HTTP/1.1 200 Conn", b"ection established\r\n\r",
		    b"\n"):
			if not send_all(sock, px, piece):
				return
			time.sleep(SPLIT_SLEEP)
		relay(sock, up, px, first_up=rest)
	finally:
		up.close()


def do_forward(sock, px, method, target, version, lines, rest, rec):
	u = None
	try:
		u = urllib.parse.urlsplit(target)
		port = u.port or 80
	except ValueError:
		u = None
	if u is None or u.scheme.lower() != "http" or u.hostname is None:
		rec["status"] = 400
		px.log(rec)
		if send_all(sock, px, error_response(400)):
			close_gracefully(sock)
		return
	up, status = open_upstream(u.hostname, port, px)
	if up is None:
		rec["status"] = status
		px.log(rec)
		if send_all(sock, px, error_response(status)):
			close_gracefully(sock)
		return
	path = u.path or "/"
	if u.query:
		path += "?" + u.query
	head = [b"%s %s %s" % (method.encode("latin-1"),
	    path.encode("latin-1"), version.encode("latin-1"))]
	drop = (b"proxy-authorization", b"proxy-connection", b"connection",
	    b"keep-alive")
	for ln in lines[1:]:
		if ln.partition(b":")[0].strip().lower() not in drop:
			head.append(ln)
	head.append(b"Connection: close")
	sniff = bytearray()
	try:
		relay(sock, up, px, first_up=b"\r\n".join(head) + b"\r\n\r\n" +
		    rest, sniff=sniff)
	finally:
		up.close()
	rec["status"] = parse_status(sniff)
	px.log(rec)


def handle(sock, px):
	"""One connection (run_threads closes it afterwards)."""
	got = recvlib.read_head(sock, px)
	if got is None:
		return
	head, rest = got
	lines = head.split(b"\r\n")
	parts = lines[0].decode("latin-1").split(" ")
	method = parts[0]
	target = parts[1] if len(parts) > 1 else ""
	version = parts[2] if len(parts) > 2 else ""
	auth = None
	for ln in lines[1:]:
		k, sep, v = ln.partition(b":")
		if sep and k.strip().lower() == b"proxy-authorization":
			auth = v.strip()
	auth_ok = None
	if px.expect_auth is not None:
		auth_ok = auth is not None and \
		    hmac.compare_digest(auth, px.expect_auth)
	rec = {"method": method, "target": target, "auth_ok": auth_ok,
	    "auth_sent": auth is not None, "status": None}
	if px.mode == "close":
		px.log(rec)
		return
	if px.mode == "garbage":
		px.log(rec)
		if send_all(sock, px, b"NOT HTTP\r\n\r\n"):
			close_gracefully(sock)
		return
	status = None
	if px.mode == "407" or auth_ok is False:
		status = 407
	elif px.mode == "403":
		status = 403
	elif len(parts) != 3 or not version.startswith("HTTP/1."):
		status = 400
	if status is not None:
		rec["status"] = status
		px.log(rec)
		if send_all(sock, px, error_response(status)):
			close_gracefully(sock)
		return
	if method == "CONNECT":
		do_connect(sock, px, target, rest, rec)
	else:
		do_forward(sock, px, method, target, version, lines, rest, rec)


def parse_args(argv):
	p = argparse.ArgumentParser(description="local HTTP CONNECT test proxy")
	p.add_argument("--port-file", required=True)
	p.add_argument("--mode", default="ok",
	    choices=("ok", "407", "403", "garbage", "close"))
	p.add_argument("--user")
	p.add_argument("--password", default="")
	p.add_argument("--lifetime", type=float, default=15.0)
	p.add_argument("--log")
	o = p.parse_args(argv)
	if not (0 < o.lifetime <= 3600):
		p.error("--lifetime must be in (0, 3600]")
	return o


def main(argv):
	o = parse_args(argv)
	try:
		px = Proxy(o, time.monotonic() + o.lifetime)
		ls = recvlib.listen_loopback(o.port_file)
	except OSError as e:
		print("connect_proxy: %s" % e, file=sys.stderr)
		return 2
	recvlib.run_threads(ls, px, "connect_proxy", handle, px)


if __name__ == "__main__":
	sys.exit(main(sys.argv[1:]))
