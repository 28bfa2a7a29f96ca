#!/usr/bin/env python3
"""iris_receiver.py - a local DFIR-IRIS "POST /alerts/add" stand-in for tests.

Usage:
  iris_receiver.py --port-file FILE --out DIR [--max-requests N] [--idle-timeout S]
                   [--max-lifetime S] [--key KEY] [--status CODE]
                   [--tls-cert F --tls-key K] [--bind 127.0.0.1] [--port N] [--max-body BYTES]
                   [--reply-delay S]
                   [--quiet]

Binds 127.0.0.1 on port 0 and writes the port (decimal + "\\n") to FILE via
temp file + rename. Serves one request per connection (HTTP/1.1, replies
carry Content-Length and Connection: close), at most N counted requests
(default 1), then exits. It also exits after S seconds with no request
(default 20) and after --max-lifetime seconds in all (default 300).

GET /healthz answers 200 {"status":"ok"} and is neither counted nor saved.
Every other request is counted and saved as DIR/req-<n>.body (raw body bytes)
and DIR/req-<n>.json (written after the .body, via rename):
  {"n", "method", "path", "version", "headers": {lowercased: value},
   "body_raw": body as UTF-8 (invalid bytes -> U+FFFD, and reported in
   errors), "body": parsed JSON or null, "verdict": "accepted"|"rejected",
   "errors": [...], "warnings": [...], "status": HTTP status sent}
Repeated headers are joined with ", ". On exit DIR/summary.json holds
{"served", "accepted", "rejected", "healthz", "reason"}; DIR/events.log has a
line per TLS handshake failure or connection closed before a request.

Replies (IRIS shape, util.py:response_success/response_error):
  200 {"status":"success","message":"","data":{"alert_id":n,"alert_uuid":..,"alert_title":..}}
  400 {"status":"error","message":"<first error>","data":[]}
  401 {"status":"error","message":"Authentication required","data":[]}
  404/405/411/413 likewise; --status CODE forces CODE with message "forced"
  (the request is still validated and its verdict saved).

Exit status: 0 after N requests, 3 on idle timeout / lifetime, 2 on usage or
setup errors.

Stdlib only; reuses jsonstrict.check_bytes and the server scaffolding of
recvlib.py from the same directory.
"""

import argparse
import datetime
import ipaddress
import json
import os
import re
import sys
import time
import uuid

sys.dont_write_bytecode = True	# keep tests/tools free of __pycache__
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import jsonstrict  # noqa: E402
import recvlib  # noqa: E402

# ---------------------------------------------------------------------------
# Field rules (destinations.md section 2.2/2.3)

TEXT_FIELDS = ("alert_title", "alert_description", "alert_source",
    "alert_source_ref", "alert_source_link", "alert_note", "alert_tags")

IOC_TYPE_MD5 = 90
IOC_TYPE_SHA1 = 111
IOC_TYPE_SHA256 = 113
IOC_TYPE_IP_ANY = 76
IOC_TYPE_IP_DST = 77
IOC_TYPE_IP_SRC = 79
IOC_TYPE_HOSTNAME = 69
IOC_TYPE_URL = 141

_HEX_RE = {
	IOC_TYPE_MD5: re.compile(r"[a-f0-9]{32}"),
	IOC_TYPE_SHA1: re.compile(r"[a-f0-9]{40}"),
	IOC_TYPE_SHA256: re.compile(r"[a-f0-9]{64}"),
}
_HOST_LABEL_RE = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?")
# marshmallow's from_iso_datetime, restricted to the documented shape:
# YYYY-MM-DDTHH:MM:SS[.ffffff][Z|+HH:MM|+HHMM] (sign + or -).
_ISO_RE = re.compile(
    r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})"
    r"T(?P<hour>\d{2}):(?P<minute>\d{2}):(?P<second>\d{2})"
    r"(?:\.(?P<frac>\d{1,6}))?"
    r"(?P<tz>Z|[+-]\d{2}:?\d{2})?")


def is_int(v):
	return type(v) is int


def valid_ip(s):
	if not isinstance(s, str) or s == "" or "%" in s or s.strip() != s:
		return False
	try:
		ipaddress.ip_address(s)
	except ValueError:
		return False
	return True


def valid_hostname(s):
	"""RFC 1123 host name: dot-separated labels of [A-Za-z0-9-], 1..63
	characters, no leading/trailing hyphen, 253 characters at most."""
	if not isinstance(s, str) or len(s) == 0 or len(s) > 253:
		return False
	for label in s.split("."):
		if _HOST_LABEL_RE.fullmatch(label) is None:
			return False
	return True


