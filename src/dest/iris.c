/* see iris.h */
#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "dest.h"
#include "iris.h"
#include "job.h"
#include "md.h"
#include "tmpl.h"
#include "verdict.h"

const char *const iris_keys[] = {
	"customer_id", "status_id", "source_link", "tags", "iocs", "assets",
	"asset_type_id", "severity_map", "ioc_tlp_id", "title", "description",
	"context", NULL
};

/* IRIS reference ids on a fresh install (destinations.md 2.3). */
#define IRIS_IOC_HOSTNAME	69
#define IRIS_IOC_IP_DST		77
#define IRIS_IOC_IP_SRC		79
#define IRIS_IOC_MD5		90
#define IRIS_IOC_SHA1		111
#define IRIS_IOC_SHA256		113
#define IRIS_IOC_URL		141
#define IRIS_ASSET_LINUX_SERVER	3
#define IRIS_ASSET_WINDOWS_COMPUTER 9

#define IRIS_TEXT_MAX		8192	/* one decoded alert field */
#define IRIS_MAX_IOCS		16
#define IRIS_DESC_FIELD_MAX	2048	/* bytes of one field in the description */
#define IRIS_URL_MAX		2048	/* a URL IOC or the source link */
#define IRIS_ID_MAX		2147483647LL	/* IRIS ids are int32 */

enum iris_check { IC_IP, IC_HOSTNAME, IC_URL, IC_HEX32, IC_HEX40, IC_HEX64 };

static const struct {
	const char	*path;
	int		 type_id;
	int		 check;
} iris_ioc_src[] = {
	{ "data.srcip",			IRIS_IOC_IP_SRC,	IC_IP },
	{ "data.dstip",			IRIS_IOC_IP_DST,	IC_IP },
	{ "data.url",			IRIS_IOC_URL,		IC_URL },
	{ "data.hostname",		IRIS_IOC_HOSTNAME,	IC_HOSTNAME },
	{ "syscheck.md5_after",		IRIS_IOC_MD5,		IC_HEX32 },
	{ "syscheck.sha1_after",	IRIS_IOC_SHA1,		IC_HEX40 },
	{ "syscheck.sha256_after",	IRIS_IOC_SHA256,	IC_HEX64 },
	/* VirusTotal integration feedback (rules 871xx) */
	{ "data.virustotal.source.md5",	IRIS_IOC_MD5,		IC_HEX32 },
	{ "data.virustotal.source.sha1", IRIS_IOC_SHA1,		IC_HEX40 },
};

/* Default level -> severity: <5 Informational, 5-6 Low, 7-9 Medium, 10-12 High, 13+ Critical. */
static void
iris_default_severity(int *sev)
{
	int l;

	for (l = 0; l < IRIS_LEVELS; l++)
		sev[l] = l < 5 ? 2 : l < 7 ? 3 : l < 10 ? 4 : l < 13 ? 5 : 6;
}

/*
 * severity_map: {"0": 2, "5": 3, "7": 4, "10": 5, "13": 6} - each key is
 * the lowest level that gets its value; levels below the smallest key
 * keep the default.
 */
static int
iris_severity_map(struct iris_conf *c, const struct opts *o, char *why, size_t cap)
{
	const struct json *js = &o->js;
	long long lvl, id;
	int m, i, k, l, set[IRIS_LEVELS];

	if ((m = opts_get(o, "severity_map")) == -1)
		return 0;
	if (!json_is_obj(js, m))
		goto bad;
	for (l = 0; l < IRIS_LEVELS; l++)
		set[l] = -1;
	i = m + 1;
	for (k = 0; k < js->t[m].size; k++) {
		if (json_get_int(js, i, 0, IRIS_LEVELS - 1, &lvl) == -1 ||
		    json_is_str(js, i + 1) ||
		    json_get_int(js, i + 1, 1, 1000000, &id) == -1)
			goto bad;
		set[lvl] = (int)id;
		if ((i = json_skip(js, i + 1)) == -1)
			goto bad;
	}
	for (l = 0, id = -1; l < IRIS_LEVELS; l++) {
		if (set[l] != -1)
			id = set[l];
		if (id != -1)
			c->severity[l] = (int)id;
	}
	return 0;
bad:
	snprintf(why, cap, "options: \"severity_map\" must be an object of "
	    "\"<lowest level 0-16>\": <severity id> pairs");
	return -1;
}

