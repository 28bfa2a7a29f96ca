/*
 * IRIS builder pieces: time, severity, Markdown escaping, options, IOCs,
 * the description's bounds, the source link.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "t.h"
#include "alert.h"
#include "iris.h"
#include "md.h"
#include "opts.h"

static void
test_time(void)
{
	static const struct {
		const char *in, *out;	/* out NULL: refused */
	} v[] = {
		{ "2022-05-11T12:29:19.905+0000", "2022-05-11T12:29:19.905+00:00" },
		{ "2024-01-15T10:30:45.123-0530", "2024-01-15T10:30:45.123-05:30" },
		{ "2024-01-15T10:30:45+02:00", "2024-01-15T10:30:45+02:00" },
		{ "2024-01-15T10:30:45Z", "2024-01-15T10:30:45Z" },
		{ "2024-01-15 10:30:45", "2024-01-15T10:30:45" },
		{ "2024-01-15T10:30:45", "2024-01-15T10:30:45" },
		{ "Unknown Timestamp", NULL }, { "", NULL },
		{ "2024-01-15T10:30:45.+0000", NULL },
		{ "2024-01-15T10:30:45+000", NULL },
		{ "2024-01-15T10:30:45+0000x", NULL },
		{ "2024-1-15T10:30:45+0000", NULL },
		{ "2024-01-15T10:30:45.1234567890+0000", NULL },
	};
	char store[64];
	struct buf b;
	size_t i;
	int rc;

	for (i = 0; i < sizeof v / sizeof v[0]; i++) {
		buf_init(&b, store, sizeof store);
		rc = iris_time(v[i].in, strlen(v[i].in), &b);
		if (v[i].out == NULL)
			T_EQ_INT(rc, -1, v[i].in);
		else {
			T_EQ_INT(rc, 0, v[i].in);
			T_EQ_STR(b.p, v[i].out, v[i].in);
		}
	}
}

static void
test_severity(void)
{
	static const int want[17] = { 2, 2, 2, 2, 2, 3, 3, 4, 4, 4, 5, 5, 5, 6, 6, 6, 6 };
	struct iris_conf c;
	struct opts o;
	char why[256];
	int l;

	memset(&o, 0, sizeof o);
	T_EQ_INT(iris_conf_load(&c, &o, why, sizeof why), 0, "defaults");
	for (l = 0; l <= 16; l++)
		T_EQ_INT(iris_severity(&c, l), want[l], "default level map");
	T_EQ_INT(iris_severity(&c, -5), 2, "below 0 clamps");
	T_EQ_INT(iris_severity(&c, 99), 6, "above 16 clamps");
	T_EQ_INT(c.customer_id, 1, "customer default");
	T_EQ_INT(c.status_id, 2, "status default");

	static const char map[] = "{\"severity_map\":{\"7\":4,\"12\":6}}";

	T_EQ_INT(opts_load_mem(&o, map, sizeof map - 1, why, sizeof why), 0,
	    "load map");
	T_EQ_INT(iris_conf_load(&c, &o, why, sizeof why), 0, "map ok");
	T_EQ_INT(iris_severity(&c, 3), 2, "below first key keeps default");
	T_EQ_INT(iris_severity(&c, 7), 4, "map 7");
	T_EQ_INT(iris_severity(&c, 11), 4, "map 11 from 7");
	T_EQ_INT(iris_severity(&c, 12), 6, "map 12");
	opts_free(&o);

	static const char *const bad[] = {
		"{\"severity_map\":[1,2]}", "{\"severity_map\":{\"x\":1}}",
		"{\"severity_map\":{\"17\":1}}", "{\"severity_map\":{\"3\":\"2\"}}",
		"{\"customer_id\":\"one\"}", "{\"customer_id\":0}",
		"{\"iocs\":1}", "{\"tags\":5}", "{\"source_link\":[]}",
	};
	size_t i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		T_EQ_INT(opts_load_mem(&o, bad[i], strlen(bad[i]), why, sizeof why),
		    0, bad[i]);
		T_EQ_INT(iris_conf_load(&c, &o, why, sizeof why), -1, bad[i]);
		T_OK(strstr(why, "options: \"") != NULL, "%s: names key: %s", bad[i], why);
		opts_free(&o);
	}
}

