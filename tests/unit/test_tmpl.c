/*
 * Template engine: placeholders, fallbacks, types, each/as, hostile
 * alert text, bounds, tmpl_check messages and tmpl_render_text.  Every
 * rendered output is compared byte for byte and must pass json_validate.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "t.h"
#include "alert.h"
#include "json.h"
#include "opts.h"
#include "tmpl.h"
#include "webhook.h"

/*
 * The test alert.  "hostile" holds quotes, backslashes, control bytes,
 * a placeholder and "$$", U+00E9 and U+2028; "bad" an invalid raw UTF-8
 * byte and a lone surrogate escape; "evil" what would leave a URL's
 * query and attribute; "url" a URL.
 */
static const char t_alert[] =
	"{\"rule\":{\"level\":10,\"id\":\"5712\",\"mail\":false,"
	"\"firedtimes\":1.5e3,"
	"\"mitre\":{\"id\":[\"T1110\"],\"tactic\":[\"Credential Access\"],"
	"\"technique\":[\"Brute Force\"]},\"groups\":[\"syslog\",\"sshd\"]},"
	"\"agent\":{\"id\":\"000\",\"name\":\"web-01\",\"ip\":\"10.0.0.5\"},"
	"\"location\":\"/var/log/secure\",\"id\":\"1652272159.1549653\","
	"\"empty\":\"\",\"nul\":null,\"zero\":0,\"f\":false,"
	"\"obj\":{\"a\":1,\"b\":[true,null],\"c\":\"x\\\"y\"},"
	"\"hostile\":\"q\\\"b\\\\c\\u0001\\t${agent.name}$$ \\u00e9\\u2028\","
	"\"bad\":\"a\xff" "b\\ud800c\","
	"\"list\":[{\"x\":\"1\",\"y\":{\"z\":2}},{\"x\":\"two\"},{\"y\":3},\"s\"],"
	"\"nested\":[[1,2],[3],[]],\"words\":[\"a\",\"b\",\"c\"],"
	"\"dotkey\":{\"a.b\":1},\"emptyarr\":[],\"emptyobj\":{},"
	"\"evil\":\"\\\" onmouseover=alert(1) x&y=1#f\","
	"\"url\":\"https://ok.example/a?b=c\","
	"\"end\":1}";

/* The two reference alerts of tests/fixtures/alerts, byte for byte. */
static const char t_ssh[] =
	"{\"timestamp\":\"2022-05-11T12:29:19.905+0000\",\"rule\":{\"level\":10"
	",\"description\":\"sshd: brute force trying to get access to the syste"
	"m. Non existent user.\",\"id\":\"5712\",\"mitre\":{\"id\":[\"T1110\"],"
	"\"tactic\":[\"Credential Access\"],\"technique\":[\"Brute Force\"]},\""
	"frequency\":8,\"firedtimes\":1,\"mail\":false,\"groups\":[\"syslog\",\""
	"sshd\",\"authentication_failures\"],\"gdpr\":[\"IV_35.7.d\",\"IV_32.2\""
	"],\"hipaa\":[\"164.312.b\"],\"nist_800_53\":[\"SI.4\",\"AU.14\",\"AC.7"
	"\"],\"pci_dss\":[\"11.4\",\"10.2.4\",\"10.2.5\"],\"tsc\":[\"CC6.1\",\""
	"CC6.8\",\"CC7.2\",\"CC7.3\"]},\"agent\":{\"id\":\"000\",\"name\":\"loc"
	"alhost.localdomain\"},\"manager\":{\"name\":\"localhost.localdomain\"}"
	",\"id\":\"1652272159.1549653\",\"previous_output\":\"May 11 12:29:16 l"
	"ocalhost sshd[17582]: Invalid user paco from 172.17.1.1 port 56402\\nM"
	"ay 11 12:29:14 localhost sshd[17580]: Invalid user paco from 172.17.1."
	"1 port 56400\\nMay 11 12:29:11 localhost sshd[17578]: Invalid user pac"
	"o from 172.17.1.1 port 56398\\nMay 11 12:29:09 localhost sshd[17576]: "
	"Invalid user paco from 172.17.1.1 port 56396\\nMay 11 12:29:07 localho"
	"st sshd[17574]: Invalid user paco from 172.17.1.1 port 56394\\nMay 11 "
	"12:29:04 localhost sshd[17572]: Invalid user paco from 172.17.1.1 port"
	" 56392\\nMay 11 12:29:00 localhost sshd[17570]: Invalid user paco from"
	" 172.17.1.1 port 56390\",\"full_log\":\"May 11 12:29:18 localhost sshd"
	"[17584]: Invalid user paco from 172.17.1.1 port 56404\",\"predecoder\""
	":{\"program_name\":\"sshd\",\"timestamp\":\"May 11 12:29:18\",\"hostna"
	"me\":\"localhost\"},\"decoder\":{\"parent\":\"sshd\",\"name\":\"sshd\""
	"},\"data\":{\"srcip\":\"172.17.1.1\",\"srcport\":\"56404\",\"srcuser\""
	":\"paco\"},\"location\":\"/var/log/secure\"}";

