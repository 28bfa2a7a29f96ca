#!/usr/bin/env python3
"""mdcheck.py - render IRIS descriptions with a GFM renderer and check them.

Usage:
  mdcheck.py default BODY...               bodies built with the default description
  mdcheck.py template OPTIONS BODY...      bodies built with OPTIONS' "description"
  mdcheck.py self-test                     the checks catch what they must

Each BODY is an IRIS request body (--to iris --dry-run); its
alert_description is rendered by cmark-gfm with every GFM extension
(autolink, table, strikethrough, tasklist, footnotes) and --unsafe, so raw
HTML would come out as HTML.  Prints one line per check, "PASS name" or
"FAIL name: why", and exits 1 if any failed:

  links     no <a and no <img in the HTML
  elements  no element but those our own structure makes (ul li p pre code)
  text      the blocks read as the alert's values do: each list line is
            "Label: value" (template: each paragraph is the template with
            the values put in), compared as a reader sees them (blanks
            collapsed, U+2060 WORD JOINER invisible)
  log       (default) the code block holds exactly the full log, cut at
            32768 bytes (never inside a UTF-8 sequence), and the last
            paragraph is the truncation note when it was cut

The expected values are computed here from alert_source_content (the alert
itself), the way iris.c builds the description.  Stdlib only.
"""

import html.parser
import json
import os
import re
import subprocess
import sys

CMARK = ["cmark-gfm", "--unsafe", "-e", "autolink", "-e", "table", "-e",
    "strikethrough", "-e", "tasklist", "-e", "footnotes"]
ALLOWED = {"ul", "li", "p", "pre", "code"}
WJ = "\u2060"
FIELD_MAX = 2048
LOG_MAX = 32768

# iris.c iris_desc_src: label, path (None: the agent line), join arrays.
LINES = [
	("Rule ID", "rule.id", False),
	("Rule Level", "rule.level", False),
	("Rule Description", "rule.description", False),
	("Agent", None, False),
	("Agentless Host", "agentless.host", False),
	("MITRE IDs", "rule.mitre.id", True),
	("MITRE Tactics", "rule.mitre.tactic", True),
	("MITRE Techniques", "rule.mitre.technique", True),
	("Location", "location", False),
	("Source IP", "data.srcip", False),
	("File", "syscheck.path", False),
]


def render(md):
	r = subprocess.run(CMARK, input=md.encode("utf-8"), stdout=subprocess.PIPE,
	    check=True)
	return r.stdout.decode("utf-8")


class Blocks(html.parser.HTMLParser):
	"""Top-level blocks as (tag, text); a list's items are blocks of their own."""

	def __init__(self):
		super().__init__(convert_charrefs=True)
		self.tags = []
		self.blocks = []
		self.stack = []

	def handle_starttag(self, tag, attrs):
		self.tags.append(tag)
		top = [t for t in self.stack if t not in ("ul", "ol")]
		if not top and tag not in ("ul", "ol"):
			self.blocks.append([tag, ""])
		self.stack.append(tag)

	def handle_startendtag(self, tag, attrs):
		self.tags.append(tag)

	def handle_endtag(self, tag):
		if tag in self.stack:
			while self.stack and self.stack.pop() != tag:
				pass

	def handle_data(self, data):
		if self.blocks and self.stack:
			self.blocks[-1][1] += data


def seen(s):
	"""What a reader sees: blanks collapsed, the word joiner invisible."""
	return re.sub(r"[ \t\r\n]+", " ", s.replace(WJ, "")).strip()


def get(alert, path):
	v = alert
	for k in path.split("."):
		if isinstance(v, dict) and k in v:
			v = v[k]
		elif isinstance(v, list) and k.isdigit() and int(k) < len(v):
			v = v[int(k)]
		else:
			return None
	return v


def text(v):
	"""json_get_text: strings decoded, numbers as written, null empty."""
	if v is None:
		return ""
	if isinstance(v, bool):
		return "true" if v else "false"
	if isinstance(v, str):
		return v
	return json.dumps(v, separators=(",", ":"), ensure_ascii=False)


def inline(s):
	"""md_inline as read: CR LF TAB are blanks, other controls dropped."""
	return "".join(" " if c in "\r\n\t" else c for c in s
	    if c in "\r\n\t" or not (ord(c) < 0x20 or ord(c) == 0x7f))


def cut(s, limit):
	"""s cut at limit UTF-8 bytes, never inside a sequence; (text, was cut)."""
	b = s.encode("utf-8")
	if len(b) <= limit:
		return s, False
	n = limit
	while n > 0 and (b[n] & 0xc0) == 0x80:
		n -= 1
	return b[:n].decode("utf-8"), True


def desc_lines(alert):
	out = []
	for label, path, join in LINES:
		if path is None:
			v = text(get(alert, "agent.id"))
			if v == "":
				continue
			name = text(get(alert, "agent.name"))
			ip = text(get(alert, "agent.ip"))
			v += (" " + name if name else "") + (" (" + ip + ")" if ip else "")
		elif join and isinstance(get(alert, path), list):
			v = ", ".join(t for t in (text(e) for e in get(alert, path)) if t)
		else:
			v = text(get(alert, path))
		if v == "":
			continue
		v, was_cut = cut(v, FIELD_MAX)
		out.append(seen(label + ": " + inline(v) + ("..." if was_cut else "")))
	return out


def parse_body(path):
	with open(path, encoding="utf-8") as f:
		body = json.load(f)
	# Numbers as written, like the C side's json_get_text.
	alert = json.loads(json.dumps(body["alert_source_content"]),
	    parse_int=str, parse_float=str)
	return body["alert_description"], alert


