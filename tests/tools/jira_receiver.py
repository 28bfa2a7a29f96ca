#!/usr/bin/env python3
"""jira_receiver.py - a local Jira Cloud (REST v3) / Data Center (REST v2)
stand-in for the wazuh-relay end-to-end tests (destinations.md section 4).

Usage:
  jira_receiver.py --port-file FILE --out DIR [--max-requests N]
                   [--idle-timeout S] [--max-lifetime S]
                   [--mode cloud|datacenter]
                   [--auth basic:EMAIL:TOKEN|bearer:PAT]
                   [--project KEY] [--issue-types PARENT,SUBTASK]
                   [--search-lag S] [--rate-limit-once] [--seed FILE]
                   [--page-size N] [--custom-fields FILE]
                   [--bare-search id-key-self|id] [--context-path /PREFIX]
                   [--tls-cert F --tls-key K] [--bind 127.0.0.1]
                   [--max-body BYTES] [--quiet]

Server conventions (the same as iris_receiver.py): binds 127.0.0.1 on port 0
and writes the port (decimal + "\\n") to FILE via temp file + rename; one
request per connection (HTTP/1.1 replies with Content-Length and
Connection: close); exits after N counted requests (default 1), after S
seconds without a request (--idle-timeout, default 20) or after
--max-lifetime seconds (default 300). GET /healthz answers 200
{"status":"ok"} and is neither counted nor saved.

Options:
  --mode           cloud (default): REST v3, Basic auth, ADF descriptions,
                   /rest/api/3/search/jql; datacenter: REST v2, Bearer PAT,
                   wiki-markup string descriptions, /rest/api/2/search.
  --auth           the one credential accepted. Cloud needs basic:EMAIL:TOKEN
                   (EMAIL ends at the first ":" after "basic:", TOKEN may hold
                   ":"), DC needs bearer:PAT. Defaults:
                   basic:soc@example.com:jira-test-token / bearer:jira-test-pat.
  --project        project key (default SOC, project id "10000"). Other keys:
                   400 on create, no results in search.
  --issue-types    "PARENT,SUBTASK" (default "Alert,Subalert"; ids 10001 and
                   10002). Names are exact on create, case-insensitive in JQL.
  --search-lag S   issues created less than S seconds ago are invisible to
                   search (eventual consistency) unless their id is listed in
                   reconcileIssues. Seeded issues are always visible.
  --rate-limit-once  the first counted request gets 429, Retry-After: 1,
                   X-RateLimit-Reset, RateLimit-Reason: jira-burst-based,
                   {"errorMessages":["Rate limit exceeded"]}.
  --seed FILE      JSON list of pre-existing issues: {"key": "SOC-16",
                   "summary", "issuetype": one of --issue-types,
                   "resolution": null|"Done", "labels": [...],
                   "parent": "SOC-1" (required for, and only for, the
                   sub-task type)}. New keys continue after the highest
                   seeded number of --project.
  --page-size N    server-side cap on a page (default 50): the page holds
                   min(maxResults, N) issues.
  --custom-fields FILE  JSON object {"customfield_N": {"type": T, ...}} with
                   T one of: multiselect (needs "options": [..]; the value is
                   a list of {"value": option}), select ({"value": option}),
                   number (JSON number), string (string of at most 255 UTF-16
                   units, no newline), textarea (Cloud: ADF, DC: string),
                   labels (list of strings without spaces). Without the
                   option every customfield_N is accepted unchecked (a
                   warning is recorded); with it an unknown one is a 400.
  --bare-search    what Cloud search returns for an issue when the request
                   names no fields: "id-key-self" (default) or "id" (id only).
  --context-path   prefix of every API path (e.g. /jira for a DC context
                   path); default none.

State: issues live in memory, numbered PROJECT-1, -2, ... (ids "10001",
"10002", ... in creation order, seeds first). DIR/issues.json holds the list
(written at start, after every create and on exit, via rename): each issue
{"id", "key", "project", "summary", "issuetype", "subtask", "resolution",
"labels", "parent", "priority", "custom_fields", "description",
"description_chars", "created", "seeded", "request"}.

Endpoints (all need the --auth credential first: 401 otherwise with
{"errorMessages":["You are not authenticated. Authentication required to
perform this operation."]}):
  Cloud  GET /rest/api/3/search/jql?jql=..&fields=..&maxResults=..
             [&nextPageToken=..][&reconcileIssues=1,2]
         POST /rest/api/3/search/jql {"jql", "fields": [..], "maxResults",
             "nextPageToken", "reconcileIssues": [ids], "expand",
             "properties", "fieldsByKeys", "failFast"} (other keys: 400)
           -> {"issues": [{"expand","id","self","key","fields"}],
               "nextPageToken" (absent on the last page), "isLast"}; no
               "total", no "startAt". Without fields, issues carry only
               id, key, self (see --bare-search). Page tokens always hold
               "+", "/" and "=", so a client that does not percent-encode
               them in a query string gets 400. A token is bound to its JQL
               and pages a snapshot taken on the first page.
         GET|POST /rest/api/{2,3,latest}/search, POST .../search/id,
             POST .../expression/eval -> 410 (CHANGE-2046 message).
         POST /rest/api/3/issue -> create (description: ADF).
         /rest/api/2/* other than the removed ones -> 404.
  DC     GET /rest/api/2/search?jql=..&fields=..&maxResults=..&startAt=..
         POST /rest/api/2/search {"jql","startAt","maxResults","fields",
             "expand","properties","fieldsByKeys","validateQuery"}
           -> {"expand","startAt","maxResults","total","issues"}; without
              fields every known field is returned (DC's *navigable).
         POST /rest/api/2/issue -> create (description: string).
         /rest/api/3/* -> 404.
  maxResults must be an integer 1..5000 (else 400). A known path with the
  wrong method -> 405; anything else -> 404.

Request checks: exactly one Host; POST needs Content-Type application/json
(charset, if any, UTF-8): a form/text type without "X-Atlassian-Token:
no-check" -> 403 "XSRF check failed", another type -> 415. Bodies must be
strict JSON (jsonstrict.check_bytes), else 400. The query string is parsed
strictly: raw bytes outside RFC 3986 (space, '"', '<', '>', '\\', '^', '`',
'{', '|', '}', non-ASCII) -> 400, bad %-escapes or %-decoded invalid UTF-8
-> 400, "+" decodes to a space (servlet semantics), a repeated jql /
maxResults / nextPageToken / startAt -> 400.

JQL (a real tokenizer and parser, not regexes): clauses joined by AND,
optionally followed by ORDER BY key|id|created|summary [ASC|DESC], ... .
  Fields: project, issuetype (type), resolution, summary, labels, parent,
  key (issuekey, id). Operators: = != IN (..) NOT IN (..) IS [NOT] EMPTY|NULL
  on all but summary; ~ and !~ on summary only (= on summary: 400).
  Values: "double" or 'single' quoted strings with the JQL escapes \\" \\'
  \\\\ \\n \\r \\t "\\ " \\uXXXX (any other escape: 400), or unquoted words;
  an unquoted word may not hold a reserved character (+ . ; ? | * / % ^ $ #
  @ [ ]) nor be a reserved JQL word (e.g. DO, AND, ORDER - quote it).
  resolution = Unresolved means resolution IS EMPTY. OR, NOT, parentheses
  around clauses and functions are not supported (400, said so). The query
  must be bounded: it needs a project = / project IN clause, else 400
  "Unbounded JQL queries are not allowed here...". Errors are 400
  {"errorMessages":["Error in the JQL Query: ... (line L, character C)"],
  "errors":{}}.
  summary ~ "text" (Lucene layer on the decoded JQL string): a backslash
  escapes the next character; the reserved characters + - & | ! ( ) { } [ ]
  ^ ~ * ? : \\ / and " are an error when unescaped, except that the whole
  text may be a phrase "..." (inside which only " and \\ are special, as in
  Lucene). Query and summaries are split into lowercase alphanumeric
  words; a phrase matches a contiguous run of words, otherwise every word
  must occur anywhere ("contains", not equality). No words: 400.
  Default order: id DESC (newest first).

Create (POST .../issue {"fields": {..}, "update": {..}?}), 400 with
{"errorMessages": [..], "errors": {field: message}} unless:
  project {"key"} or {"id"} is --project; issuetype {"name"} or {"id"} is
  one of --issue-types; summary is a non-empty string of at most 255 UTF-16
  code units without CR/LF; description (optional, may be null) is ADF on
  Cloud (doc/version 1; blocks paragraph, heading{level 1..6}, codeBlock
  {language}, bulletList, orderedList, listItem, blockquote, rule; inline
  text (non-empty, marks strong/em/code/link{href}; code only with link; no
  marks inside codeBlock) and hardBreak; no unknown keys; depth <= 32;
  else {"errorMessages":["INVALID_INPUT"]}) or a string on DC; its size
  (UTF-16 units of the raw JSON text of the value as sent on Cloud, of the
  string on DC) is <= 32767, else {"errorMessages":["CONTENT_LIMIT_EXCEEDED"]}
  (on Cloud an otherwise valid request still burns an issue number,
  JRACLOUD-78553); labels is a list of non-empty strings without spaces, at
  most 255 characters each; the sub-task type needs parent {"key"} or
  {"id"} of an existing non-sub-task issue of the project, the parent type
  may not have one; priority {"name"|"id"} is one of Highest High Medium Low
  Lowest (ids 1..5); customfield_N per --custom-fields; any other field ->
  "Field 'x' cannot be set. It is not on the appropriate screen, or
  unknown.". Success: 201 {"id", "key", "self"}.

Every counted request is saved as DIR/req-<n>.body (raw body) and
DIR/req-<n>.json (after the .body, via rename):
  {"n", "time", "mode", "method", "target" (raw), "path", "query" ({name:
   [decoded values]} or null when unparsable), "version", "headers",
   "body_raw", "body", "endpoint" ("search"|"create"|"removed"|"notfound"|
   ...), "jql", "jql_clauses" (parsed clauses, for searches), "search"
   (details: order_by, fields, max_results, matches, hidden_by_lag,
   returned keys, next_page_token, start_at, total), "created" (the key),
   "verdict": "accepted"|"rejected", "errors", "warnings",
   "status", "reply"}
On exit DIR/summary.json holds {"served", "accepted", "rejected",
"healthz", "reason", "port", "created", "searches", "issues"}; DIR/events.log
has a line per TLS handshake failure or connection closed before a request.

Exit status: 0 after N requests, 3 on idle timeout / lifetime / SIGTERM
(summary.json and issues.json are still written), 2 on usage or setup
errors.

Stdlib only; reuses jsonstrict.check_bytes and the server scaffolding of
recvlib.py from the same directory.
"""