/* U+2060 WORD JOINER, as md_inline writes it. */
#define WJ	"\xe2\x81\xa0"

static void
test_md(void)
{
	static const struct {
		const char *in, *out;
	} v[] = {
		{ "plain text 1.2", "plain text 1.2" },
		{ "![x](http://e/t.png)", "\\!\\[x\\](http:" WJ "//e/t.png)" },
		{ "<script>", "\\<script\\>" },
		{ "a*b_c`d", "a\\*b\\_c\\`d" },
		{ "# head", "\\# head" },
		{ "- item", "\\- item" },
		{ "x - y", "x - y" },
		{ "line1\nline2\r\tz", "line1 line2  z" },
		{ "C:\\Windows", "C:\\\\Windows" },
		{ "a|b~c&d", "a\\|b\\~c\\&d" },
		{ "ctl\x01\x7f.", "ctl." },
		/* Autolinks: a word joiner breaks each pattern. */
		{ "see http://evil.example/x", "see http:" WJ "//evil.example/x" },
		{ "HTTPS://E ftp://f x:/y", "HTTPS:" WJ "//E ftp:" WJ "//f x:" WJ "/y" },
		{ "www.evil.example WwW.x wwww.y", "www" WJ ".evil.example WwW" WJ
		  ".x wwww" WJ ".y" },
		{ "root@evil.example", "root" WJ "@evil.example" },
		{ "mailto:a@b.c xmpp:a@b.c", "mailto:a" WJ "@b.c xmpp:a" WJ "@b.c" },
		{ "<http://e>", "\\<http:" WJ "//e\\>" },
		/* Line starts (here: b empty): list and setext marks. */
		{ "1. one", "1\\. one" },
		{ "12) x", "12\\) x" },
		{ "123456789. x", "123456789\\. x" },
		{ "1234567890. x", "1234567890. x" },
		{ "1.2.3.4", "1\\.2.3.4" },
		{ "  + x", "\\+ x" },
		{ "\n\t = x", "\\= x" },
		{ "    code", "code" },
		{ "a. b", "a. b" },
	};
	char store[256];
	struct buf b;
	size_t i;

	for (i = 0; i < sizeof v / sizeof v[0]; i++) {
		buf_init(&b, store, sizeof store);
		md_inline(&b, v[i].in, strlen(v[i].in));
		T_EQ_STR(b.p, v[i].out, v[i].in);
	}
	/* What b holds is the context: mid-line, and values side by side. */
	static const struct {
		const char *before, *in, *out;
	} ctx[] = {
		{ "- Source IP: ", "1.2.3.4", "- Source IP: 1.2.3.4" },
		{ "x ", "- y", "x - y" },
		{ "a\n  ", "- y", "a\n  \\- y" },
		{ "a\n", "2. y", "a\n2\\. y" },
		{ "see http:", "//evil", "see http:" WJ "//evil" },
		{ "ww", "w.evil", "www" WJ ".evil" },
		{ "www", ".evil", "www" WJ ".evil" },
		{ "root", "@evil.example", "root" WJ "@evil.example" },
	};

	for (i = 0; i < sizeof ctx / sizeof ctx[0]; i++) {
		buf_init(&b, store, sizeof store);
		buf_puts(&b, ctx[i].before);
		md_inline(&b, ctx[i].in, strlen(ctx[i].in));
		T_EQ_STR(b.p, ctx[i].out, ctx[i].in);
	}
	/* Two values side by side: "http:/" then "/evil". */
	buf_init(&b, store, sizeof store);
	md_inline(&b, "http:/", 6);
	md_inline(&b, "/evil", 5);
	T_EQ_STR(b.p, "http:" WJ "//evil", "values side by side");
	/* The growth bound is reached, not passed. */
	buf_init(&b, store, 4 * MD_INLINE_GROWTH + 1);
	md_inline(&b, "@@@@", 4);
	T_OK(!b.err && b.len == 4 * MD_INLINE_GROWTH, "growth: %zu", b.len);

	static const struct {
		const char *in, *out;
	} cb[] = {
		{ "a\r\nb", "```\na\nb\n```" },
		{ "x ``` y ````` z\n", "``````\nx ``` y ````` z\n``````" },
		/* Backticks over half of the text: tildes. */
		{ "`````", "~~~\n`````\n~~~" },
		{ "````~~~~~", "`````\n````~~~~~\n`````" },
		{ "`````~~~~", "~~~~~\n`````~~~~\n~~~~~" },
		{ "~", "```\n~\n```" },
		{ "", "```\n```" },
	};

	for (i = 0; i < sizeof cb / sizeof cb[0]; i++) {
		buf_init(&b, store, sizeof store);
		md_code_block(&b, cb[i].in, strlen(cb[i].in));
		T_EQ_STR(b.p, cb[i].out, cb[i].in);
		T_OK(b.len <= MD_CODE_BLOCK_MAX(strlen(cb[i].in)), "bound: %s",
		    cb[i].in);
	}
}

