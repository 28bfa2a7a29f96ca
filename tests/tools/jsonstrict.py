#!/usr/bin/env python3
"""jsonstrict.py - strict JSON checker for the wazuh-relay end-to-end tests.

Usage: jsonstrict.py [--allow-nul] FILE...      ("-" reads stdin)

Exits 0 when every FILE holds exactly one strict JSON value, else prints
"FILE: reason" for each bad file and exits 1 (2 on usage or I/O errors).

Strict means:
  - the bytes are valid UTF-8 (no overlong forms, no encoded surrogates, no
    truncated sequences, no BOM);
  - RFC 8259 grammar as Python's json module with strict=True reads it: no raw
    control characters inside strings, no NaN/Infinity/-Infinity, no
    trailing data (whitespace around the value is allowed);
  - no number overflows a double (1e400 would become Infinity);
  - no object has the same key twice;
  - no string (key or value) holds a lone UTF-16 surrogate (U+D800..U+DFFF,
    i.e. an unpaired \\ud800-style escape);
  - no string (key or value) holds U+0000 (raw or \\u0000), unless
    --allow-nul is given.

The receiver (iris_receiver.py) imports check_bytes() from this file.
Stdlib only.
"""

import json
import re
import sys

# Nesting deeper than this is reported as an error without recursing (the
# Python parser would raise RecursionError near 1000 anyway).
MAX_DEPTH = 512


class StrictJSONError(ValueError):
	"""Raised internally for duplicate keys and non-finite constants."""


def _pairs_hook(pairs):
	obj = {}
	for k, v in pairs:
		if k in obj:
			raise StrictJSONError("duplicate key %s" % json.dumps(k))
		obj[k] = v
	return obj


def _reject_constant(name):
	raise StrictJSONError("non-standard constant %s" % name)


def _finite_float(s):
	f = float(s)
	if f in (float("inf"), float("-inf")):
		raise StrictJSONError("number %s overflows a double" % s[:40])
	return f


_DECODER = json.JSONDecoder(object_pairs_hook=_pairs_hook,
    parse_constant=_reject_constant, parse_float=_finite_float, strict=True)


def _string_problem(s, forbid_nul):
	"""Return a reason if str s has a lone surrogate or (optionally) NUL."""
	for i, ch in enumerate(s):
		o = ord(ch)
		if 0xD800 <= o <= 0xDFFF:
			return "lone surrogate U+%04X at char %d" % (o, i)
		if o == 0 and forbid_nul:
			return "U+0000 at char %d" % i
	return None


_SIMPLE_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _fmt_path(path):
	"""$.a[0]["odd key"] - ASCII only (keys are JSON-escaped when needed)."""
	out = "$"
	for p in path:
		if isinstance(p, int):
			out += "[%d]" % p
		elif _SIMPLE_KEY.fullmatch(p):
			out += "." + p
		else:
			out += "[%s]" % json.dumps(p)
	return out


def walk_strings(value):
	"""Yield (path, str) for every key and string value, iteratively.

	path is a tuple of keys/indexes; for a key itself the path ends with the
	key and the str is the key.
	"""
	stack = [((), value)]
	while stack:
		path, v = stack.pop()
		if isinstance(v, str):
			yield path, v
		elif isinstance(v, dict):
			for k, sub in v.items():
				yield path + (k,), k
				stack.append((path + (k,), sub))
		elif isinstance(v, list):
			for i, sub in enumerate(v):
				stack.append((path + (i,), sub))


def depth_of(data):
	"""Maximum nesting depth of [ / { outside strings in JSON text (str)."""
	depth = 0
	maxd = 0
	in_str = False
	esc = False
	for ch in data:
		if in_str:
			if esc:
				esc = False
			elif ch == "\\":
				esc = True
			elif ch == '"':
				in_str = False
		elif ch == '"':
			in_str = True
		elif ch == "[" or ch == "{":
			depth += 1
			if depth > maxd:
				maxd = depth
		elif ch == "]" or ch == "}":
			depth -= 1
	return maxd


def check_text(text, forbid_nul=True):
	"""Check already-decoded JSON text. Returns (value, None) or (None, reason)."""
	if text.startswith("\ufeff"):
		return None, "UTF-8 BOM at start"
	if text.strip(" \t\r\n") == "":
		return None, "empty document"
	# Cheap pre-scan so deep nesting is an error, not a RecursionError.
	if text.count("[") + text.count("{") > MAX_DEPTH:
		d = depth_of(text)
		if d > MAX_DEPTH:
			return None, "nesting depth %d exceeds %d" % (d, MAX_DEPTH)
	try:
		value = _DECODER.decode(text)
	except StrictJSONError as e:
		return None, str(e)
	except json.JSONDecodeError as e:
		return None, "invalid JSON: %s" % e
	except RecursionError:
		return None, "nesting too deep"
	except ValueError as e:
		# e.g. integers longer than sys.get_int_max_str_digits()
		return None, "invalid JSON: %s" % e
	for path, s in walk_strings(value):
		why = _string_problem(s, forbid_nul)
		if why is not None:
			return None, "%s in string at %s" % (why, _fmt_path(path))
	return value, None


def check_bytes(data, forbid_nul=True):
	"""Check raw bytes. Returns (value, None) on success, (None, reason) else.

	forbid_nul=False allows U+0000 inside strings (the receiver checks NUL
	only in the fields IRIS stores as text).
	"""
	try:
		text = data.decode("utf-8", errors="strict")
	except UnicodeDecodeError as e:
		return None, "invalid UTF-8 at byte %d (%s): %s" % (e.start,
		    data[e.start:e.start + 4].hex(), e.reason)
	return check_text(text, forbid_nul)


def main(argv):
	forbid_nul = True
	files = []
	for a in argv[1:]:
		if a == "--allow-nul":
			forbid_nul = False
		elif a in ("-h", "--help"):
			sys.stdout.write(__doc__)
			return 0
		else:
			files.append(a)
	if not files:
		sys.stderr.write("usage: jsonstrict.py [--allow-nul] FILE...\n")
		return 2
	bad = 0
	for f in files:
		try:
			if f == "-":
				data = sys.stdin.buffer.read()
			else:
				with open(f, "rb") as fp:
					data = fp.read()
		except OSError as e:
			sys.stdout.write("%s: cannot read: %s\n" % (f, e.strerror))
			bad = 1
			continue
		_, why = check_bytes(data, forbid_nul)
		if why is not None:
			sys.stdout.write("%s: %s\n" % (f, why))
			bad = 1
	return bad


if __name__ == "__main__":
	sys.exit(main(sys.argv))