import argparse
import base64
import binascii
import json
import os
import re
import struct
import sys
import time

sys.dont_write_bytecode = True	# keep tests/tools free of __pycache__
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import jsonstrict  # noqa: E402
import recvlib  # noqa: E402

PROJECT_ID = "10000"
ISSUE_ID_BASE = 10000
TYPE_IDS = ("10001", "10002")	# parent type, sub-task type
SUMMARY_MAX = 255		# UTF-16 code units
LABEL_MAX = 255
TEXT_FIELD_MAX = 255		# single-line text custom fields
CONTENT_MAX = 32767		# description characters
MAX_RESULTS_MAX = 5000
MAX_TOKENS = 10000		# page tokens remembered
MAX_RECONCILE = 50
MAX_PROPERTIES = 5
ADF_MAX_DEPTH = 32
MAX_JQL = 100000		# characters

PRIORITIES = ("Highest", "High", "Medium", "Low", "Lowest")

MSG_UNAUTH = ("You are not authenticated. Authentication required to "
    "perform this operation.")
MSG_GONE = ("The requested API has been removed. Please migrate to the "
    "/rest/api/3/search/jql API. A full migration guideline is available "
    "at https://developer.atlassian.com/changelog/#CHANGE-2046")
MSG_UNBOUNDED = ("Unbounded JQL queries are not allowed here. Please add a "
    "search restriction to your query.")
MSG_ESCAPES = ("The valid escape sequences are \\', \\\", \\t, \\n, \\r, "
    "\\\\, '\\ ' and \\uXXXX.")

_KEY_RE = re.compile(r"([A-Z][A-Z0-9_]*)-([1-9][0-9]{0,8})")
_PROJECT_RE = re.compile(r"[A-Z][A-Z0-9_]{0,9}")
_CF_RE = re.compile(r"customfield_[0-9]{1,12}")
_INT_RE = re.compile(r"-?[0-9]{1,12}")
_WORD_RE = re.compile(r"[^\W_]+")

# RFC 3986 characters allowed raw in a query string (besides "%" escapes).
_QUERY_OK = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
    "0123456789-._~!$&'()*+,;=:@/?")
_HEX = frozenset("0123456789abcdefABCDEF")


def utf16_len(s):
	return len(s.encode("utf-16-le", errors="surrogatepass")) // 2


def is_number(v):
	return type(v) in (int, float)


def jira_time(t):
	return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(t)) + \
	    ".%03d+0000" % int((t % 1) * 1000)


# ---------------------------------------------------------------------------
# Query strings


def parse_query(qs):
	"""Strictly parse a raw query string. Returns ({name: [values]}, None)
	or (None, reason)."""
	out = {}
	if qs is None:
		return out, None
	for ch in qs:
		if ch not in _QUERY_OK and ch != "%":
			return None, ("Invalid character found in the request target "
			    "(query): %r; it must be percent-encoded" % ch)
	for part in qs.split("&"):
		if part == "":
			continue
		name, _, value = part.partition("=")
		dec = []
		for raw in (name, value):
			raw = raw.replace("+", " ")
			bs = bytearray()
			i = 0
			while i < len(raw):
				c = raw[i]
				if c == "%":
					h = raw[i + 1:i + 3]
					if len(h) != 2 or h[0] not in _HEX or h[1] not in _HEX:
						return None, "bad percent-escape %r in query" \
						    % raw[i:i + 3]
					bs.append(int(h, 16))
					i += 3
				else:
					bs += c.encode("ascii")
					i += 1
			try:
				dec.append(bs.decode("utf-8", errors="strict"))
			except UnicodeDecodeError as e:
				return None, "query %r: %%-decoded bytes are not UTF-8 (%s)" \
				    % (name[:40], e.reason)
		out.setdefault(dec[0], []).append(dec[1])
	return out, None


# ---------------------------------------------------------------------------
# JQL


class JQLError(Exception):
	"""msg is the text after "Error in the JQL Query: "."""

	def __init__(self, msg, pos=None):
		Exception.__init__(self, msg)
		self.msg = msg
		self.pos = pos


def jql_where(text, pos):
	if pos is None:
		return ""
	line = text.count("\n", 0, pos) + 1
	col = pos - (text.rfind("\n", 0, pos) + 1) + 1
	return " (line %d, character %d)" % (line, col)


def jql_error_text(text, e):
	return "Error in the JQL Query: %s%s" % (e.msg, jql_where(text, e.pos))


# Atlassian's list of reserved JQL words (must be quoted to be a value).
JQL_RESERVED_WORDS = frozenset("""
a an abort access add after alias all alter and any are as asc at audit avg
before begin between boolean break by byte catch cf char character check
checkpoint collate collation column commit connect continue count create
current date decimal declare decrement default defaults define delete
delimiter desc difference distinct divide do double drop else empty encoding
end equals escape exclusive exec execute exists explain false fetch file
field first float for from function go goto grant greater group having
identified if immediate in increment index initial inner inout input insert
int integer intersect intersection into is isempty isnull join last left
less like limit lock long max min minus mode modify modulo more multiply
next noaudit not notin nowait null number object of on option or order
outer output power previous prior privileges public raise raw remainder
rename resource return returns right row rowid rownum rows select session
set share size sqrt start strict string subtract sum synonym table then to
trans transaction trigger true uid union unique update user validate values
view when whenever where while with
""".split())

JQL_WORD_STOP = frozenset(" \t\r\n\"'=!<>~(),")
JQL_RESERVED_CHARS = frozenset("+.;?|*/%^$#@[]")
JQL_ESCAPES = {"\"": "\"", "'": "'", "\\": "\\", "n": "\n", "r": "\r",
    "t": "\t", " ": " "}

JQL_FIELDS = {"project": "project", "issuetype": "issuetype",
    "type": "issuetype", "resolution": "resolution", "summary": "summary",
    "labels": "labels", "parent": "parent", "key": "key", "issuekey": "key",
    "id": "key"}
JQL_ORDER_FIELDS = {"key": "key", "issuekey": "key", "id": "id",
    "created": "created", "summary": "summary"}
EQ_OPS = ("=", "!=", "in", "not in", "is", "is not")
TEXT_OPS = ("~", "!~")
ALL_OPS = "'=', '!=', '~', '!~', 'IN', 'NOT IN', 'IS' and 'IS NOT'"


class Tok(object):
	__slots__ = ("kind", "value", "pos")

	def __init__(self, kind, value, pos):
		self.kind = kind	# STRING WORD OP LPAREN RPAREN COMMA EOF
		self.value = value
		self.pos = pos

	def kw(self, word):
		return self.kind == "WORD" and self.value.lower() == word

	def show(self):
		if self.kind == "EOF":
			return "end of query"
		if self.kind == "STRING":
			return json.dumps(self.value, ensure_ascii=False)
		return "'%s'" % self.value


def jql_escape(text, i):
	"""text[i] is a backslash. Returns (next index, character)."""
	if i + 1 >= len(text):
		raise JQLError("'\\' at the end of the query is an illegal JQL "
		    "escape sequence. " + MSG_ESCAPES, i)
	c = text[i + 1]
	if c in JQL_ESCAPES:
		return i + 2, JQL_ESCAPES[c]
	if c == "u":
		h = text[i + 2:i + 6]
		if len(h) == 4 and all(x in _HEX for x in h):
			o = int(h, 16)
			if 0xD800 <= o <= 0xDFFF:
				raise JQLError("'\\u%s' is a surrogate, not a character."
				    % h, i)
			return i + 6, chr(o)
		raise JQLError("'\\u%s' is an illegal JQL escape sequence. %s"
		    % (h, MSG_ESCAPES), i)
	raise JQLError("'\\%s' is an illegal JQL escape sequence. %s"
	    % (c, MSG_ESCAPES), i)