/* Build the body for a small alert and return the parsed IOC list text. */
static void
test_iocs(void)
{
	static const char alert[] =
	    "{\"rule\":{\"level\":5,\"id\":\"1\",\"description\":\"d\"},"
	    "\"agent\":{\"id\":\"001\",\"name\":\"n\",\"ip\":\"10.0.0.5\"},"
	    "\"id\":\"1.2\",\"data\":{\"srcip\":\"1.2.3.4\",\"dstip\":\"1.2.3.4\","
	    "\"url\":\"javascript:alert(1)\",\"hostname\":\"ok-host.example\"},"
	    "\"syscheck\":{\"md5_after\":\"D41D8CD98F00B204E9800998ECF8427E\","
	    "\"sha1_after\":\"xyz\"}}";
	struct alert a;
	struct iris_conf c;
	struct opts o;
	struct json js;
	char why[256], store[16384], v[128];
	struct buf b, vb;
	int iocs, k, e, t;

	memset(&o, 0, sizeof o);
	T_EQ_INT(alert_load_mem(&a, alert, sizeof alert - 1, "t", why, sizeof why),
	    ALERT_OK, "load");
	iris_conf_load(&c, &o, why, sizeof why);
	buf_init(&b, store, sizeof store);
	T_EQ_INT(iris_build(&a, &c, &b), 0, "build");
	T_EQ_INT(json_validate(b.p, b.len, NULL), JSON_OK, "valid");
	T_EQ_INT(json_parse_object(&js, b.p, b.len), JSON_OK, "reparse");
	iocs = json_obj_get(&js, 0, "alert_iocs");
	T_OK(iocs != -1 && js.t[iocs].size == 3, "three IOCs (dup srcip/dstip once, bad url and sha1 dropped)");
	static const char *const want[] = { "1.2.3.4", "ok-host.example",
	    "d41d8cd98f00b204e9800998ecf8427e" };
	for (k = 0; iocs != -1 && k < js.t[iocs].size && k < 3; k++) {
		e = json_arr_get(&js, iocs, k);
		t = json_obj_get(&js, e, "ioc_value");
		buf_init(&vb, v, sizeof v);
		json_get_str(&js, t, &vb);
		T_EQ_STR(vb.p, want[k], "ioc value");
	}
	t = json_path(&js, 0, "alert_assets.0.asset_ip");
	buf_init(&vb, v, sizeof v);
	json_get_text(&js, t, &vb);
	T_EQ_STR(vb.p, "10.0.0.5", "asset ip");
	t = json_path(&js, 0, "alert_severity_id");
	buf_init(&vb, v, sizeof v);
	json_get_text(&js, t, &vb);
	T_EQ_STR(vb.p, "3", "severity for level 5");
	json_free(&js);
	alert_free(&a);
}