static const char t_fim[] =
	"{\"timestamp\":\"2022-11-17T19:17:42.694+0200\",\"rule\":{\"level\":5,"
	"\"description\":\"File added to the system.\",\"id\":\"554\",\"firedti"
	"mes\":2,\"mail\":false,\"groups\":[\"ossec\",\"syscheck\",\"syscheck_e"
	"ntry_added\",\"syscheck_file\"],\"pci_dss\":[\"11.5\"],\"gpg13\":[\"4."
	"11\"],\"gdpr\":[\"II_5.1.f\"],\"hipaa\":[\"164.312.c.1\",\"164.312.c.2"
	"\"],\"nist_800_53\":[\"SI.7\"],\"tsc\":[\"PI1.4\",\"PI1.5\",\"CC6.1\","
	"\"CC6.8\",\"CC7.2\",\"CC7.3\"]},\"agent\":{\"id\":\"010\",\"name\":\"U"
	"buntu\",\"ip\":\"10.0.2.15\"},\"manager\":{\"name\":\"localhost.locald"
	"omain\"},\"id\":\"1668705462.50453\",\"full_log\":\"File '/media/user/"
	"software/suspicious-file.exe' added\\nMode: realtime\\n\",\"syscheck\""
	":{\"path\":\"/media/user/software/suspicious-file.exe\",\"mode\":\"rea"
	"ltime\",\"size_after\":\"0\",\"perm_after\":\"rw-r--r--\",\"uid_after\""
	":\"0\",\"gid_after\":\"0\",\"md5_after\":\"d41d8cd98f00b204e9800998ecf"
	"8427e\",\"sha1_after\":\"da39a3ee5e6b4b0d3255bfef95601890afd80709\",\""
	"sha256_after\":\"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca4959"
	"91b7852b855\",\"uname_after\":\"root\",\"gname_after\":\"root\",\"mtim"
	"e_after\":\"2022-11-17T19:17:42\",\"inode_after\":1704505,\"event\":\""
	"added\"},\"decoder\":{\"name\":\"syscheck_new_entry\"},\"location\":\""
	"syscheck\"}";

#define T_OUT_CAP	(256 * 1024)

/*
 * Parse template text tmpl, render it against a with pretty, and compare
 * with want (NULL: render must fail).  Successful output must validate.
 */
static void
t_render(const struct alert *a, const char *tmpl, int pretty, const char *want,
    size_t cap)
{
	struct json tj;
	struct buf b;
	struct jw w;
	char *out;
	int rc;

	if ((out = malloc(cap)) == NULL) {
		T_OK(0, "malloc");
		return;
	}
	if (json_parse(&tj, tmpl, strlen(tmpl)) != JSON_OK) {
		T_OK(0, "template does not parse: %s", tmpl);
		free(out);
		return;
	}
	buf_init(&b, out, cap);
	jw_init(&w, &b, pretty);
	rc = tmpl_render(&w, &tj, 0, a);
	if (want == NULL)
		T_EQ_INT(rc, -1, tmpl);
	else {
		T_EQ_INT(rc, 0, tmpl);
		T_EQ_MEM(b.p, b.len, want, strlen(want), tmpl);
		T_EQ_INT(json_validate(b.p, b.len, NULL), JSON_OK, tmpl);
	}
	json_free(&tj);
	free(out);
}

static int
t_load(struct alert *a, const char *text, size_t len)
{
	char why[256];

	if (alert_load_mem(a, text, len, "test", why, sizeof why) != ALERT_OK) {
		T_OK(0, "alert: %s", why);
		return -1;
	}
	return 0;
}