def jql_tokenize(text):
	toks = []
	i = 0
	n = len(text)
	while i < n:
		c = text[i]
		if c in " \t\r\n":
			i += 1
			continue
		start = i
		if c == "\"" or c == "'":
			q = c
			i += 1
			out = []
			while True:
				if i >= n:
					raise JQLError("The quoted string '%s' has not been "
					    "completed." % text[start + 1:start + 61], start)
				c = text[i]
				if c == "\\":
					i, ch = jql_escape(text, i)
					out.append(ch)
				elif c == q:
					i += 1
					break
				else:
					out.append(c)
					i += 1
			toks.append(Tok("STRING", "".join(out), start))
			continue
		if c in "=~":
			toks.append(Tok("OP", c, start))
			i += 1
			continue
		if c == "!":
			if i + 1 < n and text[i + 1] in "=~":
				toks.append(Tok("OP", text[i:i + 2], start))
				i += 2
				continue
			raise JQLError("Expecting either '=' or '~' after '!'.", start)
		if c in "<>":
			if i + 1 < n and text[i + 1] == "=":
				toks.append(Tok("OP", text[i:i + 2], start))
				i += 2
			else:
				toks.append(Tok("OP", c, start))
				i += 1
			continue
		if c in "(),":
			toks.append(Tok({"(": "LPAREN", ")": "RPAREN", ",": "COMMA"}[c],
			    c, start))
			i += 1
			continue
		out = []
		while i < n and text[i] not in JQL_WORD_STOP:
			c = text[i]
			if c == "\\":
				i, ch = jql_escape(text, i)
				out.append(ch)
				continue
			if c in JQL_RESERVED_CHARS or ord(c) < 0x20 or ord(c) == 0x7F:
				raise JQLError("The character '%s' is a reserved JQL "
				    "character. You must enclose it in a string or use the "
				    "escape '\\u%04x' instead." % (c, ord(c)), i)
			out.append(c)
			i += 1
		toks.append(Tok("WORD", "".join(out), start))
	toks.append(Tok("EOF", None, n))
	return toks


LUCENE_RESERVED = frozenset("+-&|!(){}[]^~*?:\\/")


def lucene_parse(text, pos):
	"""The Lucene layer of summary ~ "text" (text is the decoded JQL
	string). Returns a dict for jql_clauses, or raises JQLError."""
	s = text.strip()
	phrase = False
	inner = s
	if len(s) >= 2 and s[0] == "\"" and s[-1] == "\"":
		bs = 0
		j = len(s) - 2
		while j >= 1 and s[j] == "\\":
			bs += 1
			j -= 1
		if bs % 2 == 0:
			phrase = True
			inner = s[1:-1]
	shown = text if len(text) <= 80 else text[:77] + "..."
	lit = []
	i = 0
	while i < len(inner):
		c = inner[i]
		if c == "\\":
			if i + 1 >= len(inner):
				raise JQLError("The text query '%s' for field 'summary' is "
				    "not valid: it ends with an unescaped backslash." % shown,
				    pos)
			lit.append(inner[i + 1])
			i += 2
			continue
		if c == "\"":
			raise JQLError("The text query '%s' for field 'summary' is not "
			    "valid: unbalanced or misplaced '\"' (a phrase must be the "
			    "whole text: \\\"...\\\")." % shown, pos)
		if c in LUCENE_RESERVED and not phrase:
			raise JQLError("The text query '%s' for field 'summary' is not "
			    "valid: the character '%s' is a reserved character; escape "
			    "it with \\\\ inside the JQL string (Lucene "
			    "syntax)." % (shown, c), pos)
		lit.append(c)
		i += 1
	literal = "".join(lit)
	words = _WORD_RE.findall(literal.lower())
	if not words:
		raise JQLError("The field 'summary' does not support searching for "
		    "an empty string (no words in '%s')." % shown, pos)
	return {"text": text, "phrase": phrase, "literal": literal,
	    "words": words}


def summary_words(s):
	return _WORD_RE.findall(s.lower())


def lucene_match(lq, summary):
	words = summary_words(summary)
	q = lq["words"]
	if lq["phrase"]:
		for i in range(len(words) - len(q) + 1):
			if words[i:i + len(q)] == q:
				return True
		return False
	have = set(words)
	return all(w in have for w in q)


class JQLParser(object):

	def __init__(self, text):
		self.text = text
		self.toks = jql_tokenize(text)
		self.p = 0

	def peek(self):
		return self.toks[self.p]

	def take(self):
		t = self.toks[self.p]
		if t.kind != "EOF":
			self.p += 1
		return t

	def parse(self):
		"""Returns (clauses, order_by)."""
		clauses = []
		order = []
		if not self.peek().kw("order") and self.peek().kind != "EOF":
			while True:
				clauses.append(self.clause())
				t = self.peek()
				if t.kw("and"):
					self.take()
					continue
				if t.kind == "EOF" or t.kw("order"):
					break
				if t.kw("or") or t.kw("not"):
					raise JQLError("jira_receiver supports only clauses "
					    "joined by AND (found %s)." % t.show(), t.pos)
				raise JQLError("Expecting either 'OR' or 'AND' but got %s."
				    % t.show(), t.pos)
		if self.peek().kw("order"):
			self.take()
			t = self.take()
			if not t.kw("by"):
				raise JQLError("Expecting 'by' but got %s." % t.show(), t.pos)
			while True:
				t = self.take()
				if t.kind not in ("WORD", "STRING"):
					raise JQLError("Expecting a field name in the ORDER BY "
					    "clause but got %s." % t.show(), t.pos)
				f = JQL_ORDER_FIELDS.get(t.value.lower())
				if f is None:
					raise JQLError("jira_receiver cannot order by %s (key, "
					    "id, created, summary)." % t.show(), t.pos)
				d = "asc"
				if self.peek().kw("asc") or self.peek().kw("desc"):
					d = self.take().value.lower()
				order.append({"field": f, "dir": d})
				if self.peek().kind == "COMMA":
					self.take()
					continue
				break
		t = self.peek()
		if t.kind != "EOF":
			raise JQLError("Expecting either 'OR' or 'AND' but got %s."
			    % t.show(), t.pos)
		return clauses, order

	def clause(self):
		ft = self.take()
		if ft.kind == "LPAREN":
			raise JQLError("jira_receiver does not support parentheses "
			    "around clauses.", ft.pos)
		if ft.kw("not"):
			raise JQLError("jira_receiver does not support NOT.", ft.pos)
		if ft.kind not in ("WORD", "STRING"):
			raise JQLError("Expecting a field name but got %s." % ft.show(),
			    ft.pos)
		field = JQL_FIELDS.get(ft.value.lower())
		if field is None:
			raise JQLError("Field '%s' does not exist or you do not have "
			    "permission to view it." % ft.value, ft.pos)
		ot = self.take()
		if ot.kind == "OP":
			op = ot.value
		elif ot.kw("is"):
			op = "is"
			if self.peek().kw("not"):
				self.take()
				op = "is not"
		elif ot.kw("in"):
			op = "in"
		elif ot.kw("not") and self.peek().kw("in"):
			self.take()
			op = "not in"
		else:
			raise JQLError("Expecting operator but got %s. The valid "
			    "operators are %s." % (ot.show(), ALL_OPS), ot.pos)
		ok_ops = TEXT_OPS if field == "summary" else EQ_OPS
		if op not in ok_ops:
			raise JQLError("The operator '%s' is not supported by the '%s' "
			    "field." % (op.upper(), ft.value), ot.pos)
		c = {"field": field, "op": op, "pos": ft.pos}
		if op in ("in", "not in"):
			t = self.take()
			if t.kind != "LPAREN":
				raise JQLError("Expecting '(' but got %s." % t.show(), t.pos)
			vals = []
			while True:
				vals.append(self.value(field, op))
				t = self.take()
				if t.kind == "COMMA":
					continue
				if t.kind == "RPAREN":
					break
				raise JQLError("Expecting ')' or ',' but got %s."
				    % t.show(), t.pos)
			c["values"] = vals
		elif op in ("is", "is not"):
			t = self.take()
			if not (t.kw("empty") or t.kw("null")):
				raise JQLError("Expecting 'EMPTY' or 'NULL' after '%s' but "
				    "got %s." % (op.upper(), t.show()), t.pos)
			c["values"] = [{"empty": True}]
		else:
			v = self.value(field, op)
			if field == "summary":
				if v.get("empty"):
					raise JQLError("The field 'summary' does not support "
					    "searching for EMPTY with '%s'." % op, ft.pos)
				c["lucene"] = lucene_parse(v["value"], ft.pos)
			c["values"] = [v]
		if field == "resolution":
			for v in c["values"]:
				if not v.get("empty") and \
				    v["value"].lower() == "unresolved":
					v["empty"] = True
					v["unresolved"] = True
		return c

	def value(self, field, op):
		t = self.take()
		if t.kind == "STRING":
			return {"value": t.value, "quoted": True}
		if t.kind != "WORD":
			raise JQLError("Expecting a value but got %s." % t.show(), t.pos)
		low = t.value.lower()
		if low in ("empty", "null"):
			if op in ("in", "not in", "=", "!=", "~", "!~"):
				return {"empty": True, "value": t.value, "quoted": False}
		if low in JQL_RESERVED_WORDS:
			raise JQLError("'%s' is a reserved JQL word. You must surround "
			    "it in quotation marks to use it in a query." % t.value,
			    t.pos)
		if self.peek().kind == "LPAREN":
			raise JQLError("jira_receiver does not support JQL functions "
			    "(%s())." % t.value, t.pos)
		return {"value": t.value, "quoted": False}


def jql_parse(text):
	return JQLParser(text).parse()


def jql_bounded(clauses):
	for c in clauses:
		if c["field"] == "project" and c["op"] in ("=", "in") and \
		    not all(v.get("empty") for v in c["values"]):
			return True
	return False


def key_parts(key):
	m = _KEY_RE.fullmatch(key)
	if m is None:
		return ("", 0)
	return (m.group(1), int(m.group(2)))


# ---------------------------------------------------------------------------
# ADF


class ADFError(Exception):
	pass


ADF_MARKS = {"strong": (), "em": (), "code": (), "link": ("href", "title")}
ADF_INLINE = ("text", "hardBreak")
ADF_LIST_CHILD = ("paragraph", "bulletList", "orderedList", "codeBlock")


def adf_keys(node, where, allowed):
	for k in node:
		if k not in allowed:
			raise ADFError("%s: unexpected key %s" % (where, json.dumps(k)))


