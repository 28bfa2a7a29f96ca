#!/usr/bin/env python3
"""logfmt_check.py FILE... - every line is a wazuh-relay log line.

A line is
  YYYY-MM-DDTHH:MM:SSZ NAME: LEVEL: key=value[ key=value...]
with LEVEL one of DEBUG INFO WARNING ERROR, keys [a-z_]+ and each value
either bare (printable ASCII, at least one byte, no space, '"', '=' or '\\')
or quoted: '"', then bytes other than '"', '\\' and control bytes, or the
escapes \\" \\\\ \\xNN, then '"'.  Keys appear at most once per line.  Free
text is exactly one msg="..." pair; a result line has alert=, rule=,
dest=, result= and, when result=failed, exit= and reason=.

Prints one line per bad line (file:line: what) and, at the end,
"N lines, M bad"; exit status 1 if any line is bad or none was read.
"""

import re
import sys

PREFIX = re.compile(rb"^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ) (\S+): "
    rb"(DEBUG|INFO|WARNING|ERROR): ")
KEY = re.compile(rb"[a-z_]+")
BARE = re.compile(rb'[!#-<>-\[\]-~]+')	# 0x21..0x7e but '"' '=' '\\'


def parse_pairs(s):
	"""Return the list of (key, value) or raise ValueError."""
	pairs = []
	i = 0
	while True:
		m = KEY.match(s, i)
		if m is None or m.end() >= len(s) or s[m.end():m.end() + 1] != b"=":
			raise ValueError("expected key= at byte %d" % i)
		key = m.group().decode()
		i = m.end() + 1
		if s[i:i + 1] == b'"':
			i += 1
			out = bytearray()
			while True:
				if i >= len(s):
					raise ValueError("unterminated quote for %s" % key)
				c = s[i]
				if c == 0x22:
					i += 1
					break
				if c == 0x5c:
					e = s[i + 1:i + 2]
					if e in (b'"', b"\\"):
						out += e
						i += 2
					elif e == b"x" and re.match(rb"[0-9a-f]{2}", s[i + 2:i + 4]):
						out.append(int(s[i + 2:i + 4], 16))
						i += 4
					else:
						raise ValueError("bad escape in %s" % key)
					continue
				if c < 0x20 or c == 0x7f:
					raise ValueError("raw control byte in %s" % key)
				out.append(c)
				i += 1
			val = bytes(out)
		else:
			m = BARE.match(s, i)
			if m is None:
				raise ValueError("empty or bad bare value for %s" % key)
			val = m.group()
			i = m.end()
		pairs.append((key, val))
		if i == len(s):
			return pairs
		if s[i:i + 1] != b" ":
			raise ValueError("expected a space after %s" % key)
		i += 1


def check_line(line):
	m = PREFIX.match(line)
	if m is None:
		raise ValueError("no timestamp/name/level prefix")
	pairs = parse_pairs(line[m.end():])
	keys = [k for k, _ in pairs]
	if len(set(keys)) != len(keys):
		raise ValueError("repeated key")
	if "msg" in keys:
		if keys != ["msg"]:
			raise ValueError("msg= with other pairs")
		return
	d = dict(pairs)
	for k in ("alert", "rule", "dest", "result"):
		if k not in d:
			raise ValueError("result line without %s=" % k)
	if d["result"] == b"failed" and ("exit" not in d or "reason" not in d):
		raise ValueError("failed without exit= and reason=")


def main(argv):
	total = bad = 0
	for path in argv:
		with open(path, "rb") as f:
			for n, line in enumerate(f, 1):
				line = line.rstrip(b"\n")
				total += 1
				try:
					check_line(line)
				except ValueError as e:
					bad += 1
					print("%s:%d: %s: %r" % (path, n, e, line[:200]))
	print("%d lines, %d bad" % (total, bad))
	return 1 if bad or total == 0 else 0


if __name__ == "__main__":
	sys.exit(main(sys.argv[1:]))
