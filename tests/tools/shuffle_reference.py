#!/usr/bin/env python3
"""shuffle_reference.py - the body Wazuh's integrations/shuffle.py would POST.

Usage: shuffle_reference.py [-o OUT] [--skip-descriptions] ALERTFILE [OPTIONSFILE]

An independent re-implementation of wazuh/wazuh v4.14.7
integrations/shuffle.py (wazuh-contract.md s.8.1/8.2, destinations.md s.3.1),
used as the golden reference for wazuh-relay's shuffle mode. It does not
import or run Wazuh's script.

Output: the exact request body, json.dumps(msg) with Python's default
settings (separators ", " and ": ", ensure_ascii=True so the body is pure
ASCII, NaN/Infinity written as such), on stdout followed by one "\\n";
with -o OUT the exact body bytes (no newline) go to OUT instead and
stdout stays empty.

  msg = {"severity": 1 if level <= 4 else 2 if level <= 7 else 3,
         "pretext": "WAZUH Alert",
         "title": rule.description if the key "description" is present
                  in rule (even when null or ""), else "N/A",
         "text": full_log, or null when the key is absent,
         "rule_id": rule.id, "timestamp": timestamp, "id": id,
         "all_fields": the whole alert (as Python's json re-serialises it:
                       duplicate keys collapse to the last, floats in repr
                       form, key order kept)}
  if options (truthy: not {}, [], "", 0, false, null): msg.update(options)
  (a shallow top-level merge; a list of [key, value] pairs also works, as
  dict.update accepts it; any other value raises, exit 1).

Exit status and order, as shuffle.py:
  0 body printed
  3 rule.id is in SKIP_RULE_IDS (string comparison: rule.id 5710 as a JSON
    number is not skipped); prints "skip" (shuffle.py prints
    "Skipping rule <id>", sends nothing and exits 0)
  6 ALERTFILE does not exist
  7 ALERTFILE is not JSON (json.JSONDecodeError, including a UTF-8 BOM), or
    OPTIONSFILE exists but cannot be read/decoded/parsed (checked FIRST, as
    shuffle.py loads the options before the alert). A missing OPTIONSFILE
    means no options, as in shuffle.py.
  1 anything that makes shuffle.py raise: alert not UTF-8
    (UnicodeDecodeError), integer literal longer than Python's digit limit,
    nesting too deep, missing rule/rule.id/rule.level/timestamp/id, a
    non-numeric level, options that dict.update rejects...
  2 usage error
Files are read like open() in text mode under a UTF-8 locale: strict UTF-8
with universal newlines (CR and CRLF become LF before parsing).

--skip-descriptions also applies SKIP_DESCRIPTIONS (rule.description
starting with "Custom Test Rule to ignore" or "Other test rule" -> exit 3),
a filter present in some later upstream revisions of shuffle.py but not in
the v4.14.7 text the spec describes. Off by default.

Stdlib only.
"""

import json
import sys

SKIP_RULE_IDS = ["87924", "87900", "87901", "87902", "87903", "87904",
    "86001", "86002", "86003", "87932", "80710", "87929", "87928", "5710"]
SKIP_DESCRIPTIONS = ["Custom Test Rule to ignore", "Other test rule"]

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_SKIP = 3
EXIT_NOT_FOUND = 6
EXIT_INVALID_JSON = 7

USAGE = ("usage: shuffle_reference.py [-o OUT] [--skip-descriptions] "
    "ALERTFILE [OPTIONSFILE]\n")


class Exit(Exception):
	def __init__(self, code, msg):
		Exception.__init__(self, msg)
		self.code = code


def read_text(path):
	"""open(path).read() under a UTF-8 locale: strict UTF-8, universal
	newlines. Raises OSError / UnicodeDecodeError like open()."""
	with open(path, "rb") as f:
		data = f.read()
	text = data.decode("utf-8", errors="strict")
	return text.replace("\r\n", "\n").replace("\r", "\n")


def load_options(path):
	"""get_json_options(): missing -> None; any other failure -> exit 7."""
	if path is None:
		return None
	try:
		return json.loads(read_text(path))
	except FileNotFoundError:
		sys.stderr.write("shuffle_reference: options file %s doesn't exist "
		    "(no options)\n" % path)
		return None
	except BaseException as e:		# as shuffle.py: BaseException
		raise Exit(EXIT_INVALID_JSON, "options: %s" % e)


def load_alert(path):
	"""get_json_alert(): missing -> 6; JSONDecodeError -> 7; else raise."""
	try:
		text = read_text(path)
	except FileNotFoundError:
		raise Exit(EXIT_NOT_FOUND, "alert file %s doesn't exist" % path)
	try:
		return json.loads(text)
	except json.JSONDecodeError as e:
		raise Exit(EXIT_INVALID_JSON, "alert: %s" % e)


def generate(alert, options, skip_descriptions):
	"""generate_msg(): returns the body (str) or None when skipped."""
	if alert["rule"]["id"] in SKIP_RULE_IDS:
		return None
	if skip_descriptions and any(alert["rule"]["description"].startswith(d)
	    for d in SKIP_DESCRIPTIONS):
		return None
	level = alert["rule"]["level"]
	if level <= 4:
		severity = 1
	elif level >= 5 and level <= 7:
		severity = 2
	else:
		severity = 3
	msg = {
		"severity": severity,
		"pretext": "WAZUH Alert",
		"title": alert["rule"]["description"]
		    if "description" in alert["rule"] else "N/A",
		"text": alert.get("full_log"),
		"rule_id": alert["rule"]["id"],
		"timestamp": alert["timestamp"],
		"id": alert["id"],
		"all_fields": alert,
	}
	if options:
		msg.update(options)
	return json.dumps(msg)


def main(argv):
	out = None
	skip_desc = False
	args = []
	i = 0
	while i < len(argv):
		a = argv[i]
		if a == "-o" and i + 1 < len(argv):
			out = argv[i + 1]
			i += 2
			continue
		if a == "--skip-descriptions":
			skip_desc = True
		elif a in ("-h", "--help"):
			sys.stdout.write(__doc__)
			return EXIT_OK
		elif a.startswith("-") and a != "-":
			sys.stderr.write(USAGE)
			return EXIT_USAGE
		else:
			args.append(a)
		i += 1
	if not 1 <= len(args) <= 2:
		sys.stderr.write(USAGE)
		return EXIT_USAGE
	try:
		options = load_options(args[1] if len(args) > 1 else None)
		alert = load_alert(args[0])
		body = generate(alert, options, skip_desc)
	except Exit as e:
		sys.stderr.write("shuffle_reference: %s\n" % e)
		return e.code
	except (Exception, RecursionError) as e:
		sys.stderr.write("shuffle_reference: shuffle.py would raise "
		    "%s: %s\n" % (type(e).__name__, e))
		return EXIT_ERROR
	if body is None:
		sys.stdout.write("skip\n")
		return EXIT_SKIP
	if out is not None:
		with open(out, "wb") as f:
			f.write(body.encode("utf-8"))
	else:
		sys.stdout.write(body + "\n")
	return EXIT_OK


if __name__ == "__main__":
	sys.exit(main(sys.argv[1:]))