def adf_attrs(node, where, spec, required=False):
	"""spec: {name: checker}. Returns attrs dict (or {})."""
	if "attrs" not in node:
		if required:
			raise ADFError("%s: attrs required" % where)
		return {}
	a = node["attrs"]
	if not isinstance(a, dict):
		raise ADFError("%s.attrs: not an object" % where)
	for k, v in a.items():
		if k not in spec:
			raise ADFError("%s.attrs: unexpected key %s" % (where,
			    json.dumps(k)))
		if not spec[k](v):
			raise ADFError("%s.attrs.%s: invalid value %s" % (where, k,
			    json.dumps(v)[:60]))
	return a


def _is_str(v):
	return isinstance(v, str)


def adf_content(node, where, required, minimum=0):
	if "content" not in node:
		if required:
			raise ADFError("%s: content required" % where)
		return []
	c = node["content"]
	if not isinstance(c, list):
		raise ADFError("%s.content: not a list" % where)
	if len(c) < minimum:
		raise ADFError("%s.content: needs at least %d node(s)" % (where,
		    minimum))
	return c


def adf_type(node, where):
	if not isinstance(node, dict):
		raise ADFError("%s: not an object" % where)
	t = node.get("type")
	if not isinstance(t, str):
		raise ADFError("%s: no string \"type\"" % where)
	return t


def adf_marks(node, where):
	if "marks" not in node:
		return
	ms = node["marks"]
	if not isinstance(ms, list):
		raise ADFError("%s.marks: not a list" % where)
	seen = set()
	for i, m in enumerate(ms):
		w = "%s.marks[%d]" % (where, i)
		t = adf_type(m, w)
		if t not in ADF_MARKS:
			raise ADFError("%s: mark type %s not allowed" % (w,
			    json.dumps(t)))
		if t in seen:
			raise ADFError("%s: mark %s repeated" % (w, t))
		seen.add(t)
		adf_keys(m, w, ("type", "attrs"))
		spec = dict((k, _is_str) for k in ADF_MARKS[t])
		a = adf_attrs(m, w, spec, required=(t == "link"))
		if t == "link" and not (isinstance(a.get("href"), str) and
		    a["href"] != ""):
			raise ADFError("%s: link needs a non-empty attrs.href" % w)
	if "code" in seen and seen - set(("code", "link")):
		raise ADFError("%s.marks: code may only be combined with link"
		    % where)


def adf_inline(node, where, in_code):
	t = adf_type(node, where)
	if in_code:
		if t != "text":
			raise ADFError("%s: %s not allowed inside codeBlock" % (where, t))
	elif t not in ADF_INLINE:
		raise ADFError("%s: %s is not an inline node" % (where,
		    json.dumps(t)))
	if t == "hardBreak":
		adf_keys(node, where, ("type", "attrs"))
		adf_attrs(node, where, {"text": lambda v: v == "\n"})
		return
	adf_keys(node, where, ("type", "text", "marks"))
	if not isinstance(node.get("text"), str):
		raise ADFError("%s: text node without a string \"text\"" % where)
	if node["text"] == "":
		raise ADFError("%s: empty text node (minLength 1)" % where)
	if in_code and "marks" in node:
		raise ADFError("%s: text inside codeBlock may not have marks" % where)
	adf_marks(node, where)


def _level_ok(v):
	return type(v) is int and 1 <= v <= 6


def _order_ok(v):
	return type(v) is int and v >= 0


def adf_block(node, where, depth, allowed):
	if depth > ADF_MAX_DEPTH:
		raise ADFError("%s: nested deeper than %d" % (where, ADF_MAX_DEPTH))
	t = adf_type(node, where)
	if t not in allowed:
		raise ADFError("%s: node type %s not allowed here" % (where,
		    json.dumps(t)))
	w = "%s(%s)" % (where, t)
	if t == "paragraph" or t == "heading":
		adf_keys(node, w, ("type", "attrs", "content"))
		if t == "heading":
			adf_attrs(node, w, {"level": _level_ok, "localId": _is_str},
			    required=True)
			if "level" not in node["attrs"]:
				raise ADFError("%s.attrs: level required" % w)
		else:
			adf_attrs(node, w, {"localId": _is_str})
		for i, c in enumerate(adf_content(node, w, False)):
			adf_inline(c, "%s.content[%d]" % (w, i), False)
	elif t == "codeBlock":
		adf_keys(node, w, ("type", "attrs", "content"))
		adf_attrs(node, w, {"language": _is_str, "uniqueId": _is_str})
		for i, c in enumerate(adf_content(node, w, False)):
			adf_inline(c, "%s.content[%d]" % (w, i), True)
	elif t == "bulletList" or t == "orderedList":
		adf_keys(node, w, ("type", "attrs", "content"))
		adf_attrs(node, w, {"order": _order_ok} if t == "orderedList"
		    else {})
		for i, c in enumerate(adf_content(node, w, True, 1)):
			adf_block(c, "%s.content[%d]" % (w, i), depth + 1,
			    ("listItem",))
	elif t == "listItem" or t == "blockquote":
		adf_keys(node, w, ("type", "content"))
		for i, c in enumerate(adf_content(node, w, True, 1)):
			adf_block(c, "%s.content[%d]" % (w, i), depth + 1,
			    ADF_LIST_CHILD if t == "listItem" else
			    ("paragraph", "bulletList", "orderedList", "codeBlock"))
	elif t == "rule":
		adf_keys(node, w, ("type",))


ADF_TOP = ("paragraph", "heading", "codeBlock", "bulletList", "orderedList",
    "blockquote", "rule")


def check_adf(doc, where="description"):
	"""Raises ADFError on an invalid ADF document."""
	if not isinstance(doc, dict):
		raise ADFError("%s: must be an ADF document object" % where)
	adf_keys(doc, where, ("type", "version", "content"))
	if doc.get("type") != "doc":
		raise ADFError("%s: type must be \"doc\"" % where)
	if type(doc.get("version")) is not int or doc["version"] != 1:
		raise ADFError("%s: version must be the integer 1" % where)
	for i, c in enumerate(adf_content(doc, where, True)):
		adf_block(c, "%s.content[%d]" % (where, i), 1, ADF_TOP)


# ---------------------------------------------------------------------------
# Raw JSON spans (for the description size as sent)


def _skip_ws(t, i):
	while i < len(t) and t[i] in " \t\r\n":
		i += 1
	return i


def _skip_string(t, i):
	# t[i] == '"'; returns the index after the closing quote.
	i += 1
	while t[i] != "\"":
		i += 2 if t[i] == "\\" else 1
	return i + 1


def _skip_value(t, i):
	"""End index of the JSON value starting at t[i] (valid JSON only;
	iterative)."""
	if t[i] == "\"":
		return _skip_string(t, i)
	if t[i] not in "[{":
		while i < len(t) and t[i] not in ",]} \t\r\n":
			i += 1
		return i
	depth = 0
	while True:
		c = t[i]
		if c == "\"":
			i = _skip_string(t, i)
			continue
		if c in "[{":
			depth += 1
		elif c in "]}":
			depth -= 1
			if depth == 0:
				return i + 1
		i += 1


def _member_span(t, i, name):
	"""t[i] == '{' of an object; the (start, end) of member name's value,
	or None."""
	i = _skip_ws(t, i + 1)
	while i < len(t) and t[i] != "}":
		ke = _skip_string(t, i)
		key = json.loads(t[i:ke])
		i = _skip_ws(t, ke)
		i = _skip_ws(t, i + 1)		# ':'
		ve = _skip_value(t, i)
		if key == name:
			return i, ve
		i = _skip_ws(t, ve)
		if t[i] == ",":
			i = _skip_ws(t, i + 1)
	return None


def raw_member(text, path):
	"""Raw JSON text of text's value at path (a list of object keys), or
	None."""
	try:
		i = _skip_ws(text, 0)
		for name in path:
			if text[i] != "{":
				return None
			sp = _member_span(text, i, name)
			if sp is None:
				return None
			i = sp[0]
		return text[sp[0]:sp[1]]
	except (IndexError, ValueError):
		return None


# ---------------------------------------------------------------------------
# Store


class Store(object):

	def __init__(self, opts):
		self.opts = opts
		self.issues = []
		self.by_key = {}
		self.by_id = {}
		self.next_id = ISSUE_ID_BASE + 1
		self.next_num = 1
		self.tokens = {}
		self.token_n = 0
		self.created = 0
		self.burned = 0

	def add(self, fields):
		issue = {"id": str(self.next_id)}
		issue.update(fields)
		self.next_id += 1
		self.issues.append(issue)
		self.by_key[issue["key"]] = issue
		self.by_id[issue["id"]] = issue
		return issue

	def find(self, ref):
		"""An issue by key or id (str), or None."""
		if not isinstance(ref, str):
			return None
		return self.by_key.get(ref.upper()) or self.by_id.get(ref)

	def new_token(self, entry):
		self.token_n += 1
		if len(self.tokens) >= MAX_TOKENS:
			self.tokens.pop(next(iter(self.tokens)))
		# 0xfb 0xff encodes as "+/"; 11 bytes give one "=" of padding.
		tok = base64.b64encode(b"\xfb\xff" + struct.pack(">I", self.token_n)
		    + os.urandom(5)).decode("ascii")
		self.tokens[tok] = entry
		return tok

	def dump(self):
		out = []
		for it in self.issues:
			d = dict((k, v) for k, v in it.items() if k != "created_mono")
			out.append(d)
		recvlib.write_json(os.path.join(self.opts.out, "issues.json"), out,
		    indent=1)