/* A template option: a string (text) or, when !text, an object. */
static int
iris_tmpl_opt(const struct opts *o, const char *key, int text, int *tok,
    char *why, size_t cap)
{
	int t;

	if ((t = opts_get(o, key)) == -1)
		return 0;
	if (text ? !json_is_str(&o->js, t) : !json_is_obj(&o->js, t)) {
		snprintf(why, cap, "options: \"%s\" must be %s (a template)", key,
		    text ? "a string" : "an object");
		return -1;
	}
	if (tmpl_check(&o->js, t, key, why, cap) == -1)
		return -1;
	*tok = t;
	return 0;
}

int
iris_conf_load(struct iris_conf *c, const struct opts *o, char *why, size_t cap)
{
	int t;

	memset(c, 0, sizeof *c);
	c->customer_id = 1;
	c->status_id = 2;
	c->ioc_tlp_id = 2;
	c->asset_type_id = -1;
	c->iocs = 1;
	c->assets = 1;
	c->opts = o;
	c->tags_tok = c->title_tok = c->desc_tok = c->link_tok = c->context_tok = -1;
	iris_default_severity(c->severity);

	if (opts_int(o, "customer_id", 1, IRIS_ID_MAX, &c->customer_id, why,
	    cap) == -1 ||
	    opts_int(o, "status_id", 1, IRIS_ID_MAX, &c->status_id, why,
	    cap) == -1 ||
	    opts_int(o, "ioc_tlp_id", 1, IRIS_ID_MAX, &c->ioc_tlp_id, why,
	    cap) == -1 ||
	    opts_int(o, "asset_type_id", 1, IRIS_ID_MAX, &c->asset_type_id, why,
	    cap) == -1 ||
	    opts_bool(o, "iocs", &c->iocs, why, cap) == -1 ||
	    opts_bool(o, "assets", &c->assets, why, cap) == -1)
		return -1;
	if (iris_tmpl_opt(o, "title", 1, &c->title_tok, why, cap) == -1 ||
	    iris_tmpl_opt(o, "description", 1, &c->desc_tok, why, cap) == -1 ||
	    iris_tmpl_opt(o, "source_link", 1, &c->link_tok, why, cap) == -1 ||
	    iris_tmpl_opt(o, "context", 0, &c->context_tok, why, cap) == -1)
		return -1;
	if ((t = opts_get(o, "tags")) != -1) {
		if (!json_is_str(&o->js, t) && !json_is_arr(&o->js, t)) {
			snprintf(why, cap, "options: \"tags\" must be a string or "
			    "an array of strings");
			return -1;
		}
		c->tags_tok = t;
	}
	return iris_severity_map(c, o, why, cap);
}

int
iris_severity(const struct iris_conf *c, long long level)
{
	if (level < 0)
		level = 0;
	if (level >= IRIS_LEVELS)
		level = IRIS_LEVELS - 1;
	return c->severity[level];
}

