#!/usr/bin/env python3
"""mkhostile.py OUTDIR [ALERTS_DIR] - write hostile alert files for the e2e tests.

Every JSON-shaped file is based on a real alert from ALERTS_DIR (default
tests/fixtures/alerts) and is written the way integratord (Wazuh >= 4.6)
writes it: one compact line (cJSON_PrintUnformatted layout, non-ASCII kept)
plus "\\n", unless the file's purpose says otherwise. Prints the paths written.

Files:
  empty.alert          0 bytes
  ws.alert             whitespace only
  truncated.alert      a real alert cut in the middle of a string
  trailing.alert       a valid alert followed by "garbage"
  array.alert          a top-level JSON array holding the alert
  deep.alert           {"a":{"a":...1...}} nested 100,000 deep (well formed)
  deep-array.alert     {"a":[[[...]]]} nested 100,000 deep (well formed)
  tokens.alert         a valid alert plus "x":[1,1,...] (200,000 numbers), < 1 MiB
  toobig.alert         a valid alert whose full_log is a 1.2 MiB string
  legacy.alert         the legacy key='value' format (no trailing newline)
  nul.alert            a raw 0x00 byte inside full_log's string
  invalid-utf8.alert   raw \\xff\\xfe, overlong \\xc0\\xaf, surrogate \\xed\\xa0\\x80 and
                       truncated \\xe2\\x82 in full_log and rule.description
  escapes.alert        full_log with \\u0000, lone \\ud800, \\ud83d\\ude00, \\u0001..\\u001f,
                       \\u2028, quotes, backslashes, markdown/html; agent.name "web,01"
  bigfulllog.alert     full_log of exactly 65536 bytes of printable ASCII
  nomitre.alert        no rule.mitre, agent.ip, full_log
  badiocs.alert        IOC-shaped fields that fail IRIS's IOC type rules
  goodiocs.alert       IOC-shaped fields that pass them
"""

import json
import os
import sys

DEFAULT_ALERTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "alerts")
DEEP = 100000
TOKENS = 200000
TOOBIG = 1258291		# 1.2 MiB
BIGLOG = 65536


def load(alerts_dir, name):
	with open(os.path.join(alerts_dir, name), "rb") as f:
		return json.loads(f.read().decode("utf-8"))


def compact(obj):
	"""cJSON_PrintUnformatted-like: compact, non-ASCII kept, as bytes."""
	return json.dumps(obj, separators=(",", ":"),
	    ensure_ascii=False).encode("utf-8")


def line(obj):
	return compact(obj) + b"\n"


def legacy_alertlog(s, max_log=165):
	"""integratord's in-place sanitising of full_log for the legacy format."""
	out = []
	for b in s.encode("utf-8"):
		c = chr(b)
		if c in "'`\"!$" or b < 32 or b > 122:
			out.append(" ")
		elif c == "\\":
			out.append("/")
		elif c == ";":
			out.append(",")
		else:
			out.append(c)
	r = "".join(out)
	if len(r) > max_log:
		r = r[:max_log - 3] + "..."
	return r


def legacy_srcip(s):
	out = []
	for b in s.encode("utf-8"):
		c = chr(b)
		if c in "'\\`" or (b < 46 and c != " ") or b > 122:
			out.append(" ")
		else:
			out.append(c)
	return "".join(out)


def with_placeholder(obj, path, marker):
	"""Set obj[path...] = marker (a unique ASCII string)."""
	d = obj
	for k in path[:-1]:
		d = d[k]
	d[path[-1]] = marker