def load_seed(opts, store):
	"""Fill store from --seed. Raises ValueError with a reason."""
	with open(opts.seed, "rb") as f:
		data = f.read()
	seed, why = jsonstrict.check_bytes(data)
	if why is not None:
		raise ValueError("%s: %s" % (opts.seed, why))
	if not isinstance(seed, list):
		raise ValueError("%s: must be a JSON list" % opts.seed)
	parent_t, sub_t = opts.types
	pending = []
	for i, s in enumerate(seed):
		w = "%s[%d]" % (opts.seed, i)
		if not isinstance(s, dict):
			raise ValueError("%s: not an object" % w)
		for k in s:
			if k not in ("key", "summary", "issuetype", "resolution",
			    "labels", "parent"):
				raise ValueError("%s: unknown key %r" % (w, k))
		key = s.get("key")
		if not isinstance(key, str) or _KEY_RE.fullmatch(key) is None:
			raise ValueError("%s: key must look like SOC-16" % w)
		if key in store.by_key:
			raise ValueError("%s: key %s repeated" % (w, key))
		summ = s.get("summary")
		if not isinstance(summ, str):
			raise ValueError("%s: summary must be a string" % w)
		it = s.get("issuetype")
		if it not in (parent_t, sub_t):
			raise ValueError("%s: issuetype must be %r or %r" % (w, parent_t,
			    sub_t))
		res = s.get("resolution")
		if res is not None and not isinstance(res, str):
			raise ValueError("%s: resolution must be null or a string" % w)
		labels = s.get("labels", [])
		if not isinstance(labels, list) or \
		    not all(isinstance(x, str) for x in labels):
			raise ValueError("%s: labels must be a list of strings" % w)
		par = s.get("parent")
		if (it == sub_t) != isinstance(par, str):
			raise ValueError("%s: a %s needs a string parent key, a %s none"
			    % (w, sub_t, parent_t))
		proj, num = key_parts(key)
		issue = {"key": key, "project": proj, "number": num,
		    "summary": summ, "issuetype": it, "subtask": it == sub_t,
		    "resolution": res, "labels": labels, "parent": None,
		    "priority": None, "custom_fields": {}, "description": None,
		    "description_chars": 0, "created": jira_time(0),
		    "created_mono": float("-inf"), "seeded": True, "request": None}
		issue = store.add(issue)
		if par is not None:
			pending.append((w, issue, par))
		if proj == opts.project and num >= store.next_num:
			store.next_num = num + 1
	for w, issue, par in pending:
		p = store.by_key.get(par)
		if p is None or p["subtask"] or p["project"] != issue["project"]:
			raise ValueError("%s: parent %s is not a seeded non-sub-task "
			    "issue of the same project" % (w, par))
		issue["parent"] = p["key"]


def load_custom_fields(path):
	with open(path, "rb") as f:
		data = f.read()
	cf, why = jsonstrict.check_bytes(data)
	if why is not None:
		raise ValueError("%s: %s" % (path, why))
	if not isinstance(cf, dict):
		raise ValueError("%s: must be a JSON object" % path)
	for name, spec in cf.items():
		if _CF_RE.fullmatch(name) is None:
			raise ValueError("%s: %r is not customfield_<digits>" % (path,
			    name))
		if not isinstance(spec, dict) or spec.get("type") not in (
		    "multiselect", "select", "number", "string", "textarea",
		    "labels"):
			raise ValueError("%s: %s needs \"type\": multiselect, select, "
			    "number, string, textarea or labels" % (path, name))
		if spec["type"] in ("multiselect", "select"):
			opts = spec.get("options")
			if not isinstance(opts, list) or \
			    not all(isinstance(o, str) for o in opts):
				raise ValueError("%s: %s needs \"options\": [strings]"
				    % (path, name))
	return cf


# ---------------------------------------------------------------------------
# Create validation


class Reject(Exception):
	"""A 4xx reply: status, reply object, recorded reason."""

	def __init__(self, status, reply, reason):
		Exception.__init__(self, reason)
		self.status = status
		self.reply = reply
		self.reason = reason


def jira_errors(messages=(), errors=None):
	return {"errorMessages": list(messages), "errors": errors or {}}


def check_label(v):
	"""Returns an error message or None."""
	if not isinstance(v, str):
		return "Labels must be strings."
	if v == "":
		return "The label can not be empty."
	if any(ch.isspace() for ch in v):
		return "The label '%s' contains spaces which is invalid." % v
	if len(v) > LABEL_MAX:
		return "The label '%s' exceeds the maximum length for a single " \
		    "label of 255 characters." % v
	return None


def check_custom(name, spec, v, cloud, ferr):
	t = spec["type"]
	if v is None:
		return
	if t == "multiselect":
		if not isinstance(v, list):
			ferr[name] = "Specify the value for %s in an array" % name
			return
		for e in v:
			if not isinstance(e, dict) or set(e) != set(("value",)) or \
			    not isinstance(e["value"], str):
				ferr[name] = "Specify a valid 'value' or 'id' for %s " \
				    "as [{\"value\": ...}]" % name
				return
			if e["value"] not in spec["options"]:
				ferr[name] = "Option value '%s' is not valid" % e["value"]
				return
	elif t == "select":
		if not isinstance(v, dict) or set(v) != set(("value",)) or \
		    not isinstance(v["value"], str):
			ferr[name] = "Specify a valid 'value' or 'id' for %s" % name
		elif v["value"] not in spec["options"]:
			ferr[name] = "Option value '%s' is not valid" % v["value"]
	elif t == "number":
		if not is_number(v):
			ferr[name] = "Operation value must be a number"
	elif t == "string":
		if not isinstance(v, str):
			ferr[name] = "Operation value must be a string"
		elif utf16_len(v) > TEXT_FIELD_MAX:
			ferr[name] = "The entered text is too long. It exceeds the " \
			    "allowed limit of 255 characters."
		elif "\n" in v or "\r" in v:
			ferr[name] = "Single-line text fields cannot contain newlines."
	elif t == "textarea":
		if cloud:
			try:
				check_adf(v, name)
			except ADFError as e:
				ferr[name] = "Operation value must be an Atlassian " \
				    "Document (see the Atlassian Document Format): %s" % e
		elif not isinstance(v, str):
			ferr[name] = "Operation value must be a string"
	elif t == "labels":
		if not isinstance(v, list):
			ferr[name] = "Operation value must be an array"
		else:
			for e in v:
				m = check_label(e)
				if m is not None:
					ferr[name] = m
					break


