#!/usr/bin/env python3
"""shuffle_receiver.py - a local stand-in for Shuffle's webhook endpoint.

Usage:
  shuffle_receiver.py --port-file FILE --out DIR [--max-requests N]
                      [--idle-timeout S] [--max-lifetime S] [--hook ID]
                      [--require-header NAME=VALUE]... [--status CODE]
                      [--status-seq C1,C2,..] [--retry-after VALUE]
                      [--reply-delay S] [--tls-cert F --tls-key K]
                      [--bind 127.0.0.1] [--max-body BYTES] [--quiet]

Server conventions, --status-seq, --retry-after, --reply-delay and framing:
as webhook_receiver.py (the same machinery, recvlib.GenericHandler): port
written to FILE, one request per connection, exits after N counted requests
(default 1), --idle-timeout (default 20 s) or --max-lifetime (default
300 s); GET /healthz is answered 200 and neither counted nor saved.

Emulates Shuffle/Shuffle backend/go-app/main.go handleWebhookCallback, which
gorilla/mux routes as "/api/v1/hooks/{key}" with methods POST and OPTIONS
(destinations.md s.3.2):
  - path (before "?") not /api/v1/hooks/<one non-empty segment>
        -> 404 "404 page not found\\n" (text/plain, as mux)
  - method other than POST/OPTIONS -> 405 with an empty body (as mux);
    OPTIONS is rewritten to POST and handled like it
  - Shuffle splits request.URL.String() on "/" and takes element [4] as the
    hook id; if it holds "?", the part before is the id and the part between
    the first and second "?" is the query (note: a query that contains "/" is
    cut at that "/", exactly as Shuffle does).
  - len(hook id) != 44 -> 401 {"success": false, "reason": "Hook ID not valid"}
    (Shuffle checks only the length; a missing "webhook_" prefix or a
    non-canonical UUID is recorded as a warning, not refused)
  - --hook ID (either "webhook_<uuid>" or "<uuid>"): only that hook is
    running; any other 44-character id ->
    401 {"success": false, "reason": "The webhook isn't running. Is it running?"}
    (Shuffle's text for a stopped hook). Without --hook every id is running.
  - --require-header "Name=Value" (repeatable; a line of Shuffle's hook
    "auth" setting): CheckHookAuth semantics - name compared
    case-insensitively, the FIRST value of that header must equal Value
    (both sides of "=" trimmed of spaces) ->
    401 {"success": false, "reason": "Bad authentication headers"}.
    Shuffle silently ignores lines whose value holds "=", so they are refused
    at the command line here.
  - the body can be any bytes; if it is empty and a query was split off, the
    query becomes the body (body_source "query"), as in Shuffle.
  - accepted -> 200 {"success": true, "execution_id": "<uuid4>"}
Replies carry "Content-Type: text/plain; charset=utf-8" (what Go's
http.DetectContentType gives for Shuffle's untyped JSON writes), so a client
must not require application/json. --status CODE forces CODE with
{"success": false, "reason": "forced"} (even for 2xx; the request is still
checked and its verdict saved). --status-seq forces per request likewise.

Each counted request is saved as DIR/req-<n>.body (raw body bytes as
received, de-chunked - not the query substitute) and DIR/req-<n>.json:
  {"n", "time", "method" (as sent), "effective_method" ("POST" when routed),
   "target" (raw request target), "path", "query" (what Shuffle split off
   after "?", or null), "version", "hook_id" (element [4] without the query,
   or null), "hook_uuid" (hook_id[8:] when 44 characters, else null),
   "headers": {lowercased: value}, "framing", "body_len", "body_raw",
   "body_utf8", "body_source": "body"|"query",
   "body": the execution argument parsed as strict JSON (jsonstrict,
           U+0000 allowed) or null,
   "json_strict": bool, "json_error": reason or null,
   "verdict": "accepted"|"rejected" (Shuffle's decision, forced or not),
   "errors": [...], "warnings": [...], "reason": first error or null,
   "status", "reply"}
body_raw/body/json_strict describe the execution argument (the query when
it replaced an empty body). DIR/summary.json on exit as webhook_receiver.py.

Exit status: 0 after N requests, 3 on idle timeout / lifetime, 2 on usage or
setup errors. Stdlib only.
"""

import argparse
import os
import re
import sys
import uuid

sys.dont_write_bytecode = True	# keep tests/tools free of __pycache__
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import jsonstrict  # noqa: E402
import recvlib  # noqa: E402