static void
test_render(void)
{
	static const struct {
		const char *tmpl, *out;
	} v[] = {
		/* A sole placeholder keeps the type. */
		{ "\"${rule.level}\"", "10" },
		{ "\"${rule.mitre.id}\"", "[\"T1110\"]" },
		{ "\"${obj}\"", "{\"a\":1,\"b\":[true,null],\"c\":\"x\\\"y\"}" },
		{ "\"${rule.mail}\"", "false" },
		{ "\"${agent.name}\"", "\"web-01\"" },
		{ "\"${rule.firedtimes}\"", "1.5e3" },
		{ "\"${zero}\"", "0" },
		{ "\"${f}\"", "false" },
		{ "\"${emptyarr}\"", "[]" },
		{ "\"${emptyobj}\"", "{}" },
		{ "\"${rule.mitre.id.0}\"", "\"T1110\"" },
		{ "\"${list.0.y.z}\"", "2" },
		{ "\"${ \\t rule.level \\n }\"", "10" },
		{ "\"\\u0024{rule.level}\"", "10" },	/* decoded first */
		/* Missing, null and "" all give null when sole. */
		{ "\"${no.such.path}\"", "null" },
		{ "\"${nul}\"", "null" },
		{ "\"${empty}\"", "null" },
		{ "\"${empty|nul}\"", "null" },
		{ "\"${dotkey.a.b}\"", "null" },
		{ "\"${rule.level.x}\"", "null" },
		/* Outside "each", "." is the alert's root. */
		{ "\"${.agent}\"",
		  "{\"id\":\"000\",\"name\":\"web-01\",\"ip\":\"10.0.0.5\"}" },
		{ "\"${.rule.level}\"", "10" },
		{ "\"${.no.such}\"", "null" },
		{ "\"${rule..level}\"", "null" },
		/* Fallbacks. */
		{ "\"${agent.ip|location|\\\"None\\\"}\"", "\"10.0.0.5\"" },
		{ "\"${agent.nope|location|\\\"None\\\"}\"", "\"/var/log/secure\"" },
		{ "\"${agent.nope|nolocation|\\\"None\\\"}\"", "\"None\"" },
		{ "\"${empty|nul|agent.name}\"", "\"web-01\"" },
		{ "\"${ empty | nul | rule.level }\"", "10" },
		{ "\"${\\\"lit\\\"}\"", "\"lit\"" },
		{ "\"${x|\\\"\\\"}\"", "\"\"" },
		{ "\"${x|\\\"a\\\\\\\"b\\\\\\\\c\\\"}\"", "\"a\\\"b\\\\c\"" },
		{ "\"${x|\\\"a|b}c ${d}\\\"}\"", "\"a|b}c ${d}\"" },
		{ "\"${x|\\\"a\\\\nb\\\"}\"", "\"a\\\\nb\"" },
		/* Mixed text. */
		{ "\"Agent ${agent.name} (${agent.ip|location|\\\"None\\\"})\"",
		  "\"Agent web-01 (10.0.0.5)\"" },
		{ "\"L${rule.level}/${rule.mitre.id}/${obj}\"",
		  "\"L10/[\\\"T1110\\\"]/{\\\"a\\\":1,\\\"b\\\":[true,null],"
		  "\\\"c\\\":\\\"x\\\\\\\"y\\\"}\"" },
		{ "\"x${missing}y${nul}z${empty}.${.agent.name}\"",
		  "\"xyz.web-01\"" },
		{ "\"${rule.level}${rule.level}\"", "\"1010\"" },
		{ "\"${rule.level} \"", "\"10 \"" },
		{ "\" ${rule.mail}\"", "\" false\"" },
		{ "\"n=${rule.firedtimes}\"", "\"n=1.5e3\"" },
		{ "\"${x|\\\"lit\\\"}!\"", "\"lit!\"" },
		{ "\"cost $$5 and $$${rule.level}\"", "\"cost $5 and $10\"" },
		{ "\"$${rule.level}\"", "\"${rule.level}\"" },
		{ "\"$$\"", "\"$\"" },
		{ "\"a $ b $x $\"", "\"a $ b $x $\"" },
		{ "\"$\"", "\"$\"" },
		{ "\"\"", "\"\"" },
		{ "\"plain\\ntext\\u0001\"", "\"plain\\ntext\\u0001\"" },
		/* Broken placeholders are text when the check was skipped. */
		{ "\"x ${agent.name\"", "\"x ${agent.name\"" },
		{ "\"${}\"", "\"${}\"" },
		{ "\"${a b} ${rule.level}\"", "\"${a b} 10\"" },
		{ "\"${\\\"x\\\"|a}\"", "\"${\\\"x\\\"|a}\"" },
		{ "\"${\\\"x\\\"|a}\"", "\"${\\\"x\\\"|a}\"" },
		/* URL-typed: text from http(s):// on has its values encoded. */
		{ "\"https://w/app?q=${evil}&id=${id}\"",
		  "\"https://w/app?q=%22%20onmouseover%3Dalert%281%29%20x%26y"
		  "%3D1%23f&id=1652272159.1549653\"" },
		{ "\"HTTP://w/${words}\"", "\"HTTP://w/%5B%22a%22%2C%22b%22%2C"
		  "%22c%22%5D\"" },
		{ "\"http://w/?h=${hostile}\"", "\"http://w/?h=q%22b%5Cc%01%09"
		  "%24%7Bagent.name%7D%24%24%20%C3%A9%E2%80%A8\"" },
		{ "\"https://w/?q=${x|\\\"a b\\\"}&$${evil}\"",
		  "\"https://w/?q=a b&${evil}\"" },
		{ "\"https://w/?u=${url}\"",
		  "\"https://w/?u=https%3A%2F%2Fok.example%2Fa%3Fb%3Dc\"" },
		/* A sole placeholder keeps its type; other text is not a URL. */
		{ "\"${url}\"", "\"https://ok.example/a?b=c\"" },
		{ "\"${url}&e=${evil}\"", "\"https://ok.example/a?b=c&e=\\\" "
		  "onmouseover=alert(1) x&y=1#f\"" },
		{ "\"see https://w/?q=${evil}\"", "\"see https://w/?q=\\\" "
		  "onmouseover=alert(1) x&y=1#f\"" },
		{ "\"ftp://w/${evil}\"", "\"ftp://w/\\\" onmouseover=alert(1) "
		  "x&y=1#f\"" },
		{ "{\"each\":\"${words}\",\"as\":\"https://w/${.}?${evil}\"}",
		  "[\"https://w/a?%22%20onmouseover%3Dalert%281%29%20x%26y%3D1%23f\","
		  "\"https://w/b?%22%20onmouseover%3Dalert%281%29%20x%26y%3D1%23f\","
		  "\"https://w/c?%22%20onmouseover%3Dalert%281%29%20x%26y%3D1%23f\"]" },
		{ "\"${\"", "\"${\"" },
		/* Hostile alert text: escaped once, never expanded. */
		{ "\"${hostile}\"",
		  "\"q\\\"b\\\\c\\u0001\\t${agent.name}$$ \xc3\xa9\\u2028\"" },
		{ "\"<${hostile}>\"",
		  "\"<q\\\"b\\\\c\\u0001\\t${agent.name}$$ \xc3\xa9\\u2028>\"" },
		{ "\"${bad}\"", "\"a\xef\xbf\xbd" "b\xef\xbf\xbd" "c\"" },
		{ "\"[${bad}]\"", "\"[a\xef\xbf\xbd" "b\xef\xbf\xbd" "c]\"" },
		/* Containers, scalars and keys of the template. */
		{ "{\"k\":[1,true,null,\"${rule.id}\",-2.5e-3],"
		  "\"n\":{\"deep\":\"${agent.id}\"}}",
		  "{\"k\":[1,true,null,\"5712\",-2.5e-3],\"n\":{\"deep\":\"000\"}}" },
		{ "{\"a\\\"b\\u0001${x}\":\"v\",\"\\u00e9\":1}",
		  "{\"a\\\"b\\u0001${x}\":\"v\",\"\xc3\xa9\":1}" },
		{ "[]", "[]" }, { "{}", "{}" }, { "42", "42" }, { "null", "null" },
		/* each/as */
		{ "{\"each\":\"${rule.mitre.id}\",\"as\":{\"value\":\"${.}\"}}",
		  "[{\"value\":\"T1110\"}]" },
		{ "{\"each\":\"${missing}\",\"as\":\"${.}\"}", "[]" },
		{ "{\"each\":\"${nul}\",\"as\":\"${.}\"}", "[]" },
		{ "{\"each\":\"${empty}\",\"as\":\"${.}\"}", "[]" },
		{ "{\"each\":\"${emptyarr}\",\"as\":\"${.}\"}", "[]" },
		{ "{\"each\":\"${agent.name}\",\"as\":{\"v\":\"${.}\"}}",
		  "[{\"v\":\"web-01\"}]" },
		{ "{\"each\":\"${rule.level}\",\"as\":\"${.}\"}", "[10]" },
		{ "{\"each\":\"${obj}\",\"as\":\"${.a}\"}", "[1]" },
		{ "{\"as\":\"${.}\",\"each\":\"${words}\"}", "[\"a\",\"b\",\"c\"]" },
		{ "{\"each\":\"${missing|rule.groups}\",\"as\":\"${.}\"}",
		  "[\"syslog\",\"sshd\"]" },
		{ "{\"each\":\"${list}\",\"as\":{\"x\":\"${.x}\","
		  "\"z\":\"${.y.z|\\\"-\\\"}\"}}",
		  "[{\"x\":\"1\",\"z\":2},{\"x\":\"two\",\"z\":\"-\"},"
		  "{\"x\":null,\"z\":\"-\"},{\"x\":null,\"z\":\"-\"}]" },
		{ "{\"each\":\"${words}\",\"as\":\"w=${.} n=${agent.name}\"}",
		  "[\"w=a n=web-01\",\"w=b n=web-01\",\"w=c n=web-01\"]" },
		{ "{\"each\":\"${words}\",\"as\":[\"${.}\",1]}",
		  "[[\"a\",1],[\"b\",1],[\"c\",1]]" },
		{ "{\"each\":\"${hostile}\",\"as\":\"${.}\"}",
		  "[\"q\\\"b\\\\c\\u0001\\t${agent.name}$$ \xc3\xa9\\u2028\"]" },
		/* Nested each: over the element, and over an absolute path. */
		{ "{\"each\":\"${nested}\",\"as\":{\"each\":\"${.}\",\"as\":\"${.}\"}}",
		  "[[1,2],[3],[]]" },
		{ "{\"each\":\"${list}\",\"as\":{\"each\":\"${.y}\",\"as\":\"${.}\"}}",
		  "[[{\"z\":2}],[],[3],[]]" },
		{ "{\"each\":\"${words}\",\"as\":{\"each\":\"${words}\","
		  "\"as\":\"${.}\"}}",
		  "[[\"a\",\"b\",\"c\"],[\"a\",\"b\",\"c\"],[\"a\",\"b\",\"c\"]]" },
		{ "{\"k\":{\"each\":\"${words}\",\"as\":{\"w\":\"${.}\"}}}",
		  "{\"k\":[{\"w\":\"a\"},{\"w\":\"b\"},{\"w\":\"c\"}]}" },
		/* Near misses are plain objects when the check was skipped. */
		{ "{\"each\":\"${words}\",\"x\":1}",
		  "{\"each\":[\"a\",\"b\",\"c\"],\"x\":1}" },
		{ "{\"each\":\"x${words}\",\"as\":1}", "[]" },
		{ "{\"each\":7,\"as\":1}", "[]" },
	};
	struct alert a;
	size_t i;

	if (t_load(&a, t_alert, sizeof t_alert - 1) == -1)
		return;
	for (i = 0; i < sizeof v / sizeof v[0]; i++)
		t_render(&a, v[i].tmpl, 0, v[i].out, T_OUT_CAP);
	/* Pretty output goes through the same writer. */
	t_render(&a, "{\"a\":\"${rule.mitre.id}\",\"b\":{\"each\":\"${words}\","
	    "\"as\":{\"w\":\"${.}\"}},\"c\":[]}", 2,
	    "{\n  \"a\": [\n    \"T1110\"\n  ],\n  \"b\": [\n    {\n"
	    "      \"w\": \"a\"\n    },\n    {\n      \"w\": \"b\"\n    },\n"
	    "    {\n      \"w\": \"c\"\n    }\n  ],\n  \"c\": []\n}", T_OUT_CAP);
	/* Output overflow is -1, for values and for mixed text. */
	t_render(&a, "\"${rule.mitre}\"", 0, NULL, 16);
	t_render(&a, "\"x${rule.mitre}\"", 0, NULL, 16);
	t_render(&a, "{\"each\":\"${words}\",\"as\":\"${.}\"}", 0, NULL, 8);
	t_render(&a, "\"${agent.name}\"", 0, "\"web-01\"", 9);
	t_render(&a, "\"${agent.name}\"", 0, NULL, 8);
	alert_free(&a);
}