static int
iris_digits(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

int
iris_time(const char *s, size_t len, struct buf *out)
{
	size_t i, frac;

	/* YYYY-MM-DDTHH:MM:SS */
	if (len < 19 || !iris_digits(s, 4) || s[4] != '-' ||
	    !iris_digits(s + 5, 2) || s[7] != '-' || !iris_digits(s + 8, 2) ||
	    (s[10] != 'T' && s[10] != ' ') || !iris_digits(s + 11, 2) ||
	    s[13] != ':' || !iris_digits(s + 14, 2) || s[16] != ':' ||
	    !iris_digits(s + 17, 2))
		return -1;
	i = 19;
	frac = 0;
	if (i < len && s[i] == '.') {
		for (i++; i < len && s[i] >= '0' && s[i] <= '9'; i++)
			frac++;
		if (frac == 0 || frac > 9)
			return -1;
	}
	buf_put(out, s, 10);
	buf_putc(out, 'T');
	buf_put(out, s + 11, i - 11);
	if (i == len)
		return 0;		/* no offset: IRIS reads it as UTC */
	if (len - i == 1 && (s[i] == 'Z' || s[i] == 'z')) {
		buf_putc(out, 'Z');
		return 0;
	}
	if (s[i] != '+' && s[i] != '-')
		return -1;
	if (len - i == 5 && iris_digits(s + i + 1, 4)) {	/* +0000 */
		buf_put(out, s + i, 3);
		buf_putc(out, ':');
		buf_put(out, s + i + 3, 2);
		return 0;
	}
	if (len - i == 6 && iris_digits(s + i + 1, 2) && s[i + 3] == ':' &&
	    iris_digits(s + i + 4, 2)) {
		buf_put(out, s + i, 6);
		return 0;
	}
	return -1;
}

static int
iris_hostname_ok(const char *s, size_t n)
{
	size_t i, lab = 0;

	if (n == 0 || n > 253)
		return 0;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '.') {
			if (lab == 0 || s[i - 1] == '-')
				return 0;
			lab = 0;
			continue;
		}
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-'))
			return 0;
		if (c == '-' && lab == 0)
			return 0;
		if (++lab > 63)
			return 0;
	}
	return lab > 0 && s[n - 1] != '-';
}

/*
 * 1 if s[0..n) is an http:// or https:// URL of at most IRIS_URL_MAX
 * bytes of printable ASCII (an IOC).  strict (a link IRIS renders as
 * one): also nothing in it needs escaping - only RFC 3986 unreserved
 * and reserved characters but ', and % only in %XX.
 */
static int
iris_url_ok(const char *s, size_t n, int strict)
{
	static const char punct[] = "-._~:/?#[]@!$&()*+,;=";
	size_t i;
	unsigned char c;

	if (n > IRIS_URL_MAX)
		return 0;
	if (!(n > 7 && strncasecmp(s, "http://", 7) == 0) &&
	    !(n > 8 && strncasecmp(s, "https://", 8) == 0))
		return 0;
	for (i = 0; i < n; i++) {
		c = (unsigned char)s[i];
		if (c <= 0x20 || c >= 0x7f)
			return 0;
		if (!strict || isalnum(c) || strchr(punct, c) != NULL)
			continue;
		if (c != '%' || i + 2 >= n || !isxdigit((unsigned char)s[i + 1]) ||
		    !isxdigit((unsigned char)s[i + 2]))
			return 0;
	}
	return 1;
}

/* Lowercase hex of exactly n digits, folded in place. */
static int
iris_hex_ok(char *s, size_t len, size_t n)
{
	size_t i;

	if (len != n)
		return 0;
	for (i = 0; i < len; i++) {
		if (s[i] >= 'A' && s[i] <= 'F')
			s[i] = (char)(s[i] - 'A' + 'a');
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	}
	return 1;
}

static int
iris_ip_ok(const char *s)
{
	unsigned char addr[16];

	return inet_pton(AF_INET, s, addr) == 1 || inet_pton(AF_INET6, s, addr) == 1;
}

/* Validate (and normalize in place) an IOC candidate per IRIS's checks. */
static int
iris_ioc_ok(int check, struct buf *v)
{
	if (memchr(v->p, '\0', v->len) != NULL)
		return 0;
	switch (check) {
	case IC_IP:
		return v->len <= 45 && iris_ip_ok(v->p);
	case IC_HOSTNAME:
		return iris_hostname_ok(v->p, v->len) && !iris_ip_ok(v->p);
	case IC_URL:
		return iris_url_ok(v->p, v->len, 0);
	case IC_HEX32:
		return iris_hex_ok(v->p, v->len, 32);
	case IC_HEX40:
		return iris_hex_ok(v->p, v->len, 40);
	case IC_HEX64:
		return iris_hex_ok(v->p, v->len, 64);
	}
	return 0;
}

/* One tag: commas would split it in IRIS, so they become '_'; trimmed. */
static void
iris_tag(struct buf *tags, const char *s, size_t n)
{
	size_t i;

	while (n > 0 && (*s == ' ' || *s == '\t'))
		s++, n--;
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n == 0)
		return;
	if (tags->len > 0)
		buf_putc(tags, ',');
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		buf_putc(tags, c == ',' || c < 0x20 || c == 0x7f ? '_' : c);
	}
}

