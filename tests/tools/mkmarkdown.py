#!/usr/bin/env python3
"""mkmarkdown.py OUTDIR [ALERTS_DIR] - alerts that try to inject Markdown/HTML.

Every file is the SSH brute-force alert of ALERTS_DIR (default
tests/fixtures/alerts) with attacker text put in every field the IRIS
description shows, written as integratord writes alerts (one compact line).
Prints the paths written.  markdown.sh renders the IRIS descriptions built
from them with cmark-gfm (mdcheck.py) and asserts no link, image or raw HTML
comes out, and that the text reads as it was.

  md-NAME.alert     one payload from PAYLOADS in rule.id, rule.description,
                    agent.id/name/ip, agentless.host, the MITRE arrays,
                    location, data.srcip, data.srcuser, syscheck.path, and
                    full_log (the payload twice, on two lines)
  pair-NAME.alert   data.a and data.b from PAIRS: two values that form a
                    link only when placed side by side ("${data.a}${data.b}")
  log-NAME.alert    full_log from LOGS: fence characters and UTF-8 around the
                    32 KiB cut of the description's code block
"""

import json
import os
import sys

DEFAULT_ALERTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "alerts")

PAYLOADS = {
	"url-http": "see http://evil.example/x?a=1&b=2 now",
	"url-https-upper": "HTTPS://EVIL.EXAMPLE/login",
	"url-ftp": "ftp://evil.example/f.zip",
	"url-other-schemes": "file://evil/x javascript://x%0aalert(1) irc://e/c",
	"url-in-parens": "(http://evil.example/) [https://evil.example]",
	"www": "visit www.evil.example/path",
	"www-upper": "WWW.EVIL.EXAMPLE Www.Evil.Example",
	"email": "root@evil.example, a.b+c@d-e.example",
	"mailto": "mailto:root@evil.example",
	"xmpp": "xmpp:root@evil.example/resource",
	"angle-autolinks": "<http://evil.example> <root@evil.example> <mailto:r@e.example>",
	"md-link": "[x](javascript:alert(1))",
	"md-link-http": "[click](http://evil.example \"title\")",
	"md-image": "![i](http://x/y.png)",
	"md-ref-link": "[ref]: http://evil.example\n[ref] [x][ref]",
	"html-img": "<img src=x onerror=alert(1)>",
	"html-script": "<script>alert(1)</script>",
	"html-comment": "<!-- c --><b>bold</b><a href=\"http://e\">a</a>",
	"html-block": "<div>\n<iframe src=http://evil.example></iframe>\n</div>",
	"entities": "&lt;script&gt; &#60;img src=x&#62; &amp; &copy; &#x26;",
	"entity-email": "root&#64;evil.example www&#46;evil.example",
	"escaped-email": "root\\@evil.example http\\://evil.example",
	"heading": "# heading",
	"setext": "Title\n=====",
	"thematic": "---",
	"emphasis": "*em* _em_ **strong** __strong__ ~~del~~ ~single~",
	"table": "| a | b |\n|---|---|\n| c | d |",
	"backticks": "``code`` ` ``` ````",
	"ordered": "1. one",
	"ordered-paren": "2) two",
	"bullet": "- item",
	"plus": "+ item",
	"quote": "> quote",
	"tasklist": "- [ ] task [x] done",
	"footnote": "x[^1]\n\n[^1]: http://evil.example",
	"hard-break": "line\\\nnext  \nthird",
	"backslashes": "\\<img src=x> \\[x\\](http://e) C:\\Windows\\",
	"indented": "    indented code",
	"controls": "a\x01b\x7fc\td\re",
	"unicode": "caf\u00e9 \u4e2d\u6587 \U0001F600 \u2028x",
	"everything": ("# h *e* [l](http://evil.example) ![i](x.png) <img src=x> "
	    "www.evil.example root@evil.example `c` | t | &lt; > q"),
}

PAIRS = {
	"scheme": ("http:", "//evil.example/x"),
	"scheme-slash": ("http:/", "/evil.example/x"),
	"www": ("www", ".evil.example"),
	"www-split": ("ww", "w.evil.example"),
	"email": ("root", "@evil.example"),
	"mailto": ("mailto:root", "@evil.example"),
	"email-at-end": ("root@", "evil.example"),
}

CUT = 32768
LOGS = {
	"backticks": "`" * 40000,
	"tildes": "~" * 40000,
	"mixed": "`" * 20000 + "~" * 20000,
	"alternating": ("`" * 100 + "~" * 50) * 267,
	"runs-at-cut": "~" * 10 + "a" * (CUT - 18) + "`" * 100,
	"utf8-2-at-cut": "a" * (CUT - 1) + "\u00e9" * 10,
	"utf8-3-at-cut": "a" * (CUT - 2) + "\u20ac" * 10,
	"fence-lines": "```\n~~~~\n  `````\nnot closed\n~~~\n```\n" * 3,
}


def load(alerts_dir, name):
	with open(os.path.join(alerts_dir, name), "rb") as f:
		return json.loads(f.read().decode("utf-8"))


def line(obj):
	return json.dumps(obj, separators=(",", ":"), ensure_ascii=False).encode("utf-8") + b"\n"


def fill(base, p):
	o = json.loads(json.dumps(base))
	o["rule"]["id"] = p
	o["rule"]["description"] = p
	o["rule"]["mitre"] = {"id": [p, p], "tactic": [p], "technique": [p]}
	o["agent"] = {"id": p, "name": p, "ip": p}
	o["agentless"] = {"host": p}
	o["location"] = p
	o["data"]["srcip"] = p
	o["data"]["srcuser"] = p
	o["syscheck"] = {"path": p}
	o["full_log"] = p + "\n" + p
	return o


def build(alerts_dir):
	ssh = load(alerts_dir, "ssh-bruteforce-5712.json")
	files = {}
	for name, p in PAYLOADS.items():
		files["md-%s.alert" % name] = line(fill(ssh, p))
	for name, (a, b) in PAIRS.items():
		o = json.loads(json.dumps(ssh))
		o["data"]["a"] = a
		o["data"]["b"] = b
		files["pair-%s.alert" % name] = line(o)
	for name, log in LOGS.items():
		o = json.loads(json.dumps(ssh))
		o["full_log"] = log
		files["log-%s.alert" % name] = line(o)
	return files


def main():
	if len(sys.argv) not in (2, 3):
		sys.stderr.write(__doc__)
		return 2
	out = sys.argv[1]
	alerts_dir = sys.argv[2] if len(sys.argv) == 3 else DEFAULT_ALERTS
	os.makedirs(out, exist_ok=True)
	for name, data in sorted(build(alerts_dir).items()):
		path = os.path.join(out, name)
		with open(path, "wb") as f:
			f.write(data)
		print(path)
	return 0


if __name__ == "__main__":
	sys.exit(main())