/*
 * Mixed text longer than the first text scratch: it grows while the
 * output could still fit, and fails exactly when it cannot.
 */
static void
test_long_text(void)
{
	static const char pre[] = "{\"long\":\"", post[] = "\"}";
	struct alert a;
	char *text, *want;
	size_t n = 100000, i;

	text = malloc(n + sizeof pre + sizeof post);
	want = malloc(n + 8);
	if (text == NULL || want == NULL) {
		T_OK(0, "malloc");
		free(text);
		free(want);
		return;
	}
	memcpy(text, pre, sizeof pre - 1);
	for (i = 0; i < n; i++)
		text[sizeof pre - 1 + i] = (char)('a' + i % 26);
	memcpy(text + sizeof pre - 1 + n, post, sizeof post);
	if (t_load(&a, text, strlen(text)) == 0) {
		memcpy(want, "\"x", 2);
		memcpy(want + 2, text + sizeof pre - 1, n);
		memcpy(want + 2 + n, "\"", 2);
		/* n + 3 bytes of output, plus the NUL. */
		t_render(&a, "\"x${long}\"", 0, want, n + 4);
		t_render(&a, "\"x${long}\"", 0, NULL, n + 3);
		t_render(&a, "\"x${long}\"", 0, NULL, 5000);
		alert_free(&a);
	}
	free(text);
	free(want);
}