static void
iris_tags_from_token(struct buf *tags, const struct json *js, int t)
{
	char store[512];
	struct buf v;
	const char *p, *comma;
	int k, e;

	buf_init(&v, store, sizeof store);
	if (json_is_str(js, t)) {
		json_get_str(js, t, &v);
		for (p = v.p; !v.err; p = comma + 1) {
			comma = strchr(p, ',');
			iris_tag(tags, p, comma != NULL ? (size_t)(comma - p) : strlen(p));
			if (comma == NULL)
				break;
		}
		return;
	}
	if (!json_is_arr(js, t))
		return;
	for (k = 0, e = json_arr_first(js, t); e != -1 && k < 64;
	    k++, e = json_arr_next(js, t, e)) {
		buf_reset(&v);
		if (json_is_str(js, e) && json_get_str(js, e, &v) == 0 && !v.err)
			iris_tag(tags, v.p, v.len);
	}
}

/* Write key: "value" when the alert has a non-empty text at path. */
static void
iris_ctx_str(struct jw *w, const struct alert *a, const char *key,
    const char *path, struct buf *tmp)
{
	if (alert_text(a, path, tmp)) {
		jw_key(w, key);
		jw_strn(w, tmp->p, tmp->len);
	}
}

/* Join the strings of array at path with ", " into out. */
static int
iris_join(const struct alert *a, const char *path, struct buf *out)
{
	char store[1024];
	struct buf v;
	int arr, e;

	buf_reset(out);
	if ((arr = alert_get(a, path)) == -1 || !json_is_arr(&a->js, arr))
		return alert_text(a, path, out);
	buf_init(&v, store, sizeof store);
	/* One walk: the alert's array may hold 65,000 entries. */
	for (e = json_arr_first(&a->js, arr); e != -1 && !out->err;
	    e = json_arr_next(&a->js, arr, e)) {
		buf_reset(&v);
		if (json_get_text(&a->js, e, &v) == -1 || v.err || v.len == 0)
			continue;
		if (out->len > 0)
			buf_puts(out, ", ");
		buf_put(out, v.p, v.len);
	}
	return out->len > 0 && !out->err;
}

/*
 * The default description's lines, in order.  A NULL path is the agent
 * line (id, name, ip); join: an array's strings joined with ", ".
 */
static const struct {
	const char	*label;
	const char	*path;
	int		 join;
} iris_desc_src[] = {
	{ "Rule ID",		"rule.id",		0 },
	{ "Rule Level",		"rule.level",		0 },
	{ "Rule Description",	"rule.description",	0 },
	{ "Agent",		NULL,			0 },
	{ "Agentless Host",	"agentless.host",	0 },
	{ "MITRE IDs",		"rule.mitre.id",	1 },
	{ "MITRE Tactics",	"rule.mitre.tactic",	1 },
	{ "MITRE Techniques",	"rule.mitre.technique",	1 },
	{ "Location",		"location",		0 },
	{ "Source IP",		"data.srcip",		0 },
	{ "File",		"syscheck.path",	0 },
};
#define IRIS_DESC_LINES		(sizeof iris_desc_src / sizeof iris_desc_src[0])
#define IRIS_DESC_LABEL_MAX	16	/* longest label above */
/* "- " label ": " value (cut, escaped) "...\n" */
#define IRIS_DESC_LINE_MAX	(IRIS_DESC_LABEL_MAX + 8 + \
				MD_INLINE_GROWTH * IRIS_DESC_FIELD_MAX)
#define IRIS_DESC_NOTE_MAX	128	/* the truncation note */
/* "- Full Log:\n\n" block "\n" "\n" note */
#define IRIS_DESC_LOG_PART	(16 + MD_CODE_BLOCK_MAX(IRIS_DESC_LOG_MAX) + \
				IRIS_DESC_NOTE_MAX)
/* The whole default description, at most: it always fits this. */
#define IRIS_DESC_MAX		(IRIS_DESC_LINES * IRIS_DESC_LINE_MAX + \
				IRIS_DESC_LOG_PART)

/*
 * "- Label: value" line with the value cut at IRIS_DESC_FIELD_MAX bytes
 * (never inside a UTF-8 sequence, "..." marks the cut) and
 * Markdown-escaped; skipped if empty.  At most IRIS_DESC_LINE_MAX bytes.
 */