static void
test_minimal_alert(void)
{
	static const char alert[] = "{\"rule\":{}}";
	struct alert a;
	struct iris_conf c;
	struct opts o;
	char why[256], store[8192];
	struct buf b;

	memset(&o, 0, sizeof o);
	T_EQ_INT(alert_load_mem(&a, alert, sizeof alert - 1, "t", why, sizeof why),
	    ALERT_OK, "load minimal");
	iris_conf_load(&c, &o, why, sizeof why);
	buf_init(&b, store, sizeof store);
	T_EQ_INT(iris_build(&a, &c, &b), 0, "build minimal");
	T_EQ_STR(b.p, "{\"alert_title\":\"Wazuh alert (rule unknown)\","
	    "\"alert_description\":\"\",\"alert_source\":\"Wazuh\","
	    "\"alert_severity_id\":2,\"alert_status_id\":2,\"alert_customer_id\":1,"
	    "\"alert_tags\":\"wazuh\",\"alert_note\":\"\",\"alert_context\":{},"
	    "\"alert_source_content\":{\"rule\":{}}}", "minimal body");
	buf_init(&b, store, 64);
	T_EQ_INT(iris_build(&a, &c, &b), -1, "overflow reported");
	alert_free(&a);
}

#define T_BODY_CAP	(1024 * 1024)

/*
 * Build the IRIS body for alert text (alen bytes) under options text
 * opts (NULL: none) into a body of cap bytes.  Returns iris_build's
 * result; when 0, the string at key (decoded) is in out, or "(none)".
 */
static int
t_iris(const char *alert, size_t alen, const char *opts, size_t cap,
    const char *key, char *out, size_t outcap)
{
	struct alert a;
	struct iris_conf c;
	struct opts o;
	struct json js;
	struct buf b, v;
	char why[256], *store;
	int rc, t;

	memset(&o, 0, sizeof o);
	snprintf(out, outcap, "(setup failed)");
	if ((store = malloc(cap)) == NULL)
		return -2;
	if (alert_load_mem(&a, alert, alen, "t", why, sizeof why) != ALERT_OK) {
		T_OK(0, "alert: %s", why);
		free(store);
		return -2;
	}
	if ((opts != NULL && opts_load_mem(&o, opts, strlen(opts), why,
	    sizeof why) != 0) || iris_conf_load(&c, &o, why, sizeof why) != 0) {
		T_OK(0, "options %s: %s", opts, why);
		alert_free(&a);
		free(store);
		return -2;
	}
	buf_init(&b, store, cap);
	if ((rc = iris_build(&a, &c, &b)) == 0) {
		T_EQ_INT(json_parse_object(&js, b.p, b.len), JSON_OK, "reparse");
		buf_init(&v, out, outcap);
		if ((t = json_obj_get(&js, 0, key)) == -1)
			buf_puts(&v, "(none)");
		else
			T_OK(json_get_text(&js, t, &v) == 0 && !v.err, "%s", key);
		json_free(&js);
	}
	if (opts != NULL)
		opts_free(&o);
	alert_free(&a);
	free(store);
	return rc;
}

/* Append n copies of c to b. */
static void
t_run(struct buf *b, int c, size_t n)
{
	while (n-- > 0)
		buf_putc(b, c);
}

/*
 * The description quotes full_log in a fence the log cannot close
 * (backticks, or tildes when backtick runs fill over half of the cut
 * log), and always ends with the fence and, when cut, the note: exact
 * bytes.
 */