/* Alert {"big":[0,0,...]} with n elements. */
static int
t_big(struct alert *a, int n)
{
	char *s;
	size_t len = 0;
	int i, rc;

	if ((s = malloc(16 + 2 * (size_t)n)) == NULL)
		return -1;
	memcpy(s, "{\"big\":[", 8);
	len = 8;
	for (i = 0; i < n; i++) {
		if (i > 0)
			s[len++] = ',';
		s[len++] = '0';
	}
	memcpy(s + len, "]}", 2);
	len += 2;
	rc = t_load(a, s, len);
	free(s);
	return rc;
}

/* Expected output: [E,E,...] with n copies of e. */
static char *
t_rep(const char *e, int n)
{
	size_t el = strlen(e), len = 0;
	char *s;
	int i;

	if ((s = malloc(2 + (el + 1) * (size_t)n + 1)) == NULL)
		return NULL;
	s[len++] = '[';
	for (i = 0; i < n; i++) {
		if (i > 0)
			s[len++] = ',';
		memcpy(s + len, e, el);
		len += el;
	}
	s[len++] = ']';
	s[len] = '\0';
	return s;
}

static void
test_expansion(void)
{
	static const char one[] = "{\"each\":\"${big}\",\"as\":\"${.}\"}";
	static const char two[] = "{\"each\":\"${big}\",\"as\":"
	    "{\"each\":\"${big}\",\"as\":\"${.}\"}}";
	struct alert a;
	char *want, *inner;

	/* Exactly TMPL_MAX_EXPANSION elements render; one more fails. */
	if (t_big(&a, TMPL_MAX_EXPANSION) == 0) {
		want = t_rep("0", TMPL_MAX_EXPANSION);
		t_render(&a, one, 0, want, T_OUT_CAP);
		free(want);
		alert_free(&a);
	}
	if (t_big(&a, TMPL_MAX_EXPANSION + 1) == 0) {
		t_render(&a, one, 0, NULL, T_OUT_CAP);
		alert_free(&a);
	}
	/* Nested: 63 + 63 * 63 = 4032 fits, 64 + 64 * 64 does not. */
	if (t_big(&a, 63) == 0) {
		inner = t_rep("0", 63);
		want = inner != NULL ? t_rep(inner, 63) : NULL;
		if (want != NULL)
			t_render(&a, two, 0, want, T_OUT_CAP);
		free(inner);
		free(want);
		alert_free(&a);
	}
	if (t_big(&a, 64) == 0) {
		t_render(&a, two, 0, NULL, T_OUT_CAP);
		alert_free(&a);
	}
}

/*
 * tmpl_render_text, and tmpl_render_url (url): there values are
 * percent-encoded, but the one at offset 0 (the URL itself); literals
 * as written.
 */
static void
test_text(void)
{
	static const struct {
		int url;
		const char *tmpl, *out;	/* out NULL: -1 */
	} v[] = {
		{ 0,
		  "\"Agent ${agent.name} (${agent.ip|location|\\\"None\\\"})\"",
		  "Agent web-01 (10.0.0.5)" },
		{ 0, "\"https://w/app?id=${id}&x=$$1\"",
		  "https://w/app?id=1652272159.1549653&x=$1" },
		{ 0, "\"${rule.mitre.id}\"", "[\"T1110\"]" },
		{ 0, "\"${obj}\"",
		  "{\"a\":1,\"b\":[true,null],\"c\":\"x\\\"y\"}" },
		{ 0, "\"${rule.level}\"", "10" },
		{ 0, "\"${rule.mail}\"", "false" },
		{ 0, "\"${missing}\"", "" },
		{ 0, "\"${nul}\"", "" },
		{ 0, "\"${.agent.ip}\"", "10.0.0.5" },
		{ 0, "\"https://w/?q=${evil}\"",	/* never URL-typed */
		  "https://w/?q=\" onmouseover=alert(1) x&y=1#f" },
		{ 0, "\"${\\\"lit\\\"}\"", "lit" },
		{ 0, "\"${hostile}\"",
		  "q\"b\\c\x01\t${agent.name}$$ \xc3\xa9\xe2\x80\xa8" },
		{ 0, "\"${bad}\"", "a\xef\xbf\xbd" "b\xef\xbf\xbd" "c" },
		{ 0, "\"line\\nbreak ${x\"", "line\nbreak ${x" },
		{ 0, "42", NULL },
		{ 0, "{\"a\":\"${rule.level}\"}", NULL },
		{ 0, "[\"${rule.level}\"]", NULL },
		{ 1, "\"https://w/app?q=${evil}\"",
		  "https://w/app?q=%22%20onmouseover%3Dalert%281%29%20x%26y%3D1%23f" },
		{ 1, "\"${url}\"", "https://ok.example/a?b=c" },
		{ 1, "\"${url}&id=${id}&e=${evil}\"",
		  "https://ok.example/a?b=c&id=1652272159.1549653&e=%22%20onmouseover"
		  "%3Dalert%281%29%20x%26y%3D1%23f" },
		{ 1, "\"${nope|\\\"https://d.example/\\\"}x?e=${agent.name}"
		  "${words}\"",
		  "https://d.example/x?e=web-01%5B%22a%22%2C%22b%22%2C%22c%22%5D" },
		{ 1, "\"${evil}\"", "\" onmouseover=alert(1) x&y=1#f" },
		{ 1, "\" ${url}\"", " https%3A%2F%2Fok.example%2Fa%3Fb%3Dc" },
		{ 1, "\"x${url}\"", "xhttps%3A%2F%2Fok.example%2Fa%3Fb%3Dc" },
		{ 1, "\"$${url}${url}\"",
		  "${url}https%3A%2F%2Fok.example%2Fa%3Fb%3Dc" },
		{ 1, "\"https://w/?h=${hostile}\"", "https://w/?h=q%22b%5Cc%01%09"
		  "%24%7Bagent.name%7D%24%24%20%C3%A9%E2%80%A8" },
		{ 1, "\"https://w/?q=${missing}&r=${rule.level}\"",
		  "https://w/?q=&r=10" },
	};
	struct alert a;
	struct json tj;
	struct buf b;
	int (*render)(struct buf *, const struct json *, int,
	    const struct alert *);
	char out[512], small[8];
	size_t i;
	int rc;

	if (t_load(&a, t_alert, sizeof t_alert - 1) == -1)
		return;
	for (i = 0; i < sizeof v / sizeof v[0]; i++) {
		if (json_parse(&tj, v[i].tmpl, strlen(v[i].tmpl)) != JSON_OK) {
			T_OK(0, "template does not parse: %s", v[i].tmpl);
			continue;
		}
		render = v[i].url ? tmpl_render_url : tmpl_render_text;
		buf_init(&b, out, sizeof out);
		rc = render(&b, &tj, 0, &a);
		if (v[i].out == NULL)
			T_EQ_INT(rc, -1, v[i].tmpl);
		else {
			T_EQ_INT(rc, 0, v[i].tmpl);
			T_EQ_MEM(b.p, b.len, v[i].out, strlen(v[i].out),
			    v[i].tmpl);
			/* One byte short (the NUL): overflow, -1. */
			buf_init(&b, out, strlen(v[i].out));
			if (b.cap > 0)
				T_EQ_INT(render(&b, &tj, 0, &a), -1, v[i].tmpl);
		}
		json_free(&tj);
	}
	/* Appends to b; overflow is -1. */
	if (json_parse(&tj, "\"${agent.name}\"", 15) == JSON_OK) {
		buf_init(&b, out, sizeof out);
		buf_puts(&b, "X:");
		T_EQ_INT(tmpl_render_text(&b, &tj, 0, &a), 0, "append");
		T_EQ_STR(b.p, "X:web-01", "append");
		buf_init(&b, small, sizeof small);
		T_EQ_INT(tmpl_render_text(&b, &tj, 0, &a), 0, "fits");
		buf_init(&b, small, 6);
		T_EQ_INT(tmpl_render_text(&b, &tj, 0, &a), -1, "overflow");
		T_EQ_INT(tmpl_render_text(&b, &tj, 7, &a), -1, "bad token");
		json_free(&tj);
	}
	alert_free(&a);
}