static void
iris_desc_line(struct buf *d, const char *label, const struct buf *v)
{
	size_t n = v->len;

	if (n == 0 || v->err)
		return;
	if (n > IRIS_DESC_FIELD_MAX) {
		n = IRIS_DESC_FIELD_MAX;
		while (n > 0 && ((unsigned char)v->p[n] & 0xc0) == 0x80)
			n--;
	}
	buf_printf(d, "- %s: ", label);
	md_inline(d, v->p, n);
	if (n < v->len)
		buf_puts(d, "...");
	buf_putc(d, '\n');
}

/* "001 web-01 (10.0.0.5)" into tmp; 0 without an agent id. */
static int
iris_desc_agent(const struct alert *a, struct buf *tmp, struct buf *tmp2)
{
	if (!alert_text(a, "agent.id", tmp))
		return 0;
	if (alert_text(a, "agent.name", tmp2)) {
		buf_putc(tmp, ' ');
		buf_put(tmp, tmp2->p, tmp2->len);
	}
	if (alert_text(a, "agent.ip", tmp2)) {
		buf_puts(tmp, " (");
		buf_put(tmp, tmp2->p, tmp2->len);
		buf_putc(tmp, ')');
	}
	return !tmp->err;
}

/*
 * The full log as a fenced block, cut at IRIS_DESC_LOG_MAX bytes (never
 * inside a UTF-8 sequence) with a note saying so: at most
 * IRIS_DESC_LOG_PART bytes, fence and note always whole (md_code_block
 * bounds the fence by the cut length).  Returns 0, or -1 out of memory.
 */
static int
iris_desc_log(const struct alert *a, struct buf *d)
{
	struct buf log;
	char *store;
	size_t n, cap;
	int t;

	if ((t = alert_get(a, "full_log")) == -1 || !json_is_str(&a->js, t))
		return 0;
	/* Decoded text is at most 3x the raw token (bytes -> U+FFFD). */
	cap = 3 * (size_t)(a->js.t[t].end - a->js.t[t].start) + 1;
	if ((store = malloc(cap)) == NULL)
		return -1;
	buf_init(&log, store, cap);
	if (json_get_str(&a->js, t, &log) == -1 || log.err) {
		free(store);
		return -1;
	}
	n = log.len;
	if (n > IRIS_DESC_LOG_MAX) {
		n = IRIS_DESC_LOG_MAX;
		while (n > 0 && ((unsigned char)log.p[n] & 0xc0) == 0x80)
			n--;
	}
	if (n > 0) {
		buf_puts(d, "- Full Log:\n\n");
		md_code_block(d, log.p, n);
		buf_putc(d, '\n');
		if (n < log.len)
			buf_printf(d, "\n(full log truncated to %zu of %zu "
			    "bytes; the whole alert is in the source "
			    "content)\n", n, log.len);
	}
	free(store);
	return 0;
}

/*
 * Write the default description to w as one JSON string: a Markdown
 * list of the alert's fields, then the full log.  Built whole in a
 * buffer it always fits (IRIS_DESC_MAX), so it is never cut; returns 0,
 * or -1 (out of memory, or the bound proved wrong: nothing written).
 */
static int
iris_description(const struct alert *a, struct jw *w, struct buf *tmp,
    struct buf *tmp2)
{
	struct buf d;
	char *store;
	size_t i;
	int ok;

	if ((store = malloc(IRIS_DESC_MAX)) == NULL)
		return -1;
	buf_init(&d, store, IRIS_DESC_MAX);
	for (i = 0; i < IRIS_DESC_LINES; i++) {
		if (iris_desc_src[i].path == NULL)
			ok = iris_desc_agent(a, tmp, tmp2);
		else if (iris_desc_src[i].join)
			ok = iris_join(a, iris_desc_src[i].path, tmp);
		else
			ok = alert_text(a, iris_desc_src[i].path, tmp);
		if (ok)
			iris_desc_line(&d, iris_desc_src[i].label, tmp);
	}
	if (iris_desc_log(a, &d) == -1 || d.err) {
		free(store);
		return -1;
	}
	/* No trailing newline. */
	while (d.len > 0 && d.p[d.len - 1] == '\n')
		buf_truncate(&d, d.len - 1);
	jw_strn(w, d.p, d.len);
	free(store);
	return 0;
}