def valid_url(s):
	if s.startswith("http://"):
		rest = s[7:]
	elif s.startswith("https://"):
		rest = s[8:]
	else:
		return False
	if rest == "":
		return False
	for ch in s:
		if ch.isspace() or ord(ch) < 0x20 or ord(ch) == 0x7F:
			return False
	return True


def valid_iso_datetime(s):
	m = _ISO_RE.fullmatch(s)
	if m is None:
		return False
	g = m.groupdict()
	try:
		tz = None
		if g["tz"] == "Z":
			tz = datetime.timezone.utc
		elif g["tz"] is not None:
			t = g["tz"].replace(":", "")
			mins = int(t[1:3]) * 60 + int(t[3:5])
			if int(t[3:5]) > 59:
				return False
			if t[0] == "-":
				mins = -mins
			tz = datetime.timezone(datetime.timedelta(minutes=mins))
		frac = (g["frac"] or "0").ljust(6, "0")
		datetime.datetime(int(g["year"]), int(g["month"]), int(g["day"]),
		    int(g["hour"]), int(g["minute"]), int(g["second"]), int(frac),
		    tzinfo=tz)
	except ValueError:
		return False
	return True


def has_nul(s):
	return isinstance(s, str) and "\x00" in s


def check_item(where, item, errors):
	"""The start of an alert_iocs/alert_assets element check: an object
	without U+0000 in any string. Returns False when not an object."""
	if not isinstance(item, dict):
		errors.append("%s: not an object" % where)
		return False
	for path, s in jsonstrict.walk_strings(item):
		if "\x00" in s:
			errors.append("%s: U+0000 in %s" % (where, ".".join(map(str, path))))
	return True


def check_ioc(i, ioc, errors):
	where = "alert_iocs[%d]" % i
	if not check_item(where, ioc, errors):
		return
	if "ioc_value" not in ioc:
		errors.append("%s.ioc_value: Missing data for required field." % where)
		val = None
	else:
		val = ioc["ioc_value"]
		if not isinstance(val, str) or val == "":
			errors.append("%s.ioc_value: must be a non-empty string" % where)
			val = None
	if "ioc_type_id" not in ioc:
		errors.append("%s.ioc_type_id: Missing data for required field." % where)
		type_id = None
	else:
		type_id = ioc["ioc_type_id"]
		if not is_int(type_id) or type_id < 1:
			errors.append("%s.ioc_type_id: must be a positive integer" % where)
			type_id = None
	if "ioc_tlp_id" in ioc:
		t = ioc["ioc_tlp_id"]
		if not is_int(t) or t < 1 or t > 5:
			errors.append("%s.ioc_tlp_id: must be an integer 1..5" % where)
	for k in ("ioc_tags", "ioc_description"):
		if k in ioc and not isinstance(ioc[k], str):
			errors.append("%s.%s: must be a string" % (where, k))
	if val is None or type_id is None:
		return
	bad = False
	if type_id in _HEX_RE:
		bad = _HEX_RE[type_id].fullmatch(val) is None
	elif type_id in (IOC_TYPE_IP_ANY, IOC_TYPE_IP_DST, IOC_TYPE_IP_SRC):
		bad = not valid_ip(val)
	elif type_id == IOC_TYPE_HOSTNAME:
		bad = not valid_hostname(val)
	elif type_id == IOC_TYPE_URL:
		bad = not valid_url(val)
	if bad:
		errors.append("%s.ioc_value: %s does not match the format of IOC type %d"
		    % (where, json.dumps(val), type_id))


def check_asset(i, asset, errors):
	where = "alert_assets[%d]" % i
	if not check_item(where, asset, errors):
		return
	if "asset_name" not in asset:
		errors.append("%s.asset_name: Missing data for required field." % where)
	elif not isinstance(asset["asset_name"], str) or asset["asset_name"] == "":
		errors.append("%s.asset_name: must be a non-empty string" % where)
	if "asset_type_id" not in asset:
		errors.append("%s.asset_type_id: Missing data for required field." % where)
	else:
		t = asset["asset_type_id"]
		if not is_int(t) or t < 1 or t > 21:
			errors.append("%s.asset_type_id: must be an integer 1..21" % where)
	if "asset_ip" in asset and not valid_ip(asset["asset_ip"]):
		errors.append("%s.asset_ip: %s is not a valid IP address"
		    % (where, json.dumps(asset["asset_ip"])))
	for k in ("asset_tags", "asset_description", "asset_domain", "asset_info"):
		if k in asset and not isinstance(asset[k], str):
			errors.append("%s.%s: must be a string" % (where, k))