static void
test_desc_log(void)
{
	/* log: runs of (char, count), cut: bytes kept, fence: its runs */
	static const struct {
		const char	*name;
		struct { char c; size_t n; } log[4];
		size_t		 reps;		/* log repeated */
		size_t		 cut;
		char		 fc;
		size_t		 fn;
	} v[] = {
		{ "40000 backticks", { { '`', 40000 } }, 1, 32768, '~', 3 },
		{ "40000 tildes", { { '~', 40000 } }, 1, 32768, '`', 3 },
		{ "both, 20000 each", { { '`', 20000 }, { '~', 20000 } }, 1,
		  32768, '~', 12769 },
		{ "both, alternating", { { '`', 100 }, { '~', 50 } }, 267, 32768,
		  '`', 101 },
		{ "backticks half of the cut", { { '`', 16384 }, { 'a', 20000 } },
		  1, 32768, '`', 16385 },
		{ "backticks over half of the cut", { { '`', 16385 },
		  { 'a', 20000 } }, 1, 32768, '~', 3 },
		{ "a long run past the cut", { { '~', 10 }, { 'a', 32750 },
		  { '`', 100 } }, 1, 32768, '`', 9 },
		{ "exactly the cut", { { '`', 32768 } }, 1, 32768, '~', 3 },
		{ "2-byte UTF-8 at the cut", { { 'a', 32767 }, { '\x01', 10 } },
		  1, 32767, '`', 3 },
		{ "3-byte UTF-8 at the cut", { { 'a', 32766 }, { '\x02', 1 } },
		  1, 32766, '`', 3 },
	};
	/*
	 * Every field at its longest, each byte growing most ("@"); MITRE
	 * entries are joined with ", " (each at most 1 KiB).
	 */
	static const struct {
		const char	*pre;
		char		 c;
		size_t		 n;
	} longest[] = {
		{ "{\"rule\":{\"id\":\"", '@', 2700 },
		{ "\",\"level\":\"", '@', 2700 },
		{ "\",\"description\":\"", '@', 2700 },
		{ "\",\"mitre\":{\"id\":[\"", '@', 1000 },
		{ "\",\"", '@', 1000 },
		{ "\",\"", '@', 1000 },
		{ "\"],\"tactic\":[\"", '@', 1000 },
		{ "\",\"", '@', 1000 },
		{ "\",\"", '@', 1000 },
		{ "\"],\"technique\":[\"", '@', 1000 },
		{ "\",\"", '@', 1000 },
		{ "\",\"", '@', 1000 },
		{ "\"]}},\"agent\":{\"id\":\"", '@', 2000 },
		{ "\",\"name\":\"", '@', 2000 },
		{ "\",\"ip\":\"", '@', 2000 },
		{ "\"},\"agentless\":{\"host\":\"", '@', 2700 },
		{ "\"},\"location\":\"", '@', 2700 },
		{ "\",\"data\":{\"srcip\":\"", '@', 2700 },
		{ "\"},\"syscheck\":{\"path\":\"", '@', 2700 },
		{ "\"},\"full_log\":\"", '`', 20000 },
		{ "", '~', 20000 },
	};
	struct buf lb, ab, wb;
	char *logs, *alert, *want, *got;
	size_t i, k, r, j, len;

	logs = malloc(2 * T_BODY_CAP);
	alert = malloc(2 * T_BODY_CAP);
	want = malloc(2 * T_BODY_CAP);
	got = malloc(T_BODY_CAP);
	if (logs == NULL || alert == NULL || want == NULL || got == NULL) {
		T_OK(0, "malloc");
		goto out;
	}
	for (i = 0; i < sizeof v / sizeof v[0]; i++) {
		buf_init(&lb, logs, 2 * T_BODY_CAP);
		for (r = 0; r < v[i].reps; r++)
			for (k = 0; k < 4 && v[i].log[k].n > 0; k++) {
				/* \x01: U+00E9 (2 bytes), \x02: U+20AC (3). */
				if (v[i].log[k].c == '\x01')
					for (j = 0; j < v[i].log[k].n; j++)
						buf_puts(&lb, "\xc3\xa9");
				else if (v[i].log[k].c == '\x02')
					for (j = 0; j < v[i].log[k].n; j++)
						buf_puts(&lb, "\xe2\x82\xac");
				else
					t_run(&lb, v[i].log[k].c, v[i].log[k].n);
			}
		len = lb.len;
		buf_init(&ab, alert, 2 * T_BODY_CAP);
		buf_puts(&ab, "{\"full_log\":\"");
		buf_put(&ab, lb.p, len);
		buf_puts(&ab, "\"}");
		buf_init(&wb, want, 2 * T_BODY_CAP);
		buf_puts(&wb, "- Full Log:\n\n");
		t_run(&wb, v[i].fc, v[i].fn);
		buf_putc(&wb, '\n');
		buf_put(&wb, lb.p, v[i].cut);
		buf_putc(&wb, '\n');
		t_run(&wb, v[i].fc, v[i].fn);
		if (v[i].cut < len)
			buf_printf(&wb, "\n\n(full log truncated to %zu of %zu "
			    "bytes; the whole alert is in the source content)",
			    v[i].cut, len);
		T_OK(!lb.err && !ab.err && !wb.err, "%s: setup", v[i].name);
		T_EQ_INT(t_iris(ab.p, ab.len, NULL, T_BODY_CAP,
		    "alert_description", got, T_BODY_CAP), 0, v[i].name);
		T_EQ_MEM(got, strlen(got), wb.p, wb.len, v[i].name);
	}

	/* The longest fields: the description still fits, fence and note. */
	buf_init(&ab, alert, 2 * T_BODY_CAP);
	for (i = 0; i < sizeof longest / sizeof longest[0]; i++) {
		buf_puts(&ab, longest[i].pre);
		t_run(&ab, longest[i].c, longest[i].n);
	}
	buf_puts(&ab, "\"}");
	T_EQ_INT(t_iris(ab.p, ab.len, NULL, T_BODY_CAP, "alert_description",
	    got, T_BODY_CAP), 0, "longest fields");
	buf_init(&wb, want, 2 * T_BODY_CAP);
	buf_puts(&wb, "- Rule ID: ");
	for (j = 0; j < 2048; j++)
		buf_puts(&wb, WJ "@");
	buf_puts(&wb, "...\n- Rule Level: ");
	T_OK(strncmp(got, wb.p, wb.len) == 0, "longest fields: first line");
	for (k = 0, j = 0; got[j] != '\0'; j++)
		k += got[j] == '\n' && strncmp(got + j + 1, "- ", 2) == 0;
	T_EQ_INT(k, 11, "longest fields: 12 lines");
	buf_init(&wb, want, 2 * T_BODY_CAP);
	buf_putc(&wb, '\n');
	t_run(&wb, '~', 12769);
	buf_puts(&wb, "\n\n(full log truncated to 32768 of 40000 bytes; the "
	    "whole alert is in the source content)");
	len = strlen(got);
	T_OK(len > wb.len && strcmp(got + len - wb.len, wb.p) == 0,
	    "longest fields: fence and note at the end");

	/*
	 * A description template: never cut; all of it, or no body.
	 * 60000 backticks escape to 120000 bytes.
	 */
	buf_init(&ab, alert, 2 * T_BODY_CAP);
	buf_puts(&ab, "{\"full_log\":\"");
	t_run(&ab, '`', 60000);
	buf_puts(&ab, "\"}");
	buf_init(&wb, want, 2 * T_BODY_CAP);
	buf_puts(&wb, "log: ");
	for (j = 0; j < 60000; j++)
		buf_puts(&wb, "\\`");
	T_EQ_INT(t_iris(ab.p, ab.len, "{\"description\": \"log: ${full_log}\"}",
	    T_BODY_CAP, "alert_description", got, T_BODY_CAP), 0,
	    "template description");
	T_EQ_MEM(got, strlen(got), wb.p, wb.len, "template description: whole");
	T_EQ_INT(t_iris(ab.p, ab.len, "{\"description\": \"log: ${full_log}\"}",
	    200000, "alert_description", got, T_BODY_CAP), -1,
	    "template description: no room is a failure, not a cut");
out:
	free(logs);
	free(alert);
	free(want);
	free(got);
}