static void
iris_iocs(struct jw *w, const struct alert *a, const struct iris_conf *c,
    struct buf *v)
{
	char seen[IRIS_MAX_IOCS][72];
	int nseen = 0, opened = 0, k, j, dup;
	size_t i;

	for (i = 0; i < sizeof iris_ioc_src / sizeof iris_ioc_src[0]; i++) {
		if (!alert_text(a, iris_ioc_src[i].path, v) || v->err ||
		    !iris_ioc_ok(iris_ioc_src[i].check, v))
			continue;
		/* The same value twice (srcip == dstip) once only. */
		for (k = 0, dup = 0; k < nseen; k++)
			if (strcmp(seen[k], v->p) == 0)
				dup = 1;
		if (dup)
			continue;
		if (nseen < IRIS_MAX_IOCS && v->len < sizeof seen[0]) {
			memcpy(seen[nseen], v->p, v->len + 1);
			nseen++;
		}
		if (!opened) {
			jw_key(w, "alert_iocs");
			jw_arr(w);
			opened = 1;
		}
		jw_obj(w);
		jw_key(w, "ioc_value");
		jw_strn(w, v->p, v->len);
		jw_key(w, "ioc_type_id");
		jw_int(w, iris_ioc_src[i].type_id);
		jw_key(w, "ioc_tlp_id");
		jw_int(w, c->ioc_tlp_id);
		jw_key(w, "ioc_description");
		j = (int)strlen(iris_ioc_src[i].path);
		buf_reset(v);
		buf_printf(v, "%.*s from Wazuh alert", j, iris_ioc_src[i].path);
		jw_strn(w, v->p, v->len);
		jw_key(w, "ioc_tags");
		jw_str(w, "wazuh");
		jw_end(w);
	}
	if (opened)
		jw_end(w);
}

static void
iris_assets(struct jw *w, const struct alert *a, const struct iris_conf *c,
    struct buf *v)
{
	char desc[64];
	long long type = c->asset_type_id;

	if (!alert_text(a, "agent.name", v) || v->err)
		return;
	jw_key(w, "alert_assets");
	jw_arr(w);
	jw_obj(w);
	jw_key(w, "asset_name");
	jw_strn(w, v->p, v->len);
	if (type == -1) {
		type = IRIS_ASSET_LINUX_SERVER;
		if ((alert_text(a, "decoder.name", v) &&
		    strncmp(v->p, "windows", 7) == 0) ||
		    (alert_text(a, "location", v) && strcmp(v->p, "EventChannel") == 0))
			type = IRIS_ASSET_WINDOWS_COMPUTER;
	}
	jw_key(w, "asset_type_id");
	jw_int(w, type);
	if (alert_text(a, "agent.ip", v) && !v->err && v->len <= 45 &&
	    iris_ip_ok(v->p)) {
		jw_key(w, "asset_ip");
		jw_strn(w, v->p, v->len);
	}
	if (alert_text(a, "agent.id", v) && !v->err) {
		snprintf(desc, sizeof desc, "Wazuh agent %.40s", v->p);
		jw_key(w, "asset_description");
		jw_str(w, desc);
	}
	jw_key(w, "asset_tags");
	jw_str(w, "wazuh");
	jw_end(w);
	jw_end(w);
}