def build(alerts_dir):
	files = {}
	ssh = load(alerts_dir, "ssh-bruteforce-5712.json")
	fim = load(alerts_dir, "fim-modified-550.json")
	ssh_line = line(ssh)

	files["empty.alert"] = b""
	files["ws.alert"] = b" \t\r\n  \n\t \n"

	# Cut inside the full_log string value.
	pos = ssh_line.index(b'"full_log":"') + len(b'"full_log":"') + 20
	files["truncated.alert"] = ssh_line[:pos]

	files["trailing.alert"] = compact(ssh) + b"garbage\n"
	files["array.alert"] = line([ssh])

	files["deep.alert"] = (b'{"a":' * DEEP) + b"1" + (b"}" * DEEP) + b"\n"
	files["deep-array.alert"] = (b'{"a":' + b"[" * (DEEP - 1) + b"1" +
	    b"]" * (DEEP - 1) + b"}\n")

	tok = dict(ssh)
	tok["x"] = [1] * TOKENS
	files["tokens.alert"] = line(tok)

	big = dict(ssh)
	big["full_log"] = ("0123456789abcdef" * (TOOBIG // 16 + 1))[:TOOBIG]
	files["toobig.alert"] = line(big)

	files["legacy.alert"] = (
	    "alertdate='%s'\nalertlocation='%s'\nruleid='%s'\nalertlevel='%d'\n"
	    "ruledescription='%s'\nalertlog='%s'\nsrcip='%s'" % (
	    ssh["timestamp"], ssh["location"], ssh["rule"]["id"],
	    ssh["rule"]["level"], ssh["rule"]["description"],
	    legacy_alertlog(ssh["full_log"]),
	    legacy_srcip(ssh.get("data", {}).get("srcip", "")))).encode("utf-8")

	# Raw NUL inside full_log.
	o = json.loads(json.dumps(ssh))
	with_placeholder(o, ["full_log"], "@@NUL@@")
	files["nul.alert"] = line(o).replace(b"@@NUL@@",
	    ssh["full_log"][:30].encode() + b"\x00" + ssh["full_log"][30:].encode())

	# Invalid UTF-8: mid-string in full_log, and a truncated sequence
	# right before the closing quote of rule.description (a decoder that
	# trusts the lead byte would swallow the quote).
	bad_mid = b"A\xff\xfeB\xc0\xafC\xed\xa0\x80D\xe2\x82E"
	bad_end = b"\xff\xfe \xc0\xaf \xed\xa0\x80 \xe2\x82"
	o = json.loads(json.dumps(ssh))
	with_placeholder(o, ["full_log"], "@@FL@@")
	with_placeholder(o, ["rule", "description"], "@@RD@@")
	files["invalid-utf8.alert"] = line(o).replace(b"@@FL@@",
	    ssh["full_log"][:30].encode() + bad_mid + ssh["full_log"][30:].encode()
	    ).replace(b"@@RD@@", ssh["rule"]["description"].encode() + b" " + bad_end)

	# Escapes: the JSON string for full_log is written by hand.
	ctl = "".join("\\u%04x" % c for c in range(1, 0x20))
	esc_full_log = (
	    "NUL[\\u0000] lone[\\ud800] lowlone[\\udc00] pair[\\ud83d\\ude00] raw[\U0001F600] "
	    "ctl[" + ctl + "] short[\\b\\f\\n\\r\\t\\/] "
	    "ls[\\u2028] ps[\\u2029] e[\\u00e9\\u00E9] "
	    "q[\\\"quoted\\\" 'single'] bs[C:\\\\Windows\\\\x \\\\\\\\server] "
	    "md[![x](http://evil/t.png) <script>alert(1)</script> "
	    "[link](javascript:x) ``` fence *bold* _i_ # h {{x}} ${x} %s %n "
	    "| a | b | &amp; &lt;b&gt;]")
	o = json.loads(json.dumps(ssh))
	o["agent"]["name"] = "web,01"
	o["rule"]["description"] = ("sshd: <b>brute</b> force `x` "
	    "[click](http://evil/) \u2028 \u00e9\u4e2d")
	with_placeholder(o, ["full_log"], "@@ESC@@")
	files["escapes.alert"] = line(o).replace(b'"@@ESC@@"',
	    ('"' + esc_full_log + '"').encode("utf-8"))

	pattern = ("The quick brown fox jumps over the lazy dog 0123456789 "
	    "<>&=+-_.,:;()[]{}#@~^|*?%/ ")
	o = json.loads(json.dumps(ssh))
	o["full_log"] = (pattern * (BIGLOG // len(pattern) + 1))[:BIGLOG - 3] + "END"
	files["bigfulllog.alert"] = line(o)

	o = json.loads(json.dumps(ssh))
	o["rule"].pop("mitre", None)
	o["agent"].pop("ip", None)
	o.pop("full_log", None)
	files["nomitre.alert"] = line(o)

	o = json.loads(json.dumps(fim))
	o["agent"]["ip"] = "10.0.0.5"
	o["data"] = {"srcip": "999.1.1.1", "dstip": "10.0.0.1; rm -rf",
	    "url": "javascript:alert(1)", "hostname": "bad host!"}
	o["syscheck"]["md5_after"] = "XYZ"
	o["syscheck"]["sha1_after"] = "DA39A3EE5E6B4B0D3255BFEF95601890AFD80709"
	o["syscheck"]["sha256_after"] = \
	    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
	files["badiocs.alert"] = line(o)

	o = json.loads(json.dumps(fim))
	o["agent"]["ip"] = "10.0.0.5"
	o["data"] = {"srcip": "203.0.113.7", "dstip": "2001:db8::5",
	    "url": "https://example.org/x?a=1", "hostname": "web-01.example.org"}
	o["syscheck"]["md5_after"] = "d41d8cd98f00b204e9800998ecf8427e"
	o["syscheck"]["sha1_after"] = "da39a3ee5e6b4b0d3255bfef95601890afd80709"
	o["syscheck"]["sha256_after"] = \
	    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
	files["goodiocs.alert"] = line(o)
	return files


def self_check(files):
	"""Assert the properties promised in the docstring."""
	assert len(files["empty.alert"]) == 0
	assert files["ws.alert"].strip() == b""
	assert files["legacy.alert"][-1:] != b"\n"
	assert len(files["tokens.alert"]) < 1024 * 1024
	assert len(files["toobig.alert"]) > 1024 * 1024
	assert len(files["deep.alert"]) < 1024 * 1024
	assert b"\x00" in files["nul.alert"]
	fl = json.loads(files["bigfulllog.alert"])["full_log"]
	assert len(fl.encode("utf-8")) == BIGLOG and fl.isprintable()
	e = json.loads(files["escapes.alert"])
	assert "\x00" in e["full_log"] and "\ud800" in e["full_log"]
	assert "\U0001F600" in e["full_log"] and "\u2028" in e["full_log"]
	assert all(chr(c) in e["full_log"] for c in range(1, 0x20))
	assert e["agent"]["name"] == "web,01"
	n = json.loads(files["nomitre.alert"])
	assert "mitre" not in n["rule"] and "full_log" not in n
	assert "ip" not in n["agent"]
	for name in ("tokens.alert", "toobig.alert", "goodiocs.alert",
	    "badiocs.alert", "nomitre.alert", "bigfulllog.alert"):
		json.loads(files[name])
	try:
		files["invalid-utf8.alert"].decode("utf-8")
		raise AssertionError("invalid-utf8.alert decodes")
	except UnicodeDecodeError:
		pass


def main(argv):
	if len(argv) not in (2, 3):
		sys.stderr.write("usage: mkhostile.py OUTDIR [ALERTS_DIR]\n")
		return 2
	outdir = argv[1]
	alerts_dir = argv[2] if len(argv) == 3 else DEFAULT_ALERTS
	files = build(alerts_dir)
	self_check(files)
	os.makedirs(outdir, exist_ok=True)
	for name in sorted(files):
		path = os.path.join(outdir, name)
		with open(path, "wb") as f:
			f.write(files[name])
		print(path)
	return 0


if __name__ == "__main__":
	sys.exit(main(sys.argv))