def validate_create(srv, value, body_text, errors, warnings, rec):
	"""Returns the new issue dict (not yet stored) or raises Reject."""
	opts = srv.opts
	store = srv.store
	cloud = opts.mode == "cloud"
	if not isinstance(value, dict):
		raise Reject(400, jira_errors(["Can not deserialize the request "
		    "body: expected a JSON object"]), "body is not an object")
	for k in value:
		if k not in ("fields", "update", "properties", "transition",
		    "historyMetadata"):
			raise Reject(400, jira_errors(["Unrecognized field \"%s\"" % k]),
			    "unknown top-level key %r" % k)
	if "update" in value:
		if not isinstance(value["update"], dict):
			raise Reject(400, jira_errors(["update must be an object"]),
			    "update is not an object")
		if value["update"]:
			warnings.append("\"update\" given and ignored: %s"
			    % json.dumps(value["update"])[:200])
	fields = value.get("fields")
	if not isinstance(fields, dict):
		raise Reject(400, jira_errors(["The request body needs a \"fields\""
		    " object."]), "no fields object")
	ferr = {}
	msgs = []
	parent_t, sub_t = opts.types
	# project
	proj = fields.get("project")
	if not isinstance(proj, dict) or not proj or \
	    set(proj) - set(("key", "id")) or \
	    ("key" in proj and proj["key"] != opts.project) or \
	    ("id" in proj and (type(proj["id"]) not in (str, int) or
	    str(proj["id"]) != PROJECT_ID)):
		ferr["project"] = "valid project is required"
	# issuetype
	itype = fields.get("issuetype")
	tname = None
	if itype is None:
		ferr["issuetype"] = "Specify an issue type"
	elif not isinstance(itype, dict) or not (set(itype) <= set(("name",
	    "id"))) or not itype:
		ferr["issuetype"] = "Specify a valid issue type"
	else:
		for i, t in enumerate(opts.types):
			if ("name" not in itype or itype["name"] == t) and \
			    ("id" not in itype or str(itype["id"]) == TYPE_IDS[i]):
				tname = t
		if tname is None:
			ferr["issuetype"] = "Specify a valid issue type"
	# summary
	summ = fields.get("summary")
	if "summary" not in fields or summ is None or \
	    (isinstance(summ, str) and summ.strip() == ""):
		ferr["summary"] = "You must specify a summary of the issue."
	elif not isinstance(summ, str):
		ferr["summary"] = "Operation value must be a string"
	elif "\n" in summ or "\r" in summ:
		ferr["summary"] = "The summary is invalid because it contains " \
		    "newline characters."
	elif utf16_len(summ) > SUMMARY_MAX:
		ferr["summary"] = "Summary must be less than 255 characters."
		rec["summary_utf16"] = utf16_len(summ)
	# description
	desc = fields.get("description")
	desc_chars = 0
	too_big = False
	if desc is not None:
		if cloud:
			if isinstance(desc, str):
				ferr["description"] = "Operation value must be an " \
				    "Atlassian Document (see the Atlassian Document Format)"
			else:
				try:
					check_adf(desc)
				except ADFError as e:
					errors.append("ADF: %s" % e)
					msgs.append("INVALID_INPUT")
			raw = raw_member(body_text, ["fields", "description"])
			if raw is None:
				raw = json.dumps(desc, ensure_ascii=False,
				    separators=(",", ":"))
				warnings.append("description: raw span not found; "
				    "measured the compact re-serialisation")
			desc_chars = utf16_len(raw)
			rec["description_chars"] = {"raw_json": desc_chars,
			    "compact_json": utf16_len(json.dumps(desc,
			    ensure_ascii=False, separators=(",", ":")))}
		else:
			if not isinstance(desc, str):
				ferr["description"] = "Operation value must be a string"
			else:
				desc_chars = utf16_len(desc)
				rec["description_chars"] = {"string": desc_chars}
		if desc_chars > CONTENT_MAX:
			too_big = True
			errors.append("description: %d characters > %d"
			    % (desc_chars, CONTENT_MAX))
			msgs.append("CONTENT_LIMIT_EXCEEDED")
	# labels
	labels = fields.get("labels", [])
	if labels is None:
		labels = []
	if not isinstance(labels, list):
		ferr["labels"] = "Operation value must be an array"
		labels = []
	else:
		for l in labels:
			m = check_label(l)
			if m is not None:
				ferr["labels"] = m
				break
		if len(set(x for x in labels if isinstance(x, str))) != len(labels):
			warnings.append("labels: duplicates (Jira keeps one)")
	# parent
	parent = None
	if tname == sub_t:
		pref = fields.get("parent")
		ref = None
		if isinstance(pref, dict) and len(pref) == 1:
			ref = pref.get("key", pref.get("id"))
			if "id" in pref and type(ref) is int:
				ref = str(ref)
		p = store.find(ref) if isinstance(ref, str) else None
		if p is None or p["subtask"] or p["project"] != opts.project:
			ferr["parent"] = "Could not find issue by id or key."
			if p is not None:
				errors.append("parent %s is %s" % (p["key"],
				    "a sub-task" if p["subtask"] else "in another project"))
		else:
			parent = p
	elif tname == parent_t and "parent" in fields:
		ferr["parent"] = "Issue type '%s' is not a sub-task type; it " \
		    "cannot have a parent." % parent_t
	# priority
	prio = None
	if fields.get("priority") is not None:
		p = fields["priority"]
		if not isinstance(p, dict) or len(p) != 1 or \
		    not isinstance(p.get("name", p.get("id")), str):
			ferr["priority"] = "Specify the Priority (id or name) in the " \
			    "string format"
		elif "name" in p and p["name"] in PRIORITIES:
			prio = p["name"]
		elif "id" in p and p["id"] in ("1", "2", "3", "4", "5"):
			prio = PRIORITIES[int(p["id"]) - 1]
		else:
			ferr["priority"] = "The priority selected is invalid."
	# custom and unknown fields
	customs = {}
	for k, v in fields.items():
		if k in ("project", "issuetype", "summary", "description", "labels",
		    "parent", "priority"):
			continue
		if _CF_RE.fullmatch(k) is not None:
			if opts.custom_fields is None:
				warnings.append("%s accepted unchecked (no --custom-fields)"
				    % k)
				customs[k] = v
			elif k not in opts.custom_fields:
				ferr[k] = "Field '%s' cannot be set. It is not on the " \
				    "appropriate screen, or unknown." % k
			else:
				check_custom(k, opts.custom_fields[k], v, cloud, ferr)
				customs[k] = v
			continue
		ferr[k] = "Field '%s' cannot be set. It is not on the appropriate " \
		    "screen, or unknown." % k
	for k, m in ferr.items():
		errors.append("fields.%s: %s" % (k, m))
	if ferr or msgs:
		if too_big and not ferr and msgs == ["CONTENT_LIMIT_EXCEEDED"] \
		    and cloud:
			store.next_num += 1
			store.burned += 1
			warnings.append("issue number %s-%d burned (JRACLOUD-78553)"
			    % (opts.project, store.next_num - 1))
		raise Reject(400, jira_errors(msgs, ferr), errors[0])
	return {"key": None, "project": opts.project, "number": None,
	    "summary": summ, "issuetype": tname, "subtask": tname == sub_t,
	    "resolution": None, "labels": labels,
	    "parent": parent["key"] if parent else None, "priority": prio,
	    "custom_fields": customs, "description": desc,
	    "description_chars": desc_chars}


# ---------------------------------------------------------------------------
# Search


def issue_field_values(srv, it, field):
	"""Normalised comparable values of an issue for a JQL field."""
	if field == "project":
		vals = [it["project"].lower()]
		if it["project"] == srv.opts.project:
			vals.append(PROJECT_ID)
		return vals
	if field == "issuetype":
		return [it["issuetype"].lower(),
		    TYPE_IDS[1 if it["subtask"] else 0]]
	if field == "resolution":
		return [] if it["resolution"] is None else [it["resolution"].lower()]
	if field == "labels":
		return list(it["labels"])
	if field == "parent":
		if it["parent"] is None:
			return []
		p = srv.store.by_key[it["parent"]]
		return [p["key"].lower(), p["id"]]
	if field == "key":
		return [it["key"].lower(), it["id"]]
	return []


def clause_match(srv, c, it):
	f = c["field"]
	op = c["op"]
	if f == "summary":
		m = lucene_match(c["lucene"], it["summary"])
		return m if op == "~" else not m
	have = issue_field_values(srv, it, f)
	exact = f == "labels"

	def one(v):
		if v.get("empty"):
			return not have
		x = v["value"] if exact else v["value"].lower()
		return x in have

	hit = any(one(v) for v in c["values"])
	if op in ("=", "in", "is"):
		return hit
	if op == "is not":
		return not hit
	# != and NOT IN never match an empty field (JQL semantics)
	return bool(have) and not hit


def order_key(srv, order):
	def k(it):
		out = []
		for o in order:
			f = o["field"]
			if f == "key":
				v = key_parts(it["key"])
			elif f == "summary":
				v = it["summary"].lower()
			else:
				v = int(it["id"])	# id and created follow creation order
			out.append(v)
		return out
	return k


def run_query(srv, clauses, order, reconcile):
	"""Returns (matching issues in order, keys hidden by the lag)."""
	now = time.monotonic()
	lag = srv.opts.search_lag
	found = []
	hidden = []
	for it in srv.store.issues:
		if not all(clause_match(srv, c, it) for c in clauses):
			continue
		if now - it["created_mono"] < lag and it["id"] not in reconcile:
			hidden.append(it["key"])
			continue
		found.append(it)
	if not order:
		order = [{"field": "id", "dir": "desc"}]
	# stable sorts, last key first
	for o in reversed(order):
		found.sort(key=order_key(srv, [o]), reverse=(o["dir"] == "desc"))
	return found, hidden


ALL_FIELDS = ("summary", "issuetype", "resolution", "labels", "parent",
    "project", "priority", "created")


def issue_json(srv, it, fields, bare):
	api = "3" if srv.opts.mode == "cloud" else "2"
	d = {"expand": "operations,versionedRepresentations,editmeta,changelog,"
	    "renderedFields", "id": it["id"],
	    "self": "%s/rest/api/%s/issue/%s" % (srv.base_url, api, it["id"]),
	    "key": it["key"]}
	if bare is not None:
		if bare == "id":
			return {"id": it["id"]}
		del d["expand"]
		return d
	want = set()
	for f in fields:
		if f in ("*all", "*navigable"):
			want.update(ALL_FIELDS)
			want.update(it["custom_fields"])
		elif f.startswith("-"):
			continue
		else:
			want.add(f)
	for f in fields:
		if f.startswith("-"):
			want.discard(f[1:])
	out = {}
	for f in sorted(want):
		if f == "summary":
			out[f] = it["summary"]
		elif f == "issuetype":
			i = 1 if it["subtask"] else 0
			out[f] = {"id": TYPE_IDS[i], "name": it["issuetype"],
			    "subtask": it["subtask"]}
		elif f == "resolution":
			out[f] = None if it["resolution"] is None else \
			    {"name": it["resolution"]}
		elif f == "labels":
			out[f] = list(it["labels"])
		elif f == "parent":
			if it["parent"] is not None:
				p = srv.store.by_key[it["parent"]]
				out[f] = {"id": p["id"], "key": p["key"],
				    "fields": {"summary": p["summary"]}}
		elif f == "project":
			out[f] = {"key": it["project"], "id": PROJECT_ID if
			    it["project"] == srv.opts.project else "0"}
		elif f == "priority":
			out[f] = None if it["priority"] is None else \
			    {"name": it["priority"]}
		elif f == "created":
			out[f] = it["created"]
		elif f in it["custom_fields"]:
			out[f] = it["custom_fields"][f]
	d["fields"] = out
	return d


def split_fields(vals):
	out = []
	for v in vals:
		for f in v.split(","):
			f = f.strip()
			if f != "":
				out.append(f)
	return out


def parse_int_param(name, s, lo, hi):
	if not isinstance(s, str) or _INT_RE.fullmatch(s.strip()) is None:
		raise Reject(400, jira_errors(["The value '%s' is invalid for %s."
		    % (s, name)]), "%s=%r is not an integer" % (name, s))
	v = int(s.strip())
	if v < lo or v > hi:
		raise Reject(400, jira_errors(["%s must be between %d and %d."
		    % (name, lo, hi)]), "%s=%d out of range" % (name, v))
	return v


def single(query, name):
	vals = query.get(name)
	if vals is None:
		return None
	if len(vals) > 1:
		raise Reject(400, jira_errors(["Parameter '%s' given %d times."
		    % (name, len(vals))]), "query parameter %s repeated" % name)
	return vals[0]