static void
iris_context(struct jw *w, const struct alert *a, struct buf *v)
{
	long long level;
	int t;
	static const struct {
		const char *key, *path;
	} strs[] = {
		{ "rule_id", "rule.id" }, { "agent_id", "agent.id" },
		{ "agent_name", "agent.name" }, { "agent_ip", "agent.ip" },
		{ "manager", "manager.name" }, { "location", "location" },
		{ "decoder", "decoder.name" }, { "alert_id", "id" },
	};
	static const struct {
		const char *key, *path;
	} arrs[] = {
		{ "rule_groups", "rule.groups" }, { "mitre_ids", "rule.mitre.id" },
		{ "mitre_tactics", "rule.mitre.tactic" },
		{ "mitre_techniques", "rule.mitre.technique" },
	};
	size_t i;

	jw_key(w, "alert_context");
	jw_obj(w);
	for (i = 0; i < sizeof strs / sizeof strs[0]; i++)
		iris_ctx_str(w, a, strs[i].key, strs[i].path, v);
	if ((t = alert_get(a, "rule.level")) != -1 &&
	    json_get_int(&a->js, t, -1000000, 1000000, &level) == 0) {
		jw_key(w, "rule_level");
		jw_int(w, level);
	}
	for (i = 0; i < sizeof arrs / sizeof arrs[0]; i++)
		if ((t = alert_get(a, arrs[i].path)) != -1 && json_is_arr(&a->js, t)) {
			jw_key(w, arrs[i].key);
			jw_token(w, &a->js, t);
		}
	jw_end(w);
}

/*
 * A text template into v (cleared): NUL, lone surrogates and invalid
 * UTF-8 were already replaced by the decoder.  Returns v's length, or
 * 0 when empty or too long.
 */
static size_t
iris_tmpl_text(const struct alert *a, const struct iris_conf *c, int tok,
    struct buf *v)
{
	buf_reset(v);
	if (tmpl_render_text(v, &c->opts->js, tok, a) == -1 || v->err) {
		buf_reset(v);
		return 0;
	}
	return v->len;
}

/*
 * The source_link template in URL mode (tmpl_render_url) into v
 * (cleared).  Returns v's length, or 0 (v empty) unless it is an
 * http(s) URL with nothing to escape (iris_url_ok strict): no
 * javascript:, no quote to leave an attribute with.
 */
static size_t
iris_link(const struct alert *a, const struct iris_conf *c, struct buf *v)
{
	buf_reset(v);
	if (tmpl_render_url(v, &c->opts->js, c->link_tok, a) == -1 || v->err ||
	    !iris_url_ok(v->p, v->len, 1)) {
		buf_reset(v);
		return 0;
	}
	return v->len;
}

int
iris_build(const struct alert *a, const struct iris_conf *c, struct buf *body)
{
	char s1[IRIS_TEXT_MAX], s2[IRIS_TEXT_MAX];
	char tstore[2048];
	struct buf v, v2, tags;
	struct jw w;
	long long level = 0;
	int t, mitre;

	buf_init(&v, s1, sizeof s1);
	buf_init(&v2, s2, sizeof s2);
	jw_init(&w, body, 0);
	jw_obj(&w);

	jw_key(&w, "alert_title");
	if (c->title_tok != -1 && iris_tmpl_text(a, c, c->title_tok, &v) > 0)
		jw_strn(&w, v.p, v.len);
	else if (alert_text(a, "rule.description", &v) && !v.err)
		jw_strn(&w, v.p, v.len);
	else {
		alert_text(a, "rule.id", &v);
		buf_reset(&v2);
		buf_printf(&v2, "Wazuh alert (rule %.64s)", v.len > 0 ? v.p : "unknown");
		jw_strn(&w, v2.p, v2.len);
	}

	jw_key(&w, "alert_description");
	if (c->desc_tok != -1) {
		if (tmpl_render_str(&w, &c->opts->js, c->desc_tok, a,
		    md_inline) == -1)
			return -1;
	} else if (iris_description(a, &w, &v, &v2) == -1)
		return -1;

	jw_key(&w, "alert_source");
	jw_str(&w, "Wazuh");
	if (alert_text(a, "id", &v) && !v.err) {
		jw_key(&w, "alert_source_ref");
		jw_strn(&w, v.p, v.len);
	}
	if (c->link_tok != -1 && iris_link(a, c, &v) > 0) {
		jw_key(&w, "alert_source_link");
		jw_strn(&w, v.p, v.len);
	}
	if (alert_text(a, "timestamp", &v) && !v.err) {
		buf_reset(&v2);
		if (iris_time(v.p, v.len, &v2) == 0 && !v2.err) {
			jw_key(&w, "alert_source_event_time");
			jw_strn(&w, v2.p, v2.len);
		}
	}
	if ((t = alert_get(a, "rule.level")) != -1)
		json_get_int(&a->js, t, -1000000, 1000000, &level);
	jw_key(&w, "alert_severity_id");
	jw_int(&w, iris_severity(c, level));
	jw_key(&w, "alert_status_id");
	jw_int(&w, c->status_id);
	jw_key(&w, "alert_customer_id");
	jw_int(&w, c->customer_id);

	buf_init(&tags, tstore, sizeof tstore);
	iris_tag(&tags, "wazuh", 5);
	if (alert_text(a, "agent.name", &v) && !v.err)
		iris_tag(&tags, v.p, v.len);
	if (alert_text(a, "rule.id", &v) && !v.err) {
		buf_reset(&v2);
		buf_printf(&v2, "rule-%.64s", v.p);
		iris_tag(&tags, v2.p, v2.len);
	}
	if ((mitre = alert_get(a, "rule.mitre.id")) != -1)
		iris_tags_from_token(&tags, &a->js, mitre);
	if (c->tags_tok != -1)
		iris_tags_from_token(&tags, &c->opts->js, c->tags_tok);
	jw_key(&w, "alert_tags");
	jw_strn(&w, tags.p, tags.len);

	jw_key(&w, "alert_note");
	jw_str(&w, "");
	if (c->context_tok != -1) {
		jw_key(&w, "alert_context");
		if (tmpl_render(&w, &c->opts->js, c->context_tok, a) == -1)
			return -1;
	} else
		iris_context(&w, a, &v);
	jw_key(&w, "alert_source_content");
	jw_token(&w, &a->js, 0);
	if (c->iocs)
		iris_iocs(&w, a, c, &v);
	if (c->assets)
		iris_assets(&w, a, c, &v);
	jw_end(&w);
	return jw_ok(&w) ? 0 : -1;
}