/* Template {"each":"${a}","as":{"each":"${.}","as":...}} d levels deep. */
static char *
t_deep_each(int d)
{
	static const char first[] = "{\"each\":\"${a}\",\"as\":";
	static const char next[] = "{\"each\":\"${.}\",\"as\":";
	char *s;
	size_t len = 0;
	int i;

	if ((s = malloc(sizeof first + (size_t)d * (sizeof next + 1) + 8)) ==
	    NULL)
		return NULL;
	for (i = 0; i < d; i++) {
		memcpy(s + len, i == 0 ? first : next, sizeof next - 1);
		len += sizeof next - 1;
	}
	memcpy(s + len, "1", 1);
	len++;
	for (i = 0; i < d; i++)
		s[len++] = '}';
	s[len] = '\0';
	return s;
}

static void
test_check(void)
{
	static const struct {
		const char *tmpl, *why;	/* why NULL: valid */
	} v[] = {
		{ "\"${agent.ip|location|\\\"None\\\"}\"", NULL },
		{ "\"$$ $ $x ${a|b.c|\\\"c|}\\\"} ${ a } $\"", NULL },
		{ "\"${rule.mitre.id.0}\"", NULL },
		{ "[1,true,null,{\"a\":[]},\"x\"]", NULL },
		{ "{\"each\":\"${a}\",\"as\":{\"v\":\"${.}\",\"w\":\"${.x.y}\"}}",
		  NULL },
		{ "{\"each\":\"${a|b}\",\"as\":{\"k\":{\"each\":\"${.b}\","
		  "\"as\":\"${.}\"}}}", NULL },
		{ "\"None ${agent.ip\"",
		  "options: \"x\": unterminated ${ at offset 5" },
		{ "{\"customfield_10046\":\"${agent.ip|location\"}",
		  "options: \"x.customfield_10046\": unterminated ${ at offset 0" },
		{ "\"${x|\\\"abc}\"", "options: \"x\": unterminated ${ at offset 0" },
		{ "\"${a b\"", "options: \"x\": unterminated ${ at offset 0" },
		{ "\"${}\"", "options: \"x\": empty alternative in ${ at offset 0" },
		{ "\"ab${a||b}\"",
		  "options: \"x\": empty alternative in ${ at offset 2" },
		{ "\"${a|}\"", "options: \"x\": empty alternative in ${ at offset 0" },
		{ "\"${ }\"", "options: \"x\": empty alternative in ${ at offset 0" },
		{ "\"${\\\"x\\\"|a}\"",
		  "options: \"x\": quoted literal not last in ${ at offset 0" },
		{ "\"${a b}\"", "options: \"x\": expected | or } in ${ at offset 0" },
		{ "\"${\\\"x\\\" y}\"",
		  "options: \"x\": expected | or } in ${ at offset 0" },
		{ "\"${a${b}}\"", "options: \"x\": expected | or } in ${ at offset 0" },
		{ "\"${{a}}\"", "options: \"x\": expected | or } in ${ at offset 0" },
		{ "\"${a..b}\"",
		  "options: \"x\": empty path segment in ${ at offset 0" },
		{ "\"${a.}\"", "options: \"x\": empty path segment in ${ at offset 0" },
		{ "\"${..a}\"",
		  "options: \"x\": empty path segment in ${ at offset 0" },
		/* Outside "each", "." is the alert's root. */
		{ "\"${.}\"", NULL },
		{ "{\"a\":[1,\"ok ${b}\",\"${.c}\"]}", NULL },
		{ "\"${.|a|\\\"x\\\"}\"", NULL },
		{ "\"${.a..b}\"",
		  "options: \"x\": empty path segment in ${ at offset 0" },
		{ "{\"each\":\"${a}\"}", "options: \"x\": \"each\" without \"as\"" },
		{ "{\"each\":\"${a}\",\"each\":\"${b}\"}",
		  "options: \"x\": \"each\" without \"as\"" },
		{ "{\"each\":\"${a}\",\"as\":1,\"b\":2}",
		  "options: \"x\": \"each\" with keys other than \"as\"" },
		{ "{\"each\":1,\"as\":1}",
		  "options: \"x.each\": must be a string: one placeholder" },
		{ "{\"each\":\"x${a}\",\"as\":1}",
		  "options: \"x.each\": must be exactly one placeholder" },
		{ "{\"each\":\"${a}${b}\",\"as\":1}",
		  "options: \"x.each\": must be exactly one placeholder" },
		{ "{\"each\":\"$${a}\",\"as\":1}",
		  "options: \"x.each\": must be exactly one placeholder" },
		{ "{\"each\":\"${a|\\\"l\\\"}\",\"as\":1}",
		  "options: \"x.each\": takes paths, not a quoted literal" },
		{ "{\"each\":\"${a\",\"as\":1}",
		  "options: \"x.each\": unterminated ${ at offset 0" },
		{ "{\"each\":\"${.}\",\"as\":1}", NULL },
		{ "{\"f\":{\"each\":\"${a}\",\"as\":{\"v\":\"${.x|\"}}}",
		  "options: \"x.f.as.v\": unterminated ${ at offset 0" },
		{ "{\"k\\\"\\u0001\":\"${\"}",
		  "options: \"x.k\\\"\\u0001\": unterminated ${ at offset 0" },
	};
	char why[256], name[600], *s;
	struct json tj;
	size_t i;
	int rc;

	for (i = 0; i < sizeof v / sizeof v[0]; i++) {
		if (json_parse(&tj, v[i].tmpl, strlen(v[i].tmpl)) != JSON_OK) {
			T_OK(0, "template does not parse: %s", v[i].tmpl);
			continue;
		}
		strcpy(why, "-");
		rc = tmpl_check(&tj, 0, "x", why, sizeof why);
		if (v[i].why == NULL) {
			T_EQ_INT(rc, 0, v[i].tmpl);
			T_EQ_STR(why, "-", v[i].tmpl);
		} else {
			T_EQ_INT(rc, -1, v[i].tmpl);
			T_EQ_STR(why, v[i].why, v[i].tmpl);
		}
		json_free(&tj);
	}

	/* Paths: 512 bytes pass, 513 do not, nor does a 257-byte segment. */
	for (i = 0; i < 3; i++) {
		memset(name, 'a', sizeof name);
		memcpy(name, "\"${", 3);
		rc = i == 0 ? 512 : i == 1 ? 513 : 257;
		memcpy(name + 3 + rc, "}\"", 3);
		if (i < 2) {
			name[3 + 200] = '.';
			name[3 + 400] = '.';
		}
		if (json_parse(&tj, name, strlen(name)) != JSON_OK) {
			T_OK(0, "long path template");
			continue;
		}
		strcpy(why, "-");
		rc = tmpl_check(&tj, 0, "x", why, sizeof why);
		T_EQ_INT(rc, i == 0 ? 0 : -1, "path length");
		T_EQ_STR(why, i == 0 ? "-" : "options: \"x\": path too long in "
		    "${ at offset 0", "path length");
		json_free(&tj);
	}

	/* each/as nesting: TMPL_MAX_DEPTH levels, then one more. */
	for (i = 0; i < 2; i++) {
		if ((s = t_deep_each(TMPL_MAX_DEPTH + (int)i)) == NULL)
			continue;
		if (json_parse(&tj, s, strlen(s)) == JSON_OK) {
			rc = tmpl_check(&tj, 0, "x", why, sizeof why);
			T_EQ_INT(rc, i == 0 ? 0 : -1, "each depth");
			if (i == 1)
				T_OK(strstr(why, "\"each\" nested deeper "
				    "than 16") != NULL, "each depth: %s", why);
		} else
			T_OK(0, "deep each template");
		json_free(&tj);
		free(s);
	}

	/* Long key names are cut in the message; the name default. */
	if (json_parse(&tj, "{\"kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk"
	    "kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk\":\"${\"}", 91) == JSON_OK) {
		tmpl_check(&tj, 0, NULL, why, sizeof why);
		T_EQ_STR(why, "options: \"template.kkkkkkkkkkkkkkkkkkkkkkkkkkkk"
		    "kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk...\": unterminated ${ "
		    "at offset 0", "long key");
		rc = tmpl_check(&tj, 99, "x", why, sizeof why);
		T_EQ_INT(rc, -1, "bad t");
		T_EQ_STR(why, "options: \"x\": no template", "bad t");
		json_free(&tj);
	}
}