def search_params(srv, method, query, value, warnings):
	"""Normalised search parameters from the query (GET) or body (POST)."""
	cloud = srv.opts.mode == "cloud"
	p = {"jql": None, "fields": None, "max": 50, "token": None,
	    "start": 0, "reconcile": set()}
	if method == "GET":
		known = ("jql", "fields", "maxResults", "nextPageToken",
		    "reconcileIssues", "expand", "properties", "fieldsByKeys",
		    "failFast") if cloud else ("jql", "fields", "maxResults",
		    "startAt", "expand", "properties", "fieldsByKeys",
		    "validateQuery")
		for k in query:
			if k not in known:
				warnings.append("query parameter %r ignored" % k)
		p["jql"] = single(query, "jql")
		if "fields" in query:
			p["fields"] = split_fields(query["fields"])
		m = single(query, "maxResults")
		if m is not None:
			p["max"] = parse_int_param("maxResults", m, 1, MAX_RESULTS_MAX)
		if cloud:
			p["token"] = single(query, "nextPageToken")
			for v in query.get("reconcileIssues", []):
				for x in v.split(","):
					x = x.strip()
					if x != "":
						p["reconcile"].add(str(parse_int_param(
						    "reconcileIssues", x, 1, 10 ** 12)))
		else:
			s = single(query, "startAt")
			if s is not None:
				p["start"] = parse_int_param("startAt", s, 0, 10 ** 9)
		if "properties" in query and len(split_fields(
		    query["properties"])) > MAX_PROPERTIES:
			raise Reject(400, jira_errors(["At most 5 properties."]),
			    "too many properties")
		return p
	# POST
	if not isinstance(value, dict):
		raise Reject(400, jira_errors(["The request body must be a JSON "
		    "object."]), "search body is not an object")
	known = {"jql": str, "fields": list, "maxResults": int,
	    "expand": (str, list), "properties": list, "fieldsByKeys": bool}
	if cloud:
		known.update({"nextPageToken": (str, type(None)),
		    "reconcileIssues": list, "failFast": bool})
	else:
		known.update({"startAt": int, "validateQuery": (bool, str)})
	for k, v in value.items():
		if k not in known:
			raise Reject(400, jira_errors(["Unrecognized field \"%s\"" % k]),
			    "unknown search key %r" % k)
		t = known[k]
		if v is None and k != "nextPageToken":
			continue
		if not isinstance(v, t) or (t is int and type(v) is bool):
			raise Reject(400, jira_errors(["Invalid value for \"%s\"." % k]),
			    "search key %s has the wrong type %s" % (k,
			    type(v).__name__))
	p["jql"] = value.get("jql")
	if value.get("fields") is not None:
		if not all(isinstance(f, str) for f in value["fields"]):
			raise Reject(400, jira_errors(["fields must be strings."]),
			    "fields holds a non-string")
		p["fields"] = split_fields(value["fields"])
	if value.get("maxResults") is not None:
		p["max"] = parse_int_param("maxResults", str(value["maxResults"]),
		    1, MAX_RESULTS_MAX)
	if cloud:
		p["token"] = value.get("nextPageToken")
		r = value.get("reconcileIssues") or []
		if len(r) > MAX_RECONCILE or not all(type(x) is int for x in r):
			raise Reject(400, jira_errors(["reconcileIssues takes at most "
			    "50 issue ids (integers)."]), "bad reconcileIssues")
		p["reconcile"] = set(str(x) for x in r)
	elif value.get("startAt") is not None:
		p["start"] = parse_int_param("startAt", str(value["startAt"]), 0,
		    10 ** 9)
	if len(value.get("properties") or []) > MAX_PROPERTIES:
		raise Reject(400, jira_errors(["At most 5 properties."]),
		    "too many properties")
	return p


def do_search(srv, method, query, value, rec, warnings):
	"""Returns the reply object (200) or raises Reject."""
	cloud = srv.opts.mode == "cloud"
	store = srv.store
	p = search_params(srv, method, query, value, warnings)
	jql = p["jql"]
	rec["jql"] = jql
	if jql is None or jql.strip() == "":
		raise Reject(400, jira_errors([MSG_UNBOUNDED]), "JQL missing or empty")
	if len(jql) > MAX_JQL:
		raise Reject(400, jira_errors(["The JQL query is too long."]),
		    "JQL longer than %d characters" % MAX_JQL)
	try:
		clauses, order = jql_parse(jql)
	except JQLError as e:
		msg = jql_error_text(jql, e)
		raise Reject(400, jira_errors([msg]), msg)
	rec["jql_clauses"] = clauses
	if not jql_bounded(clauses):
		raise Reject(400, jira_errors([MSG_UNBOUNDED]),
		    "JQL has no project = / project IN clause")
	for c in clauses:
		if c["field"] == "project" and c["op"] in ("=", "in"):
			for v in c["values"]:
				if not v.get("empty") and v["value"].upper() != \
				    srv.opts.project and v["value"] != PROJECT_ID:
					warnings.append("JQL names project %r, not %s: no "
					    "results" % (v["value"], srv.opts.project))
	eff = min(p["max"], srv.opts.page_size)
	det = {"order_by": order, "fields": p["fields"], "max_results": eff,
	    "reconcile": sorted(p["reconcile"])}
	rec["search"] = det
	if cloud:
		if p["token"] is not None:
			ent = store.tokens.get(p["token"])
			if ent is None:
				raise Reject(400, jira_errors(["The provided next page token "
				    "is invalid or expired."]), "unknown nextPageToken %r"
				    % p["token"][:80])
			if ent["jql"] != jql:
				raise Reject(400, jira_errors(["The provided next page token "
				    "does not belong to this query."]),
				    "nextPageToken issued for another JQL")
			ids = ent["ids"]
			off = ent["offset"]
			det["hidden_by_lag"] = []
		else:
			found, hidden = run_query(srv, clauses, order, p["reconcile"])
			ids = [it["id"] for it in found]
			off = 0
			det["hidden_by_lag"] = hidden
		det["matches"] = len(ids)
		page = [store.by_id[i] for i in ids[off:off + eff]]
		bare = None if p["fields"] else srv.opts.bare_search
		out = {"issues": [issue_json(srv, it, p["fields"] or [], bare)
		    for it in page]}
		if off + eff < len(ids):
			tok = store.new_token({"jql": jql, "ids": ids,
			    "offset": off + eff})
			out["nextPageToken"] = tok
			out["isLast"] = False
			det["next_page_token"] = tok
		else:
			out["isLast"] = True
			det["next_page_token"] = None
		det["returned"] = [it["key"] for it in page]
		return out
	found, hidden = run_query(srv, clauses, order, set())
	det["hidden_by_lag"] = hidden
	det["matches"] = len(found)
	start = p["start"]
	page = found[start:start + eff]
	det["start_at"] = start
	det["total"] = len(found)
	det["returned"] = [it["key"] for it in page]
	return {"expand": "schema,names", "startAt": start, "maxResults": eff,
	    "total": len(found), "issues": [issue_json(srv, it,
	    p["fields"] if p["fields"] else ["*navigable"], None)
	    for it in page]}


# ---------------------------------------------------------------------------
# HTTP


def route(opts, method, path):
	"""Returns (endpoint, allowed methods)."""
	cp = opts.context_path
	if cp:
		if not path.startswith(cp + "/"):
			return "notfound", None
		path = path[len(cp):]
	if opts.mode == "cloud":
		if path == "/rest/api/3/search/jql":
			return "search", ("GET", "POST")
		if path == "/rest/api/3/issue":
			return "create", ("POST",)
		for v in ("2", "3", "latest"):
			if path in ("/rest/api/%s/search" % v,
			    "/rest/api/%s/search/id" % v,
			    "/rest/api/%s/expression/eval" % v):
				return "removed", None
		return "notfound", None
	if path == "/rest/api/2/search":
		return "search", ("GET", "POST")
	if path == "/rest/api/2/issue":
		return "create", ("POST",)
	return "notfound", None