/* --- the destination interface (dest.h) ----------------------------------- */

struct iris_dconf {
	struct iris_conf conf;
	char		 auth[ARGS_MAX_SECRET + 16];	/* "Bearer KEY" */
};

static int
iris_dload(struct conf *c, char *why, size_t cap)
{
	struct iris_dconf *d;

	if ((d = calloc(1, sizeof *d)) == NULL) {
		snprintf(why, cap, "out of memory");
		return -1;
	}
	c->dconf = d;
	if (iris_conf_load(&d->conf, &c->opts, why, cap) == -1)
		return -1;
	if (c->dry_run)
		return 0;
	if (c->api_key[0] == '\0') {
		snprintf(why, cap, "no API key: set <api_key> or the api_key_file "
		    "option (IRIS: My settings > API key)");
		return -1;
	}
	if (dest_bearer(c->api_key, d->auth, sizeof d->auth) == -1) {
		snprintf(why, cap, "API key too long");
		return -1;
	}
	return 0;
}

static void
iris_dunload(struct conf *c)
{
	if (c->dconf != NULL)
		explicit_bzero(c->dconf, sizeof(struct iris_dconf));
	free(c->dconf);
	c->dconf = NULL;
}

static int
iris_dbuild(const struct conf *c, struct job *j, struct buf *b)
{
	const struct iris_dconf *d = c->dconf;

	return iris_build(&j->alert, &d->conf, b);
}

static int
iris_drequest(const struct conf *c, struct job *j, struct dest_req *rq,
    struct verdict *v)
{
	const struct iris_dconf *d = c->dconf;
	struct buf *b;

	if ((b = job_body(j)) == NULL || iris_build(&j->alert, &d->conf, b) == -1) {
		verdict_fail(v, W_INTERNAL, "request body too large");
		return -1;
	}
	rq->method = "POST";
	/* A base URL ("https://iris/" or no path) gets the alerts endpoint. */
	rq->path = strcmp(c->url.path, "/") == 0 ? "/alerts/add" : NULL;
	rq->content_type = "application/json";
	rq->body = b;
	rq->hdrs[0].name = "Authorization";
	rq->hdrs[0].value = d->auth;
	rq->nhdrs = 1;
	rq->secret = 1;
	return 0;
}

const struct dest dest_iris = {
	"iris", iris_keys, 1, 0, iris_dload, iris_dunload, dest_begin_none,
	iris_dbuild, iris_drequest, dest_judge_http, dest_end_none
};