/* The Jira acceptance mapping over the two reference alerts. */
static const char t_jira[] =
	"{\"customfield_10045\": \"${agent.name}\","
	" \"customfield_10046\": \"${agent.ip|location|\\\"None\\\"}\","
	" \"customfield_10043\": "
	"\"https://wazuh.example/app/threat-hunting?id=${id}\","
	" \"customfield_10044\": \"${id}\","
	" \"customfield_10041\": \"${rule.level}\","
	" \"customfield_10055\": {\"each\": \"${rule.mitre.id}\","
	" \"as\": {\"value\": \"${.}\"}},"
	" \"customfield_10056\": {\"each\": \"${rule.mitre.technique}\","
	" \"as\": {\"value\": \"${.}\"}},"
	" \"customfield_10057\": {\"each\": \"${rule.mitre.tactic}\","
	" \"as\": {\"value\": \"${.}\"}}}";

static const char t_jira_ssh[] =
	"{\"customfield_10045\":\"localhost.localdomain\","
	"\"customfield_10046\":\"/var/log/secure\","
	"\"customfield_10043\":\"https://wazuh.example/app/threat-hunting"
	"?id=1652272159.1549653\","
	"\"customfield_10044\":\"1652272159.1549653\","
	"\"customfield_10041\":10,"
	"\"customfield_10055\":[{\"value\":\"T1110\"}],"
	"\"customfield_10056\":[{\"value\":\"Brute Force\"}],"
	"\"customfield_10057\":[{\"value\":\"Credential Access\"}]}";