class Handler(recvlib.Handler):
	server_version = "jira-receiver/1"
	tool_name = "jira_receiver"
	json_separators = (",", ":")
	json_content_type = "application/json;charset=UTF-8"
	log_cut = 200

	def _finish(self, rec, body, status, obj, extra_headers=()):
		srv = self.server
		errors = rec.setdefault("errors", [])
		rec.setdefault("warnings", [])
		n, verdict = self.count_request(errors)
		full = {"n": n, "time": time.time(), "mode": srv.opts.mode,
		    "method": getattr(self, "command", None),
		    "target": getattr(self, "path", None),
		    "version": getattr(self, "request_version", None),
		    "headers": self.headers_dict(),
		    "body_raw": body.decode("utf-8", errors="replace")}
		full.update(rec)
		full["verdict"] = verdict
		full["status"] = status
		full["reply"] = json.dumps(obj, separators=self.json_separators)
		self.save_request(n, body, full)
		self.note_request(n, status, errors)
		try:
			self.send_json(status, obj, extra_headers)
		except OSError as e:
			recvlib.log_event(srv.opts.out, "req-%d: reply failed: %s"
			    % (n, e))

	def send_error(self, code, message=None, explain=None):
		# Count and save the malformed request too.
		self.start_error()
		self.request_version = "HTTP/1.1"
		self._finish({"endpoint": "malformed",
		    "errors": ["http: %d %s" % (code, message or "")]}, b"", code,
		    jira_errors([message or "Bad request"]))

	def _auth_error(self):
		"""None when the one --auth credential is present, else why."""
		o = self.server.opts
		auth = self.headers.get_all("Authorization") or []
		if not auth:
			return "no Authorization header"
		if len(auth) > 1:
			return "Authorization header repeated"
		parts = auth[0].split(" ")
		if len(parts) != 2 or parts[1] == "":
			return "Authorization is not \"<scheme> <credentials>\" with " \
			    "one space"
		scheme, cred = parts
		if scheme.lower() != o.auth_scheme:
			return "Authorization scheme %r, expected %s" % (scheme[:20],
			    "Basic" if o.auth_scheme == "basic" else "Bearer")
		if o.auth_scheme == "bearer":
			return None if cred == o.auth_secret else "wrong bearer token"
		try:
			raw = base64.b64decode(cred.encode("ascii"), validate=True)
		except (binascii.Error, ValueError, UnicodeEncodeError):
			return "Basic credentials are not valid base64"
		if base64.b64encode(raw).decode("ascii") != cred:
			return "Basic credentials are not canonical base64"
		if raw != o.auth_secret.encode("utf-8"):
			return "wrong email:token in Basic credentials"
		return None

	def _content_type_error(self):
		"""None, or (status, reason)."""
		cts = self.headers.get_all("Content-Type") or []
		if len(cts) != 1:
			return 415, "Content-Type must be given once as application/json"
		parts = [p.strip() for p in cts[0].split(";")]
		media = parts[0].lower()
		if media != "application/json":
			simple = media in ("application/x-www-form-urlencoded",
			    "multipart/form-data", "text/plain", "")
			tok = self.headers.get_all("X-Atlassian-Token") or []
			if simple and tok != ["no-check"]:
				return 403, "Content-Type %r without X-Atlassian-Token: " \
				    "no-check (XSRF check failed)" % cts[0]
			return 415, "Content-Type %r is not application/json" % cts[0]
		for p in parts[1:]:
			if p.lower().startswith("charset=") and \
			    p[8:].strip("\"").lower() not in ("utf-8", "utf8"):
				return 415, "Content-Type charset %r is not UTF-8" % p
		return None

	def _base_url(self):
		hosts = self.headers.get_all("Host") or []
		host = hosts[0].strip() if len(hosts) == 1 and hosts[0].strip() \
		    else "127.0.0.1:%d" % self.server.port
		scheme = "https" if self.server.sslctx is not None else "http"
		return "%s://%s%s" % (scheme, host, self.server.opts.context_path)

	def handle_counted(self):
		srv = self.server
		opts = srv.opts
		errors = []
		warnings = []
		rec = {"errors": errors, "warnings": warnings, "body": None}
		body, st = self.read_length_body(errors)
		target = self.path
		path, sep, qs = target.partition("?")
		rec["path"] = path
		if st is not None:
			self._finish(rec, body, st, jira_errors([errors[0]]))
			return
		rec["query"], qerr = parse_query(qs if sep else None)
		if not srv.rate_limited and opts.rate_limit_once:
			srv.rate_limited = True
			errors.append("rate-limit-once: the first request gets 429")
			reset = time.strftime("%Y-%m-%dT%H:%M:%SZ",
			    time.gmtime(time.time() + 1))
			self._finish(rec, body, 429,
			    jira_errors(["Rate limit exceeded"]),
			    (("Retry-After", "1"), ("X-RateLimit-Limit", "100"),
			    ("X-RateLimit-Remaining", "0"), ("X-RateLimit-Reset", reset),
			    ("RateLimit-Reason", "jira-burst-based")))
			return
		endpoint, methods = route(opts, self.command, path)
		rec["endpoint"] = endpoint
		hosts = self.headers.get_all("Host") or []
		if len(hosts) != 1 or hosts[0].strip() == "":
			errors.append("HTTP/1.1 needs exactly one non-empty Host header")
			self._finish(rec, body, 400, jira_errors([errors[-1]]))
			return
		if self.request_version != "HTTP/1.1":
			warnings.append("request version %s" % self.request_version)
		if not path.startswith("/"):
			errors.append("request target %r is not origin-form" % target)
			self._finish(rec, body, 400, jira_errors([errors[-1]]))
			return
		why = self._auth_error()
		if why is not None:
			errors.append("auth: %s" % why)
			self._finish(rec, body, 401, jira_errors([MSG_UNAUTH]),
			    (("WWW-Authenticate", ("Basic realm=\"protected-area\"" if
			    opts.auth_scheme == "basic" else "Bearer realm=\"jira\"")),))
			return
		if endpoint == "notfound":
			errors.append("no such endpoint in %s mode: %s %s" % (opts.mode,
			    self.command, path))
			self._finish(rec, body, 404, jira_errors(["null for uri: %s"
			    % path]))
			return
		if endpoint == "removed":
			errors.append("removed API (CHANGE-2046): %s" % path)
			self._finish(rec, body, 410, jira_errors([MSG_GONE]))
			return
		if self.command not in methods:
			errors.append("method %s not allowed on %s" % (self.command,
			    path))
			self._finish(rec, body, 405, jira_errors(["Method Not Allowed"]),
			    (("Allow", ", ".join(methods)),))
			return
		if qerr is not None:
			errors.append(qerr)
			self._finish(rec, body, 400, jira_errors([qerr]))
			return
		value = None
		text = ""
		if self.command == "POST":
			ce = self._content_type_error()
			if ce is not None:
				errors.append(ce[1])
				self._finish(rec, body, ce[0], {"message": "XSRF check "
				    "failed"} if ce[0] == 403 else
				    jira_errors(["Unsupported Media Type"]))
				return
			if body == b"":
				errors.append("empty body")
				self._finish(rec, body, 400, jira_errors(["No content to map "
				    "to Object due to end of input"]))
				return
			value, why = jsonstrict.check_bytes(body)
			rec["body"] = value
			if why is not None:
				errors.append("body: %s" % why)
				self._finish(rec, body, 400, jira_errors(["Invalid JSON: %s"
				    % why]))
				return
			text = body.decode("utf-8")
		elif body:
			warnings.append("%s with a %d-byte body" % (self.command,
			    len(body)))
		srv.base_url = self._base_url()
		try:
			if endpoint == "search":
				srv.searches += 1
				obj = do_search(srv, self.command, rec["query"], value, rec,
				    warnings)
				self._finish(rec, body, 200, obj)
				return
			issue = validate_create(srv, value, text, errors, warnings, rec)
		except Reject as r:
			if r.reason not in errors:
				errors.append(r.reason)
			self._finish(rec, body, r.status, r.reply)
			return
		store = srv.store
		issue["number"] = store.next_num
		issue["key"] = "%s-%d" % (opts.project, store.next_num)
		store.next_num += 1
		now = time.time()
		issue["created"] = jira_time(now)
		issue["created_mono"] = time.monotonic()
		issue["seeded"] = False
		issue["request"] = srv.served + 1
		issue = store.add(issue)
		store.created += 1
		store.dump()
		rec["created"] = issue["key"]
		api = "3" if opts.mode == "cloud" else "2"
		self._finish(rec, body, 201, {"id": issue["id"], "key": issue["key"],
		    "self": "%s/rest/api/%s/issue/%s" % (srv.base_url, api,
		    issue["id"])})


def parse_args(argv):
	p = argparse.ArgumentParser(description="Jira Cloud/DC test receiver")
	recvlib.add_limit_args(p)
	p.add_argument("--mode", choices=("cloud", "datacenter"), default="cloud")
	p.add_argument("--auth")
	p.add_argument("--project", default="SOC")
	p.add_argument("--issue-types", default="Alert,Subalert")
	p.add_argument("--search-lag", type=float, default=0.0)
	p.add_argument("--rate-limit-once", action="store_true")
	p.add_argument("--seed")
	p.add_argument("--page-size", type=int, default=50)
	p.add_argument("--custom-fields", dest="cf_file", metavar="FILE")
	p.add_argument("--bare-search", choices=("id-key-self", "id"),
	    default="id-key-self")
	p.add_argument("--context-path", default="")
	recvlib.add_listen_args(p)
	o = p.parse_args(argv)
	recvlib.check_limit_args(p, o)
	if o.search_lag < 0 or o.search_lag > 3600:
		p.error("--search-lag must be 0..3600")
	if not 1 <= o.page_size <= MAX_RESULTS_MAX:
		p.error("--page-size must be 1..%d" % MAX_RESULTS_MAX)
	if _PROJECT_RE.fullmatch(o.project) is None:
		p.error("--project must be an upper-case project key")
	types = o.issue_types.split(",")
	if len(types) != 2 or any(t.strip() != t or t == "" for t in types) or \
	    types[0] == types[1]:
		p.error("--issue-types must be \"PARENT,SUBTASK\"")
	o.types = tuple(types)
	if o.auth is None:
		o.auth = "basic:soc@example.com:jira-test-token" if \
		    o.mode == "cloud" else "bearer:jira-test-pat"
	scheme, _, rest = o.auth.partition(":")
	if scheme == "basic":
		email, sep, token = rest.partition(":")
		if not sep or email == "" or token == "":
			p.error("--auth basic:EMAIL:TOKEN")
		o.auth_secret = "%s:%s" % (email, token)
	elif scheme == "bearer":
		if rest == "" or any(ch.isspace() for ch in rest):
			p.error("--auth bearer:PAT")
		o.auth_secret = rest
	else:
		p.error("--auth must be basic:EMAIL:TOKEN or bearer:PAT")
	o.auth_scheme = scheme
	if (o.mode == "cloud") != (scheme == "basic"):
		p.error("--mode cloud takes --auth basic:..., datacenter bearer:...")
	if o.context_path and (not o.context_path.startswith("/") or
	    o.context_path.endswith("/")):
		p.error("--context-path must look like /jira")
	recvlib.check_listen_args(p, o)
	o.custom_fields = None
	return p, o


def main(argv):
	p, opts = parse_args(argv)
	return run(p, opts, Store(opts))


def run(p, opts, store):
	os.makedirs(opts.out, exist_ok=True)
	try:
		if opts.cf_file:
			opts.custom_fields = load_custom_fields(opts.cf_file)
		if opts.seed:
			load_seed(opts, store)
	except (OSError, ValueError) as e:
		p.error(str(e))
	store.dump()
	srv = recvlib.listen(opts, Handler, "jira_receiver", store=store,
	    searches=0, rate_limited=False, base_url="")

	def on_exit():
		store.dump()
		return {"created": store.created, "searches": srv.searches,
		    "burned": store.burned, "issues": len(store.issues)}

	return recvlib.serve(srv, on_exit, catch_sigterm=True)


if __name__ == "__main__":
	sys.exit(main(sys.argv[1:]))