/*
 * source_link: values percent-encoded (but a URL at offset 0), and the
 * link sent only as an http(s) URL with nothing to escape.
 */
static void
test_link(void)
{
	static const struct {
		const char *tmpl, *url, *want;
	} v[] = {
		{ "https://w/app?q=${data.x}", "-",
		  "https://w/app?q=%22%20onmouseover%3Dalert%281%29%20%27%3E" },
		{ "HTTPS://W/${data.x}", "-",
		  "HTTPS://W/%22%20onmouseover%3Dalert%281%29%20%27%3E" },
		{ "${data.url}", "https://ok.example/p?a=1&b=%41#f",
		  "https://ok.example/p?a=1&b=%41#f" },
		{ "${data.url}&id=${id}&x=${data.x}", "https://ok.example/p?a=1",
		  "https://ok.example/p?a=1&id=1.2&x=%22%20onmouseover%3Dalert"
		  "%281%29%20%27%3E" },
		{ "${data.url}", "javascript:alert(1)", "(none)" },
		{ "${data.url}", "https://x/\\\"onmouseover=1", "(none)" },
		{ "${data.url}", "https://x/'y", "(none)" },
		{ "${data.url}", "https://x/<a>", "(none)" },
		{ "${data.url}", "https://x/a b", "(none)" },
		{ "${data.url}", "https://x/%zz", "(none)" },
		{ "${data.url}", "https://x/%4", "(none)" },
		{ "${data.url}", "https://x/\xc3\xa9", "(none)" },
		{ "${data.url}", "https://", "(none)" },
		{ "${data.nope}", "-", "(none)" },
		{ "javascript:alert(${id})", "-", "(none)" },
		{ "x${data.url}", "https://ok.example/", "(none)" },
	};
	char alert[512], opts[256], got[512];
	size_t i;
	int n;

	for (i = 0; i < sizeof v / sizeof v[0]; i++) {
		n = snprintf(alert, sizeof alert, "{\"id\":\"1.2\",\"data\":{\"x\":"
		    "\"\\\" onmouseover=alert(1) '>\",\"url\":\"%s\"}}", v[i].url);
		snprintf(opts, sizeof opts, "{\"source_link\": \"%s\"}",
		    v[i].tmpl);
		T_EQ_INT(t_iris(alert, (size_t)n, opts, T_BODY_CAP,
		    "alert_source_link", got, sizeof got), 0, v[i].tmpl);
		T_EQ_STR(got, v[i].want, v[i].tmpl);
	}
}