static const char t_jira_fim[] =
	"{\"customfield_10045\":\"Ubuntu\","
	"\"customfield_10046\":\"10.0.2.15\","
	"\"customfield_10043\":\"https://wazuh.example/app/threat-hunting"
	"?id=1668705462.50453\","
	"\"customfield_10044\":\"1668705462.50453\","
	"\"customfield_10041\":5,"
	"\"customfield_10055\":[],"
	"\"customfield_10056\":[],"
	"\"customfield_10057\":[]}";

static void
test_jira(void)
{
	static const struct {
		const char *text, *file, *want;
		size_t len;
	} v[] = {
		{ t_ssh, "tests/fixtures/alerts/ssh-bruteforce-5712.json",
		  t_jira_ssh, sizeof t_ssh - 1 },
		{ t_fim, "tests/fixtures/alerts/fim-added-554.json", t_jira_fim,
		  sizeof t_fim - 1 },
	};
	struct json tj;
	struct alert a;
	char why[256];
	size_t i;

	if (json_parse(&tj, t_jira, sizeof t_jira - 1) != JSON_OK) {
		T_OK(0, "jira template");
		return;
	}
	T_EQ_INT(tmpl_check(&tj, 0, "fields", why, sizeof why), 0,
	    "jira check");
	json_free(&tj);
	for (i = 0; i < sizeof v / sizeof v[0]; i++) {
		if (t_load(&a, v[i].text, v[i].len) == 0) {
			t_render(&a, t_jira, 0, v[i].want, 4096);
			alert_free(&a);
		}
		/* The same from the fixture file. */
		T_OK(alert_load(&a, v[i].file, why, sizeof why) == ALERT_OK,
		    "%s: %s", v[i].file, why);
		if (a.text != NULL) {
			t_render(&a, t_jira, 0, v[i].want, 4096);
			alert_free(&a);
		}
	}
}

/* The README's webhook example: "${.}" outside "each" is the alert. */
static const char t_readme_webhook[] =
	"{\"format\": \"template\", \"body\": {\"text\": \"Wazuh ${rule.level}: "
	"${rule.description} on ${agent.name}\", \"alert\": \"${.}\"}, "
	"\"hmac_secret_file\": \"/var/ossec/etc/webhook.secret\"}";

static void
test_root(void)
{
	static const char head[] = "{\"text\":\"Wazuh 10: sshd: brute force "
	    "trying to get access to the system. Non existent user. on "
	    "localhost.localdomain\",\"alert\":";
	struct webhook_conf wc;
	struct opts o;
	struct alert a;
	struct buf b;
	char why[512], *out, *want;

	if ((out = malloc(T_OUT_CAP)) == NULL ||
	    (want = malloc(sizeof head + sizeof t_ssh + 1)) == NULL) {
		free(out);
		T_OK(0, "malloc");
		return;
	}
	memcpy(want, head, sizeof head - 1);
	memcpy(want + sizeof head - 1, t_ssh, sizeof t_ssh - 1);
	memcpy(want + sizeof head - 1 + sizeof t_ssh - 1, "}", 2);
	T_EQ_INT(opts_load_mem(&o, t_readme_webhook,
	    sizeof t_readme_webhook - 1, why, sizeof why), 0, "readme options");
	strcpy(why, "-");
	T_EQ_INT(webhook_conf_load(&wc, &o, 0, why, sizeof why), 0,
	    "readme webhook options load");
	T_EQ_STR(why, "-", "readme webhook options load");
	if (t_load(&a, t_ssh, sizeof t_ssh - 1) == 0) {
		buf_init(&b, out, T_OUT_CAP);
		T_EQ_INT(webhook_build(&a, &wc, &b), 0, "readme webhook body");
		T_EQ_MEM(b.p, b.len, want, strlen(want), "readme webhook body: "
		    "the alert whole under \"alert\"");
		/* "." and ".x" from the root, as sole and inside text. */
		t_render(&a, "[\"${.id}\",\"${.rule.mitre.id}\",\"i=${.id}\","
		    "\"${.nope|.agent.name}\"]", 0, "[\"1652272159.1549653\","
		    "[\"T1110\"],\"i=1652272159.1549653\",\"localhost.localdomain\"]",
		    4096);
		t_render(&a, "{\"each\":\"${.}\",\"as\":\"${.id}\"}", 0,
		    "[\"1652272159.1549653\"]", 4096);
		t_render(&a, "{\"each\":\"${.rule.groups}\",\"as\":[\"${.}\","
		    "\"${id}\"]}", 0, "[[\"syslog\",\"1652272159.1549653\"],"
		    "[\"sshd\",\"1652272159.1549653\"],[\"authentication_failures\","
		    "\"1652272159.1549653\"]]", 4096);
		alert_free(&a);
	}
	opts_free(&o);
	free(out);
	free(want);
}

int
main(void)
{
	test_render();
	test_long_text();
	test_expansion();
	test_text();
	test_check();
	test_jira();
	test_root();
	return t_done();
}