def check_alert(body, errors, warnings):
	"""Apply the AlertSchema rules to the parsed body; append to errors."""
	if not isinstance(body, dict):
		errors.append("body: top-level JSON value must be an object")
		return
	# required
	if "alert_title" not in body:
		errors.append("alert_title: Missing data for required field.")
	elif not isinstance(body["alert_title"], str) or body["alert_title"] == "":
		errors.append("alert_title: must be a non-empty string")
	for k, lo, hi in (("alert_severity_id", 1, 6), ("alert_status_id", 1, 8),
	    ("alert_customer_id", 1, None)):
		if k not in body:
			errors.append("%s: Missing data for required field." % k)
			continue
		v = body[k]
		if not is_int(v) or v < lo or (hi is not None and v > hi):
			errors.append("%s: must be an integer %s" % (k,
			    ">= %d" % lo if hi is None else "%d..%d" % (lo, hi)))
	# optional strings
	for k in TEXT_FIELDS[1:]:
		if k in body and not isinstance(body[k], str):
			errors.append("%s: must be a string%s" % (k,
			    " (comma-separated), not a list" if k == "alert_tags" else ""))
	for k in TEXT_FIELDS:
		if has_nul(body.get(k)):
			errors.append("%s: contains U+0000 (refused by PostgreSQL text)" % k)
	if isinstance(body.get("alert_tags"), str):
		tags = body["alert_tags"].split(",")
		if any(t.strip() == "" for t in tags):
			warnings.append("alert_tags: empty element in %s"
			    % json.dumps(body["alert_tags"]))
	if "alert_context" in body and not isinstance(body["alert_context"], dict):
		errors.append("alert_context: must be an object")
	if "alert_source_event_time" in body:
		t = body["alert_source_event_time"]
		if not isinstance(t, str) or not valid_iso_datetime(t):
			errors.append("alert_source_event_time: Not a valid datetime: %s"
			    % json.dumps(t))
	for k in ("alert_classification_id", "alert_owner_id"):
		if k in body and (not is_int(body[k]) or body[k] < 1):
			errors.append("%s: must be a positive integer" % k)
	if "alert_resolution_status_id" in body:
		v = body["alert_resolution_status_id"]
		if not is_int(v) or v < 1 or v > 6:
			errors.append("alert_resolution_status_id: must be an integer 1..6")
	for k, check in (("alert_iocs", check_ioc), ("alert_assets", check_asset)):
		if k not in body:
			continue
		if not isinstance(body[k], list):
			errors.append("%s: must be a list" % k)
			continue
		for i, item in enumerate(body[k]):
			check(i, item, errors)


# ---------------------------------------------------------------------------
# HTTP


def iris_error(message):
	return {"status": "error", "message": message, "data": []}