def check_common(name, out, page, p):
	low = page.lower()
	bad = [t for t in ("<a", "<img") if t in low]
	out.append((name + ": links", not bad, "found %s in %r" % (bad, page[:300])))
	other = sorted(set(p.tags) - ALLOWED)
	out.append((name + ": elements", not other,
	    "elements %s in %r" % (other, page[:300])))


def check_default(name, desc, alert):
	out = []
	page = render(desc)
	p = Blocks()
	p.feed(page)
	check_common(name, out, page, p)
	want = desc_lines(alert)
	log = alert.get("full_log")
	log = log if isinstance(log, str) else ""
	if log:
		want.append("Full Log:")
	got = [seen(t) for tag, t in p.blocks if tag == "li"]
	out.append((name + ": text", got == want, "list %r, want %r" %
	    ([g[:80] for g in got], [w[:80] for w in want])))
	code = [t for tag, t in p.blocks if tag == "pre"]
	paras = [t for tag, t in p.blocks if tag == "p"]
	if log:
		kept, was_cut = cut(log, LOG_MAX)
		body = kept.replace("\r", "")
		if not body.endswith("\n"):
			body += "\n"
		note = ["(full log truncated to %d of %d bytes; the whole alert is "
		    "in the source content)" % (len(kept.encode("utf-8")),
		    len(log.encode("utf-8")))] if was_cut else []
		# And in the Markdown itself: the block closed by its own fence.
		head = "- Full Log:\n\n"
		at = desc.find(head)
		fence = desc[at + len(head):].split("\n", 1)[0] if at >= 0 else "?"
		tail = "\n" + fence + ("\n\n" + note[0] if note else "")
		ok = code == [body] and paras == note and desc.endswith(tail)
		out.append((name + ": log", ok, "code block %d bytes (want %d), "
		    "paragraphs %r (want %r), ends %r (want %r)" % (len(code[0]) if
		    code else -1, len(body), [x[:120] for x in paras], note,
		    desc[-60:], tail[-60:])))
	else:
		out.append((name + ": log", not code and not paras,
		    "code %r paragraphs %r" % (code, paras)))
	return out


def check_template(name, desc, alert, tmpl):
	out = []
	page = render(desc)
	p = Blocks()
	p.feed(page)
	check_common(name, out, page, p)
	filled = re.sub(r"\$\{([^}|]*)\}",
	    lambda m: inline(text(get(alert, m.group(1).strip()))), tmpl)
	want = [seen(s) for s in filled.split("\n\n") if seen(s)]
	got = [seen(t) for tag, t in p.blocks if seen(t)]
	out.append((name + ": text", got == want, "blocks %r, want %r" %
	    ([g[:80] for g in got], [w[:80] for w in want])))
	return out


def self_test():
	"""Each case must fail the check named, or the checks prove nothing."""
	alert = {"rule": {"id": "1"}, "full_log": "x"}
	fence = "\n- Full Log:\n\n```\nx\n```"
	cases = [
		("raw autolink", "- Rule ID: see http://evil.example" + fence, "links"),
		("raw www", "- Rule ID: www.evil.example" + fence, "links"),
		("raw e-mail", "- Rule ID: root@evil.example" + fence, "links"),
		("escaped e-mail", "- Rule ID: root\\@evil.example" + fence, "links"),
		("entity e-mail", "- Rule ID: root&#64;evil.example" + fence, "links"),
		("image", "- Rule ID: ![i](x.png)" + fence, "links"),
		("raw HTML", "- Rule ID: <b>1</b>" + fence, "elements"),
		("heading", "# 1" + fence, "elements"),
		("changed text", "- Rule ID: 2" + fence, "text"),
		("unclosed fence", "- Rule ID: 1\n- Full Log:\n\n```\nx", "log"),
		("log differs", "- Rule ID: 1\n- Full Log:\n\n```\ny\n```", "log"),
	]
	out = []
	for what, desc, check in cases:
		res = {n.rsplit(": ", 1)[1]: ok for n, ok, _ in
		    check_default("self-test", desc, alert)}
		out.append(("self-test: %s caught by %s" % (what, check),
		    res.get(check) is False, "the %s check passed it" % check))
	# The 98,303-byte cut of 40,000 backticks: no closing fence, no note.
	big = {"rule": {"id": "1"}, "full_log": "`" * 40000}
	desc = "- Rule ID: 1\n- Full Log:\n\n" + "`" * 32769 + "\n" + "`" * 30000
	res = {n.rsplit(": ", 1)[1]: ok for n, ok, _ in
	    check_default("self-test", desc, big)}
	out.append(("self-test: a cut description caught by log",
	    res.get("log") is False, "the log check passed it"))
	res = check_default("self-test", "- Rule ID: 1" + fence, alert)
	out.append(("self-test: a good description passes", all(ok for _, ok, _ in res),
	    "; ".join(w for _, ok, w in res if not ok)))
	return out


def main(argv):
	if len(argv) >= 2 and argv[1] == "self-test":
		results = self_test()
	elif len(argv) >= 3 and argv[1] == "default":
		results = []
		for path in argv[2:]:
			desc, alert = parse_body(path)
			results += check_default(os.path.basename(path), desc, alert)
	elif len(argv) >= 4 and argv[1] == "template":
		with open(argv[2], encoding="utf-8") as f:
			tmpl = json.load(f)["description"]
		results = []
		for path in argv[3:]:
			desc, alert = parse_body(path)
			results += check_template(os.path.basename(path), desc, alert, tmpl)
	else:
		sys.stderr.write(__doc__)
		return 2
	failed = 0
	for name, ok, why in results:
		if ok:
			print("PASS %s" % name)
		else:
			failed += 1
			print("FAIL %s: %s" % (name, why))
	return 1 if failed else 0


if __name__ == "__main__":
	sys.exit(main(sys.argv))