/* IRIS ids are int32: 1..2147483647, both edges, for every id option. */
static void
test_ids(void)
{
	static const char *const keys[] = {
		"customer_id", "status_id", "ioc_tlp_id", "asset_type_id",
	};
	static const char *const bad[] = { "2147483648", "0", "-1",
	    "9223372036854775807" };
	struct iris_conf c;
	struct opts o;
	char text[128], why[256], want[128], got[64];
	long long *val[4];
	size_t i, k;

	for (i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		val[0] = &c.customer_id;
		val[1] = &c.status_id;
		val[2] = &c.ioc_tlp_id;
		val[3] = &c.asset_type_id;
		snprintf(text, sizeof text, "{\"%s\": 2147483647}", keys[i]);
		T_EQ_INT(opts_load_mem(&o, text, strlen(text), why, sizeof why),
		    0, text);
		T_EQ_INT(iris_conf_load(&c, &o, why, sizeof why), 0, text);
		T_EQ_INT(*val[i], 2147483647LL, text);
		opts_free(&o);
		snprintf(want, sizeof want, "options: \"%s\" must be an integer "
		    "from 1 to 2147483647", keys[i]);
		for (k = 0; k < sizeof bad / sizeof bad[0]; k++) {
			snprintf(text, sizeof text, "{\"%s\": %s}", keys[i], bad[k]);
			T_EQ_INT(opts_load_mem(&o, text, strlen(text), why,
			    sizeof why), 0, text);
			T_EQ_INT(iris_conf_load(&c, &o, why, sizeof why), -1, text);
			T_EQ_STR(why, want, text);
			opts_free(&o);
		}
	}
	/* The largest id reaches the body as it is. */
	T_EQ_INT(t_iris("{\"rule\":{}}", 11, "{\"customer_id\": 2147483647}",
	    T_BODY_CAP, "alert_customer_id", got, sizeof got), 0, "body");
}

int
main(void)
{
	test_time();
	test_severity();
	test_md();
	test_iocs();
	test_minimal_alert();
	test_desc_log();
	test_link();
	test_ids();
	return t_done();
}