class Handler(recvlib.Handler):
	server_version = "iris-receiver/1"
	tool_name = "iris_receiver"

	def _record(self, body, value, errors, warnings, status):
		n, verdict = self.count_request(errors)
		self.save_request(n, body, {
			"n": n,
			"method": getattr(self, "command", None),
			"path": getattr(self, "path", None),
			"version": getattr(self, "request_version", None),
			"headers": self.headers_dict(),
			"body_raw": body.decode("utf-8", errors="replace"),
			"body": value,
			"verdict": verdict,
			"errors": errors,
			"warnings": warnings,
			"status": status,
		})
		return n

	def send_error(self, code, message=None, explain=None):
		# Count and save the malformed request too.
		self.start_error()
		status = self.server.opts.status or code
		self._record(b"", None,
		    ["http: %d %s" % (code, message or "")], [], status)
		# Always answer with a status line, even to an HTTP/0.9-looking
		# request line.
		self.request_version = "HTTP/1.1"
		try:
			self.send_json(status, iris_error("forced" if
			    self.server.opts.status else message or "Bad request"))
		except OSError:
			pass

	def _finish(self, body, value, errors, warnings, status, obj):
		forced = self.server.opts.status
		if forced:
			status = forced
			obj = iris_error("forced") if forced >= 300 else obj
		n = self._record(body, value, errors, warnings, status)
		self.note_request(n, status, errors)
		self.send_json(status, obj)

	def _auth_ok(self):
		key = self.server.opts.key
		auth = self.headers.get_all("Authorization") or []
		xauth = self.headers.get_all("X-IRIS-AUTH") or []
		if len(auth) + len(xauth) == 0:
			return "no Authorization or X-IRIS-AUTH header"
		if len(auth) > 1 or len(xauth) > 1:
			return "authentication header repeated"
		if auth and auth[0] == "Bearer " + key:
			return None
		if xauth and xauth[0] == key:
			return None
		return "wrong API key"

	def handle_counted(self):
		errors = []
		warnings = []
		value = None
		body, st = self.read_length_body(errors)
		if self.server.opts.reply_delay > 0:
			time.sleep(self.server.opts.reply_delay)
		if st is not None:
			self._finish(body, None, errors, warnings, st,
			    iris_error(errors[0]))
			return
		target = self.path.split("?", 1)[0]
		if not target.endswith("/alerts/add"):
			errors.append("path %r does not end with /alerts/add" % self.path)
			self._finish(body, None, errors, warnings, 404,
			    iris_error("Resource not found"))
			return
		if self.command != "POST":
			errors.append("method %s not allowed" % self.command)
			self._finish(body, None, errors, warnings, 405,
			    iris_error("Method not allowed"))
			return
		hosts = self.headers.get_all("Host") or []
		if len(hosts) != 1 or hosts[0].strip() == "":
			errors.append("HTTP/1.1 needs exactly one non-empty Host header")
		if self.request_version != "HTTP/1.1":
			warnings.append("request version %s" % self.request_version)
		auth_err = self._auth_ok()
		ctypes = self.headers.get_all("Content-Type") or []
		if len(ctypes) != 1:
			errors.append("Content-Type must be given once as application/json")
		else:
			parts = [p.strip() for p in ctypes[0].split(";")]
			if parts[0].lower() != "application/json":
				errors.append("Content-Type %r is not application/json"
				    % ctypes[0])
			for p in parts[1:]:
				if p.lower().startswith("charset=") and \
				    p[8:].strip('"').lower() not in ("utf-8", "utf8"):
					errors.append("Content-Type charset %r is not UTF-8" % p)
		if body == b"":
			errors.append("No JSON data provided")
		else:
			value, why = jsonstrict.check_bytes(body, forbid_nul=False)
			if why is not None:
				errors.append("body: %s" % why)
			else:
				check_alert(value, errors, warnings)
		if auth_err is not None:
			errors.insert(0, "auth: %s" % auth_err)
			self._finish(body, value, errors, warnings, 401,
			    iris_error("Authentication required"))
			return
		if errors:
			self._finish(body, value, errors, warnings, 400,
			    iris_error(errors[0]))
			return
		srv = self.server
		srv.alert_id += 1
		data = {"alert_id": srv.alert_id, "alert_uuid": str(uuid.uuid4()),
		    "alert_title": value["alert_title"],
		    "alert_severity_id": value["alert_severity_id"],
		    "alert_status_id": value["alert_status_id"],
		    "alert_customer_id": value["alert_customer_id"],
		    "alert_source_ref": value.get("alert_source_ref"),
		    "iocs": value.get("alert_iocs", []),
		    "assets": value.get("alert_assets", [])}
		self._finish(body, value, errors, warnings, 200,
		    {"status": "success", "message": "", "data": data})


def parse_args(argv):
	p = argparse.ArgumentParser(description="DFIR-IRIS /alerts/add test receiver")
	recvlib.add_limit_args(p)
	p.add_argument("--key", default="testkey")
	p.add_argument("--status", type=int, default=0)
	p.add_argument("--reply-delay", type=float, default=0.0,
	    help="seconds to wait before each answer (0..60)")
	recvlib.add_listen_args(p)
	o = p.parse_args(argv)
	if not 0 <= o.reply_delay <= 60:
		p.error("--reply-delay must be 0..60")
	recvlib.check_limit_args(p, o)
	if o.status and not 100 <= o.status <= 599:
		p.error("--status must be 100..599")
	recvlib.check_listen_args(p, o)
	return o


def main(argv):
	opts = parse_args(argv)
	return recvlib.run(opts, Handler, "iris_receiver", alert_id=0)


if __name__ == "__main__":
	sys.exit(main(sys.argv[1:]))