HOOK_ID_LEN = 44
HOOK_PREFIX = "webhook_"
_ROUTE_RE = re.compile(r"/api/v1/hooks/[^/]+")
_UUID_RE = re.compile(
    r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")

R_BAD_ID = {"success": False, "reason": "Hook ID not valid"}
R_STOPPED = {"success": False,
    "reason": "The webhook isn't running. Is it running?"}
R_BAD_AUTH = {"success": False, "reason": "Bad authentication headers"}
R_FORCED = {"success": False, "reason": "forced"}


def split_hook(target):
	"""Shuffle's parsing of request.URL.String(): returns (hook_id, query);
	query is None when there is no "?" in element [4]."""
	location = target.split("/")
	if len(location) <= 4:
		return None, None
	hook = location[4]
	query = None
	if "?" in hook:
		parts = hook.split("?")
		hook = parts[0]
		query = parts[1]
	return hook, query


def check_headers(required, handler, errors):
	"""CheckHookAuth: every (lowercased name, value) must match the first
	value of that header."""
	ok = True
	for name, want in required:
		got = handler.header_all(name)
		# Go's textproto trims the value; Python keeps trailing blanks.
		if not got or got[0].strip(" \t") != want:
			errors.append("auth: missing or bad header %r" % name)
			ok = False
	return ok


class ShuffleHandler(recvlib.GenericHandler):
	tool_name = "shuffle_receiver"
	server_version = "shuffle-receiver/1"
	reply_content_type = "text/plain; charset=utf-8"

	def error_reply_obj(self, code, message):
		return {"success": False, "reason": message}

	def tool_defaults(self):
		return {"effective_method": None, "hook_id": None, "hook_uuid": None,
		    "body_source": "body", "json_strict": False}

	def handle_counted(self):
		opts = self.server.opts
		n = self.next_n()
		errors = []
		warnings = []
		body, framing, st = self.read_framed_body(errors)
		rec = self.base_record(body, framing)
		target = self.path
		path = rec["path"]
		rec["effective_method"] = None
		rec["query"] = None
		rec["hook_id"] = None
		rec["hook_uuid"] = None
		rec["body_source"] = "body"
		rec["errors"] = errors
		rec["warnings"] = warnings
		forced = self.forced_status(n)

		def done(status, reply):
			if forced:
				status, reply = forced, R_FORCED
			rec["json_strict"] = rec["body"] is not None
			self.finish_request(rec, body, status, reply)

		if st is not None:
			done(st, {"success": False, "reason": errors[0]})
			return
		if not target.startswith("/"):
			errors.append("request target %r is not origin-form"
			    % target[:80])
		if _ROUTE_RE.fullmatch(path) is None:
			errors.append("no route for path %r" % path[:200])
			done(404, b"404 page not found\n")
			return
		if self.command not in ("POST", "OPTIONS"):
			errors.append("method %s not routed (POST, OPTIONS only)"
			    % self.command)
			done(405, b"")
			return
		rec["effective_method"] = "POST"
		if self.command != "POST":
			warnings.append("method %s handled as POST" % self.command)
		hook, query = split_hook(target)
		rec["hook_id"] = hook
		rec["query"] = query
		if hook is None or len(hook) != HOOK_ID_LEN:
			errors.append("hook id %r is %d characters, not %d"
			    % ((hook or "")[:80], len(hook or ""), HOOK_ID_LEN))
			done(401, R_BAD_ID)
			return
		huuid = hook[len(HOOK_PREFIX):]
		rec["hook_uuid"] = huuid
		if not hook.startswith(HOOK_PREFIX):
			warnings.append("hook id does not start with %r" % HOOK_PREFIX)
		if _UUID_RE.fullmatch(huuid) is None:
			warnings.append("hook id tail %r is not a canonical lowercase "
			    "UUID" % huuid)
		if opts.hook is not None and huuid != opts.hook:
			errors.append("hook %s is not running (only %s%s is)"
			    % (hook, HOOK_PREFIX, opts.hook))
			done(401, R_STOPPED)
			return
		if opts.require_header and not check_headers(opts.require_header,
		    self, errors):
			done(401, R_BAD_AUTH)
			return
		if body == b"" and query:
			body_arg = query.encode("latin-1")
			rec["body_source"] = "query"
			rec["body_raw"] = body_arg.decode("utf-8", errors="replace")
			value, why = jsonstrict.check_bytes(body_arg, forbid_nul=False)
			rec["body"], rec["json_error"] = value, why
		if rec["json_error"] is not None:
			warnings.append("execution argument is not strict JSON: %s"
			    % rec["json_error"])
		else:
			for p, s in jsonstrict.walk_strings(rec["body"]):
				if "\x00" in s:
					warnings.append("U+0000 in a JSON string at %s"
					    % jsonstrict._fmt_path(p))
					break
		done(200, {"success": True, "execution_id": str(uuid.uuid4())})


def parse_args(argv):
	p = argparse.ArgumentParser(description="Shuffle webhook test receiver")
	recvlib.add_generic_args(p)
	p.add_argument("--hook", default=None)
	p.add_argument("--require-header", action="append", default=[])
	o = p.parse_args(argv)
	recvlib.check_generic_args(p, o)
	if o.hook is not None:
		h = o.hook[len(HOOK_PREFIX):] if o.hook.startswith(HOOK_PREFIX) \
		    else o.hook
		if len(HOOK_PREFIX) + len(h) != HOOK_ID_LEN:
			p.error("--hook must be webhook_<36 characters> or the 36 "
			    "characters alone")
		o.hook = h
	req = []
	for line in o.require_header:
		parts = line.split("=")
		if len(parts) != 2:
			p.error("--require-header %r: need exactly one '=' (Shuffle "
			    "ignores auth lines whose value holds '=')" % line)
		name = parts[0].strip()
		if recvlib.TOKEN_RE.fullmatch(name) is None:
			p.error("--require-header %r: bad header name" % line)
		req.append((name.lower(), parts[1].strip()))
	o.require_header = req
	return o


def main(argv):
	opts = parse_args(argv)
	return recvlib.run(opts, ShuffleHandler, "receiver")


if __name__ == "__main__":
	sys.exit(main(sys.argv[1:]))
