/* see jira.h */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <bearssl_hash.h>

#include "b64.h"
#include "conf.h"
#include "dest.h"
#include "file.h"
#include "jira.h"
#include "job.h"
#include "json.h"
#include "log.h"
#include "net.h"
#include "tmpl.h"
#include "verdict.h"

const char *const jira_keys[] = {
	"api", "project", "issue_type", "subtask_type", "group_by", "fields",
	"summary", "labels", "parent_cache_seconds", "state_file", NULL
};

/* Fields the flow owns; "fields" may not set them. */
static const char *const jira_reserved_fields[] = {
	"project", "issuetype", "summary", "parent", "labels", NULL
};

static int
jira_is_reserved(const char *k)
{
	size_t i;

	for (i = 0; jira_reserved_fields[i] != NULL; i++)
		if (strcmp(jira_reserved_fields[i], k) == 0)
			return 1;
	return 0;
}

static int
jira_ends_with(const char *s, const char *suf)
{
	size_t n = strlen(s), m = strlen(suf);

	return n >= m && strcasecmp(s + n - m, suf) == 0;
}

/* 1 if s holds a byte below 0x20 or 0x7f. */
static int
jira_has_ctl(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 1;
	return 0;
}

/* Length of the project key at the start of k ([A-Z][A-Z0-9_]*), or 0. */
static size_t
jira_project_len(const char *k)
{
	size_t i = 0;

	if (k[0] < 'A' || k[0] > 'Z')
		return 0;
	while ((k[i] >= 'A' && k[i] <= 'Z') || (k[i] >= '0' && k[i] <= '9') ||
	    k[i] == '_')
		i++;
	return i;
}

int
jira_conf_load(struct jira_conf *c, const struct opts *o,
    const struct url *base, char *why, size_t cap)
{
	const struct json *js = &o->js;
	char api[32], group[32], kstore[128], nstore[160];
	struct buf kb, nb;
	size_t n;
	int t, k, i, e;

	memset(c, 0, sizeof *c);
	c->opts = o;
	c->fields_tok = c->summary_tok = c->labels_tok = -1;
	c->cache_ttl = 300;
	snprintf(c->issue_type, sizeof c->issue_type, "Alert");
	snprintf(c->subtask_type, sizeof c->subtask_type, "Subalert");
	c->cloud = jira_ends_with(base->host, ".atlassian.net") ||
	    strcasecmp(base->host, "api.atlassian.com") == 0;
	/* The base path: a Data Center context path such as /jira. */
	n = base->pathlen;
	if (n > sizeof c->base - 1)
		n = sizeof c->base - 1;
	memcpy(c->base, base->path, n);
	c->base[n] = '\0';
	while (n > 0 && c->base[n - 1] == '/')
		c->base[--n] = '\0';

	if (opts_str(o, "project", c->project, sizeof c->project, why, cap) == -1 ||
	    opts_str(o, "issue_type", c->issue_type, sizeof c->issue_type, why, cap) == -1 ||
	    opts_str(o, "subtask_type", c->subtask_type, sizeof c->subtask_type, why, cap) == -1 ||
	    opts_str(o, "state_file", c->state_file, sizeof c->state_file, why, cap) == -1 ||
	    opts_int(o, "parent_cache_seconds", 0, 86400, &c->cache_ttl, why, cap) == -1)
		return -1;
	if (c->project[0] == '\0') {
		snprintf(why, cap, "options: \"project\" is required for Jira "
		    "(the project key, e.g. \"SOC\")");
		return -1;
	}
	/* It goes into JQL and the create body: a project key, nothing else. */
	if (!jira_project_ok(c->project)) {
		snprintf(why, cap, "options: \"project\" must be a Jira project "
		    "key (an uppercase letter, then uppercase letters, digits or "
		    "'_', e.g. \"SOC\")");
		return -1;
	}
	if (c->issue_type[0] == '\0' || c->subtask_type[0] == '\0' ||
	    jira_has_ctl(c->issue_type) || jira_has_ctl(c->subtask_type)) {
		snprintf(why, cap, "options: \"issue_type\" and \"subtask_type\" "
		    "must be issue type names (not empty, no control bytes)");
		return -1;
	}
	switch (opts_str(o, "api", api, sizeof api, why, cap)) {
	case -1:
		return -1;
	case 1:
		if (strcmp(api, "cloud") == 0)
			c->cloud = 1;
		else if (strcmp(api, "datacenter") == 0)
			c->cloud = 0;
		else {
			snprintf(why, cap, "options: \"api\" must be \"cloud\" or "
			    "\"datacenter\"");
			return -1;
		}
	}
	c->group_by = JIRA_GROUP_SUMMARY;
	switch (opts_str(o, "group_by", group, sizeof group, why, cap)) {
	case -1:
		return -1;
	case 1:
		if (strcmp(group, "summary") == 0)
			c->group_by = JIRA_GROUP_SUMMARY;
		else if (strcmp(group, "rule") == 0)
			c->group_by = JIRA_GROUP_RULE;
		else if (strcmp(group, "none") == 0)
			c->group_by = JIRA_GROUP_NONE;
		else {
			snprintf(why, cap, "options: \"group_by\" must be "
			    "\"summary\", \"rule\" or \"none\"");
			return -1;
		}
	}
	if ((t = opts_get(o, "summary")) != -1) {
		if (!json_is_str(js, t)) {
			snprintf(why, cap, "options: \"summary\" must be a string "
			    "(a template)");
			return -1;
		}
		if (tmpl_check(js, t, "summary", why, cap) == -1)
			return -1;
		c->summary_tok = t;
	}
	if ((t = opts_get(o, "labels")) != -1) {
		if (!json_is_arr(js, t))
			goto badlabels;
		for (e = json_arr_first(js, t); e != -1; e = json_arr_next(js, t, e)) {
			buf_init(&kb, kstore, sizeof kstore);
			if (!json_is_str(js, e) || json_get_str(js, e, &kb) == -1 ||
			    kb.err || kb.len == 0 || strpbrk(kb.p, " \t\r\n") != NULL)
				goto badlabels;
		}
		c->labels_tok = t;
	}
	if ((t = opts_get(o, "fields")) != -1) {
		if (!json_is_obj(js, t)) {
			snprintf(why, cap, "options: \"fields\" must be an object of "
			    "Jira fields (templates allowed)");
			return -1;
		}
		i = t + 1;
		for (k = 0; k < js->t[t].size; k++) {
			buf_init(&kb, kstore, sizeof kstore);
			json_get_str(js, i, &kb);
			if (jira_is_reserved(kb.p)) {
				snprintf(why, cap, "options: \"fields.%s\" is set by "
				    "wazuh-relay (use the \"project\", \"summary\", "
				    "\"labels\" or \"issue_type\" options)", kb.p);
				return -1;
			}
			buf_init(&nb, nstore, sizeof nstore);
			buf_printf(&nb, "fields.%s", kb.p);
			if (tmpl_check(js, i + 1, nb.p, why, cap) == -1)
				return -1;
			if ((i = json_skip(js, i + 1)) == -1)
				break;
		}
		c->fields_tok = t;
	}
	return 0;
badlabels:
	snprintf(why, cap, "options: \"labels\" must be an array of non-empty "
	    "strings without spaces");
	return -1;
}

int
jira_project_ok(const char *k)
{
	size_t n = jira_project_len(k);

	return n > 0 && k[n] == '\0';
}

int
jira_key_ok(const char *k)
{
	size_t i = jira_project_len(k), d;

	if (i == 0 || k[i] != '-' || i >= JIRA_KEY_MAX - 20)
		return 0;
	for (d = 0, i++; k[i] >= '0' && k[i] <= '9'; i++)
		d++;
	return k[i] == '\0' && d >= 1 && d <= 18;
}

size_t
jira_utf16_prefix(const char *s, size_t len, size_t max)
{
	size_t i = 0, n, units = 0;
	unsigned cp;

	while (i < len) {
		n = utf8_next(s + i, len - i, &cp);
		/* Supplementary characters are a surrogate pair in UTF-16. */
		if (units + (cp > 0xFFFF ? 2 : 1) > max)
			break;
		units += cp > 0xFFFF ? 2 : 1;
		i += n;
	}
	return i;
}

/* Control bytes become spaces; leading and trailing spaces go. */
static void
jira_one_line(struct buf *out)
{
	size_t i, lead;

	for (i = 0; i < out->len; i++)
		if ((unsigned char)out->p[i] < 0x20 || out->p[i] == 0x7f)
			out->p[i] = ' ';
	for (lead = 0; lead < out->len && out->p[lead] == ' '; lead++)
		;
	if (lead > 0) {
		memmove(out->p, out->p + lead, out->len - lead);
		buf_truncate(out, out->len - lead);
	}
	while (out->len > 0 && out->p[out->len - 1] == ' ')
		buf_truncate(out, out->len - 1);
}

void
jira_summary(const struct alert *a, const struct jira_conf *c, struct buf *out)
{
	char idstore[64];
	struct buf id;
	size_t n;

	buf_reset(out);
	if (c->summary_tok != -1)
		tmpl_render_text(out, &c->opts->js, c->summary_tok, a);
	else
		alert_text(a, "rule.description", out);
	if (out->err)
		out->err = 0;	/* keep what fit; cut below */
	jira_one_line(out);
	if (out->len == 0) {
		buf_init(&id, idstore, sizeof idstore);
		alert_text(a, "rule.id", &id);
		buf_printf(out, "Wazuh alert (rule %.40s)", id.len > 0 ? id.p : "unknown");
		jira_one_line(out);	/* the rule id is alert text too */
	}
	n = jira_utf16_prefix(out->p, out->len, JIRA_SUMMARY_MAX);
	buf_truncate(out, n);
}

void
jira_jql_quote(struct buf *b, const char *s, size_t len)
{
	size_t i;

	buf_putc(b, '"');
	for (i = 0; i < len; i++) {
		if (s[i] == '"' || s[i] == '\\')
			buf_putc(b, '\\');
		buf_putc(b, s[i]);
	}
	buf_putc(b, '"');
}

void
jira_rule_label(const char *rule_id, struct buf *b)
{
	size_t i;

	buf_puts(b, "wazuh-rule-");
	for (i = 0; rule_id[i] != '\0' && i < 32; i++) {
		char ch = rule_id[i];

		buf_putc(b, (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') ||
		    (ch >= 'A' && ch <= 'Z') || ch == '-' || ch == '_' ? ch : '_');
	}
}

void
jira_jql(const struct jira_conf *c, const char *summary, const char *rule_id,
    struct buf *jql)
{
	char store[1200], lstore[64];
	struct buf t, l;
	size_t i, n;
	int space;

	buf_puts(jql, "project = ");
	jira_jql_quote(jql, c->project, strlen(c->project));
	buf_puts(jql, " AND issuetype = ");
	jira_jql_quote(jql, c->issue_type, strlen(c->issue_type));
	buf_puts(jql, " AND resolution = Unresolved");
	if (c->group_by == JIRA_GROUP_RULE) {
		buf_init(&l, lstore, sizeof lstore);
		jira_rule_label(rule_id, &l);
		buf_puts(jql, " AND labels = ");
		jira_jql_quote(jql, l.p, l.len);
		return;
	}
	/*
	 * The text search is Lucene: punctuation is either reserved or
	 * ignored, so keep letters, digits and spaces only (destinations.md
	 * 4.6), and search the words as one phrase.  Exact equality is
	 * checked on the results.
	 */
	buf_init(&t, store, sizeof store);
	n = strlen(summary);
	space = 1;
	for (i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)summary[i];
		int keep = (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') ||
		    (ch >= 'A' && ch <= 'Z') || ch >= 0x80;

		if (keep) {
			buf_putc(&t, ch);
			space = 0;
		} else if (!space) {
			buf_putc(&t, ' ');
			space = 1;
		}
	}
	while (t.len > 0 && t.p[t.len - 1] == ' ')
		buf_truncate(&t, t.len - 1);
	if (t.len == 0 || t.err)
		return;		/* nothing searchable: all unresolved parents */
	buf_puts(jql, " AND summary ~ \"\\\"");
	buf_put(jql, t.p, t.len);
	buf_puts(jql, "\\\"\"");
}

void
jira_search_path(const struct jira_conf *c, const char *jql,
    const char *next_token, int start_at, struct buf *path)
{
	buf_puts(path, c->base);
	buf_puts(path, c->cloud ? "/rest/api/3/search/jql?jql=" :
	    "/rest/api/2/search?jql=");
	url_encode(path, jql, strlen(jql));
	buf_printf(path, "&fields=summary&maxResults=%d", JIRA_PAGE_SIZE);
	if (c->cloud && next_token != NULL && next_token[0] != '\0') {
		buf_puts(path, "&nextPageToken=");
		url_encode(path, next_token, strlen(next_token));
	} else if (!c->cloud && start_at > 0)
		buf_printf(path, "&startAt=%d", start_at);
}

void
jira_create_path(const struct jira_conf *c, struct buf *path)
{
	buf_puts(path, c->base);
	buf_puts(path, c->cloud ? "/rest/api/3/issue" : "/rest/api/2/issue");
}

int
jira_search_match(const struct jira_conf *c, const char *body, size_t len,
    const char *summary, char *key, size_t keycap, char *next_token,
    size_t nextcap, int *start_at, int *more)
{
	struct json js;
	struct buf kb, nb;
	long long total, start;
	int issues, e, t, found = 0, n = 0;

	*more = 0;
	if (json_parse_object(&js, body, len) != JSON_OK)
		return -1;
	if ((issues = json_obj_get(&js, 0, "issues")) == -1 ||
	    !json_is_arr(&js, issues)) {
		json_free(&js);
		return -1;
	}
	/* One walk over the page: a peer's array is never indexed from 0. */
	for (e = json_arr_first(&js, issues); e != -1 && !found;
	    e = json_arr_next(&js, issues, e)) {
		n++;
		if (c->group_by != JIRA_GROUP_RULE) {
			t = json_path(&js, e, "fields.summary");
			if (t == -1 || !json_str_eq(&js, t, summary))
				continue;
		}
		t = json_obj_get(&js, e, "key");
		buf_init(&kb, key, keycap);
		if (t != -1 && json_get_str(&js, t, &kb) == 0 && !kb.err &&
		    jira_key_ok(kb.p))
			found = 1;
	}
	if (!found) {
		if (c->cloud) {
			/* No total in search/jql: the token says there is more. */
			t = json_obj_get(&js, 0, "nextPageToken");
			buf_init(&nb, next_token, nextcap);
			if (t != -1 && json_is_str(&js, t) &&
			    json_get_str(&js, t, &nb) == 0 && !nb.err && nb.len > 0)
				*more = 1;
		} else {
			t = json_obj_get(&js, 0, "total");
			e = json_obj_get(&js, 0, "startAt");
			if (t != -1 && json_get_int(&js, t, 0, 1LL << 40, &total) == 0) {
				start = *start_at;
				if (e != -1)
					json_get_int(&js, e, 0, 1LL << 40, &start);
				if (n > 0 && start + n < total) {
					*start_at = (int)(start + n);
					*more = 1;
				}
			}
		}
	}
	json_free(&js);
	return found;
}

/* Cost of one code point in the JSON writer's escaping (see json.c). */
static size_t
jira_esc_cost(unsigned cp, size_t rawlen)
{
	if (cp == '"' || cp == '\\' || cp == '\b' || cp == '\f' || cp == '\n' ||
	    cp == '\r' || cp == '\t')
		return 2;
	if (cp < 0x20 || cp == 0x7f || cp == 0x2028 || cp == 0x2029)
		return 6;
	if (cp == 0xFFFD && rawlen == 1)
		return 3;	/* an invalid byte becomes U+FFFD */
	return rawlen;
}

/* Longest prefix of s whose escaped JSON form fits in budget bytes. */
static size_t
jira_escaped_prefix(const char *s, size_t len, size_t budget, size_t *cost)
{
	size_t i = 0, n, c, total = 0;
	unsigned cp;

	while (i < len) {
		n = utf8_next(s + i, len - i, &cp);
		c = jira_esc_cost(cp, n);
		if (total + c > budget)
			break;
		total += c;
		i += n;
	}
	*cost = total;
	return i;
}

/*
 * Wiki markup: backslash what starts formatting.  *bold* _em_ ^sup^
 * ~sub~ |table| [link] {macro} !image! always; -strike- and +ins+ only
 * where they can open (at the start of a word); ??cite?? when doubled.
 */
static void
jira_wiki_inline(struct buf *b, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)s[i];
		int word_start = i == 0 || s[i - 1] == ' ' || s[i - 1] == '\t';

		if (ch == '\n' || ch == '\r' || ch == '\t')
			buf_putc(b, ' ');
		else if (ch < 0x20 || ch == 0x7f)
			continue;
		else {
			if (strchr("\\*_^~|[]{}!", ch) != NULL ||
			    ((ch == '-' || ch == '+' || ch == '#') && word_start) ||
			    (ch == '?' && i + 1 < len && s[i + 1] == '?'))
				buf_putc(b, '\\');
			buf_putc(b, ch);
		}
	}
}

/* The summary lines of the description, as plain text lines into t. */
static void
jira_desc_lines(const struct alert *a, struct buf *lines, struct buf *v,
    struct buf *v2)
{
	alert_text(a, "rule.id", v);
	alert_text(a, "rule.level", v2);
	buf_printf(lines, "Wazuh rule %.32s (level %.8s)", v->len ? v->p : "?",
	    v2->len ? v2->p : "?");
	if (alert_text(a, "rule.description", v))
		buf_printf(lines, ": %.2000s", v->p);
	buf_putc(lines, '\n');
	if (alert_text(a, "agent.id", v)) {
		buf_printf(lines, "Agent %.32s", v->p);
		if (alert_text(a, "agent.name", v))
			buf_printf(lines, " %.255s", v->p);
		if (alert_text(a, "agent.ip", v))
			buf_printf(lines, " (%.64s)", v->p);
		buf_putc(lines, '\n');
	}
	if (alert_text(a, "id", v))
		buf_printf(lines, "Wazuh alert id %.64s\n", v->p);
	if (alert_text(a, "timestamp", v))
		buf_printf(lines, "Time %.64s\n", v->p);
	if (alert_text(a, "location", v))
		buf_printf(lines, "Location %.512s\n", v->p);
}

/*
 * Replace what would close a {code} block in wiki markup, and nothing
 * else: "{code" becomes "{ code".
 */
static void
jira_wiki_code(struct buf *b, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		buf_putc(b, s[i]);
		if (s[i] == '{' && i + 4 < len && strncasecmp(s + i + 1, "code", 4) == 0)
			buf_putc(b, ' ');
	}
}

/* An ADF text node {"type":"text","text":...}; s must not be empty. */
static void
jira_adf_text(struct jw *w, const char *s, size_t n)
{
	jw_obj(w);
	jw_key(w, "type");
	jw_str(w, "text");
	jw_key(w, "text");
	jw_strn(w, s, n);
	jw_end(w);
}

static void
jira_description(struct jw *w, const struct alert *a, const struct jira_conf *c,
    struct buf *v, struct buf *v2)
{
	char lstore[4096];
	struct buf lines, pretty, wiki;
	struct jw pw;
	char *pstore = NULL, *wstore = NULL;
	size_t cap, cut, cost, n, i, start;
	int truncated = 0;

	buf_init(&lines, lstore, sizeof lstore);
	jira_desc_lines(a, &lines, v, v2);
	if (lines.err)
		lines.err = 0;
	/* The alert, pretty-printed with 4 spaces like the seed script. */
	cap = a->len * 6 + 4096;
	if ((pstore = malloc(cap)) == NULL) {
		w->err = 1;
		return;
	}
	buf_init(&pretty, pstore, cap);
	jw_init(&pw, &pretty, 4);
	jw_token(&pw, &a->js, 0);

	jw_key(w, "description");
	if (c->cloud) {
		/* ADF: a paragraph of lines with hardBreaks, then a codeBlock. */
		jw_obj(w);
		jw_key(w, "version");
		jw_int(w, 1);
		jw_key(w, "type");
		jw_str(w, "doc");
		jw_key(w, "content");
		jw_arr(w);
		jw_obj(w);
		jw_key(w, "type");
		jw_str(w, "paragraph");
		jw_key(w, "content");
		jw_arr(w);
		for (start = 0, i = 0; i < lines.len; i++) {
			if (lines.p[i] != '\n')
				continue;
			if (start > 0) {
				jw_obj(w);
				jw_key(w, "type");
				jw_str(w, "hardBreak");
				jw_end(w);
			}
			jira_adf_text(w, lines.p + start, i - start);
			start = i + 1;
		}
		jw_end(w);
		jw_end(w);
		/* What the description may still take for the code text. */
		cut = jira_escaped_prefix(pretty.p, pretty.len,
		    JIRA_DESC_MAX > lines.len * 6 + 600 ? JIRA_DESC_MAX - lines.len * 6 - 600 : 0,
		    &cost);
		truncated = cut < pretty.len;
		while (cut > 0 && (pretty.p[cut - 1] == ' ' || pretty.p[cut - 1] == '\n'))
			cut--;
		if (cut > 0) {
			jw_obj(w);
			jw_key(w, "type");
			jw_str(w, "codeBlock");
			jw_key(w, "attrs");
			jw_obj(w);
			jw_key(w, "language");
			jw_str(w, "json");
			jw_end(w);
			jw_key(w, "content");
			jw_arr(w);
			jira_adf_text(w, pretty.p, cut);
			jw_end(w);
			jw_end(w);
		}
		if (truncated) {
			buf_reset(v);
			buf_printf(v, "[truncated: the alert JSON above was cut to "
			    "%zu of %zu bytes to stay under Jira's 32,767-character "
			    "limit]", cut, pretty.len);
			jw_obj(w);
			jw_key(w, "type");
			jw_str(w, "paragraph");
			jw_key(w, "content");
			jw_arr(w);
			jira_adf_text(w, v->p, v->len);
			jw_end(w);
			jw_end(w);
		}
		jw_end(w);
		jw_end(w);
	} else {
		/* Wiki markup: escaped lines, then {code:json}...{code}. */
		cap = pretty.len * 2 + lines.len * 2 + 512;
		if ((wstore = malloc(cap)) == NULL) {
			free(pstore);
			w->err = 1;
			return;
		}
		buf_init(&wiki, wstore, cap);
		for (start = 0, i = 0; i < lines.len; i++) {
			if (lines.p[i] != '\n')
				continue;
			jira_wiki_inline(&wiki, lines.p + start, i - start);
			buf_putc(&wiki, '\n');
			start = i + 1;
		}
		n = wiki.len;
		buf_puts(&wiki, "{code:json}\n");
		/* Characters left, with room for the closing tag and marker. */
		cut = jira_escaped_prefix(pretty.p, pretty.len,
		    JIRA_DESC_MAX > n * 6 + 600 ? (JIRA_DESC_MAX - n * 6 - 600) : 0,
		    &cost);
		truncated = cut < pretty.len;
		jira_wiki_code(&wiki, pretty.p, cut);
		buf_puts(&wiki, "\n{code}");
		if (truncated)
			buf_printf(&wiki, "\n\\[truncated: the alert JSON above was "
			    "cut to %zu of %zu bytes to stay under Jira's "
			    "32,767-character limit\\]", cut, pretty.len);
		jw_strn(w, wiki.p, wiki.len);
		free(wstore);
	}
	free(pstore);
}

int
jira_build_create(const struct alert *a, const struct jira_conf *c,
    const char *summary, const char *parent_key, struct buf *body)
{
	const struct json *oj = &c->opts->js;
	char s1[4096], s2[4096], lstore[64];
	struct buf v, v2, l;
	struct jw w;
	int i, k, e;

	buf_init(&v, s1, sizeof s1);
	buf_init(&v2, s2, sizeof s2);
	jw_init(&w, body, 0);
	jw_obj(&w);
	jw_key(&w, "fields");
	jw_obj(&w);
	jw_key(&w, "project");
	jw_obj(&w);
	jw_key(&w, "key");
	jw_str(&w, c->project);
	jw_end(&w);
	jw_key(&w, "issuetype");
	jw_obj(&w);
	jw_key(&w, "name");
	jw_str(&w, parent_key != NULL ? c->subtask_type : c->issue_type);
	jw_end(&w);
	if (parent_key != NULL) {
		jw_key(&w, "parent");
		jw_obj(&w);
		jw_key(&w, "key");
		jw_str(&w, parent_key);
		jw_end(&w);
	}
	jw_key(&w, "summary");
	jw_str(&w, summary);
	jw_key(&w, "labels");
	jw_arr(&w);
	jw_str(&w, "wazuh");
	buf_init(&l, lstore, sizeof lstore);
	alert_text(a, "rule.id", &v);
	jira_rule_label(v.len > 0 ? v.p : "unknown", &l);
	jw_strn(&w, l.p, l.len);
	if (c->labels_tok != -1)
		for (e = json_arr_first(oj, c->labels_tok); e != -1;
		    e = json_arr_next(oj, c->labels_tok, e))
			jw_token(&w, oj, e);
	jw_end(&w);
	/* The description unless the user maps it in "fields". */
	if (c->fields_tok == -1 || json_obj_get(oj, c->fields_tok, "description") == -1)
		jira_description(&w, a, c, &v, &v2);
	if (c->fields_tok != -1) {
		i = c->fields_tok + 1;
		for (k = 0; k < oj->t[c->fields_tok].size; k++) {
			buf_reset(&v);
			json_get_str(oj, i, &v);
			jw_key(&w, v.p);
			if (tmpl_render(&w, oj, i + 1, a) == -1)
				w.err = 1;
			if ((i = json_skip(oj, i + 1)) == -1)
				break;
		}
	}
	jw_end(&w);
	jw_end(&w);
	return jw_ok(&w) ? 0 : -1;
}

int
jira_created_key(const char *body, size_t len, char *key, size_t cap)
{
	struct json js;
	struct buf kb;
	int t, rc = -1;

	if (json_parse_object(&js, body, len) != JSON_OK)
		return -1;
	buf_init(&kb, key, cap);
	if ((t = json_obj_get(&js, 0, "key")) != -1 &&
	    json_get_str(&js, t, &kb) == 0 && !kb.err && jira_key_ok(kb.p))
		rc = 0;
	json_free(&js);
	return rc;
}

/* "project<TAB>s:<sha256 hex of summary>" or "project<TAB>r:<rule>". */
static void
jira_cache_id(const struct jira_conf *c, const char *summary,
    const char *rule_id, struct buf *id)
{
	static const char hex[] = "0123456789abcdef";
	br_sha256_context h;
	unsigned char d[32];
	size_t i;

	buf_puts(id, c->project);
	buf_putc(id, '\t');
	if (c->group_by == JIRA_GROUP_RULE) {
		buf_puts(id, "r:");
		jira_rule_label(rule_id, id);
		return;
	}
	br_sha256_init(&h);
	br_sha256_update(&h, c->issue_type, strlen(c->issue_type) + 1);
	br_sha256_update(&h, summary, strlen(summary));
	br_sha256_out(&h, d);
	buf_puts(id, "s:");
	for (i = 0; i < sizeof d; i++) {
		buf_putc(id, hex[d[i] >> 4]);
		buf_putc(id, hex[d[i] & 15]);
	}
}

#define JIRA_CACHE_FILE_MAX	(JIRA_CACHE_MAX * 200)

/*
 * Read the state file into st (file_read_state: ours, not writable by
 * others).  Returns its length (0 if absent or unreadable), or -2 when
 * it is not to be trusted.
 */
static long
jira_cache_read(const struct jira_conf *c, char *st, size_t cap)
{
	struct buf b;
	int rc;

	buf_init(&b, st, cap);
	if ((rc = file_read_state(&b, c->state_file)) == -2)
		return -2;
	return rc == -1 ? 0 : (long)b.len;
}

/* Lines: "<expiry> <project>TAB<id> <key>\n"; see jira.h. */
int
jira_cache_get(const struct jira_conf *c, const char *summary,
    const char *rule_id, time_t now, char *key, size_t cap)
{
	char *st, idstore[256], *line, *next, *sp, *tab, *k2;
	struct buf id;
	long long exp;
	int found = 0;

	if (c->cache_ttl == 0 || c->state_file[0] == '\0')
		return 0;
	if ((st = malloc(JIRA_CACHE_FILE_MAX + 1)) == NULL)
		return -1;
	if (jira_cache_read(c, st, JIRA_CACHE_FILE_MAX + 1) == -2) {
		free(st);
		return -2;
	}
	buf_init(&id, idstore, sizeof idstore);
	jira_cache_id(c, summary, rule_id, &id);
	for (line = st; *line != '\0' && !found; line = next) {
		next = strchr(line, '\n');
		if (next == NULL)
			break;
		*next++ = '\0';
		exp = strtoll(line, &sp, 10);
		if (*sp != ' ' || exp < (long long)now)
			continue;
		tab = sp + 1;
		k2 = strrchr(tab, ' ');
		if (k2 == NULL)
			continue;
		*k2++ = '\0';
		if (strcmp(tab, id.p) == 0 && jira_key_ok(k2) && strlen(k2) < cap) {
			memcpy(key, k2, strlen(k2) + 1);
			found = 1;
		}
	}
	free(st);
	return found;
}

int
jira_cache_put(const struct jira_conf *c, const char *summary,
    const char *rule_id, time_t now, const char *key)
{
	char *st, *out, idstore[256], *line, *next, *sp, *k2;
	struct buf id, ob;
	long long exp;
	long n;
	size_t keep_from, nlines = 0, i;
	int rc = -1;

	if (c->cache_ttl == 0 || c->state_file[0] == '\0')
		return 0;
	if (!jira_key_ok(key))
		return -1;
	if ((st = malloc(JIRA_CACHE_FILE_MAX + 1)) == NULL)
		return -1;
	if ((out = malloc(JIRA_CACHE_FILE_MAX + 512)) == NULL) {
		free(st);
		return -1;
	}
	/* Untrusted: start afresh (the rename replaces it). */
	if ((n = jira_cache_read(c, st, JIRA_CACHE_FILE_MAX + 1)) < 0)
		n = 0;
	st[n] = '\0';
	buf_init(&id, idstore, sizeof idstore);
	jira_cache_id(c, summary, rule_id, &id);
	buf_init(&ob, out, JIRA_CACHE_FILE_MAX + 512);
	/* Keep live entries for other ids; at most JIRA_CACHE_MAX - 1. */
	for (i = 0; i < (size_t)n; i++)
		if (st[i] == '\n')
			nlines++;
	keep_from = nlines >= JIRA_CACHE_MAX ? nlines - (JIRA_CACHE_MAX - 1) : 0;
	for (i = 0, line = st; *line != '\0'; line = next, i++) {
		if ((next = strchr(line, '\n')) == NULL)
			break;
		*next++ = '\0';
		if (i < keep_from)
			continue;
		exp = strtoll(line, &sp, 10);
		if (*sp != ' ' || exp < (long long)now)
			continue;
		if ((k2 = strrchr(sp + 1, ' ')) == NULL || !jira_key_ok(k2 + 1))
			continue;
		if ((size_t)(k2 - (sp + 1)) == id.len &&
		    memcmp(sp + 1, id.p, id.len) == 0)
			continue;
		buf_puts(&ob, line);
		buf_putc(&ob, '\n');
	}
	buf_printf(&ob, "%lld %s %s\n", (long long)now + c->cache_ttl, id.p, key);
	if (!ob.err)
		rc = file_write_atomic(c->state_file, ob.p, ob.len, 0640);
	free(st);
	free(out);
	return rc;
}

/* --- the destination interface (dest.h) ----------------------------------- */

enum jira_step { JIRA_STEP_SEARCH, JIRA_STEP_CREATE };

struct jira_dconf {
	struct jira_conf conf;
	char		 auth[ARGS_MAX_SECRET * 2];	/* Basic or Bearer */
};

/* A job's walk: the parent search, page by page, then the create. */
struct jira_job {
	int	 step;		/* enum jira_step */
	int	 page;
	int	 start;		/* Data Center startAt */
	int	 have_parent;	/* parent found (cache or search) */
	char	 next[1024];	/* Cloud nextPageToken */
	char	 sum[1100];	/* the summary */
	char	 jql[2048];
	char	 parent[JIRA_KEY_MAX];
};

static int
jira_dload(struct conf *c, char *why, size_t cap)
{
	struct jira_dconf *d;
	const char *slash;
	struct buf b;

	if ((d = calloc(1, sizeof *d)) == NULL) {
		snprintf(why, cap, "out of memory");
		return -1;
	}
	c->dconf = d;
	if (jira_conf_load(&d->conf, &c->opts, &c->url, why, cap) == -1)
		return -1;
	/* The parent cache lives beside the log unless state_file says. */
	if (d->conf.state_file[0] == '\0') {
		if (c->log_file[0] != '\0' &&
		    (slash = strrchr(c->log_file, '/')) != NULL)
			snprintf(d->conf.state_file, sizeof d->conf.state_file,
			    "%.*s/wazuh-relay-jira.state",
			    (int)(slash - c->log_file), c->log_file);
		else if (c->log_file[0] == '\0' && c->home[0] != '\0')
			snprintf(d->conf.state_file, sizeof d->conf.state_file,
			    "%s/logs/wazuh-relay-jira.state", c->home);
	}
	if (c->dry_run)
		return 0;
	if (c->api_key[0] == '\0') {
		snprintf(why, cap, "no API key: set <api_key> to email:api_token "
		    "(Cloud) or a personal access token (Data Center), or use "
		    "api_key_file");
		return -1;
	}
	/* "email:api_token" is Cloud's Basic auth, a bare key a DC PAT. */
	buf_init(&b, d->auth, sizeof d->auth);
	if (strchr(c->api_key, ':') == NULL) {
		if (dest_bearer(c->api_key, d->auth, sizeof d->auth) == -1)
			b.err = 1;
	} else {
		buf_puts(&b, "Basic ");
		b64_encode(&b, c->api_key, strlen(c->api_key));
	}
	if (b.err) {
		snprintf(why, cap, "API key too long");
		return -1;
	}
	return 0;
}

static void
jira_dunload(struct conf *c)
{
	if (c->dconf != NULL)
		explicit_bzero(c->dconf, sizeof(struct jira_dconf));
	free(c->dconf);
	c->dconf = NULL;
}

/* The summary of j into s[cap]. */
static void
jira_dsummary(const struct jira_dconf *d, const struct job *j, char *s,
    size_t cap)
{
	struct buf b;

	buf_init(&b, s, cap);
	jira_summary(&j->alert, &d->conf, &b);
}

static int
jira_dbegin(const struct conf *c, struct job *j, struct verdict *v)
{
	const struct jira_dconf *d = c->dconf;
	struct jira_job *jj = j->dstate;
	struct buf q;

	if (jj == NULL && (jj = j->dstate = malloc(sizeof *jj)) == NULL) {
		verdict_fail(v, W_INTERNAL, "out of memory");
		return -1;
	}
	memset(jj, 0, sizeof *jj);
	jira_dsummary(d, j, jj->sum, sizeof jj->sum);
	jj->step = JIRA_STEP_SEARCH;
	if (d->conf.group_by == JIRA_GROUP_NONE) {
		jj->step = JIRA_STEP_CREATE;
		return 0;
	}
	switch (jira_cache_get(&d->conf, jj->sum, j->rule_id, time(NULL),
	    jj->parent, sizeof jj->parent)) {
	case 1:
		jj->have_parent = 1;
		jj->step = JIRA_STEP_CREATE;
		return 0;
	case -2:
		snprintf(j->warn, sizeof j->warn, "jira: state file %.100s "
		    "ignored: it must be a regular file owned by uid %ld and not "
		    "group- or world-writable", d->conf.state_file,
		    (long)geteuid());
		break;
	}
	buf_init(&q, jj->jql, sizeof jj->jql);
	jira_jql(&d->conf, jj->sum, j->rule_id, &q);
	if (q.err)
		jj->step = JIRA_STEP_CREATE;	/* nothing to search by */
	return 0;
}

static int
jira_dbuild(const struct conf *c, struct job *j, struct buf *b)
{
	const struct jira_dconf *d = c->dconf;
	char sum[1100];

	jira_dsummary(d, j, sum, sizeof sum);
	return jira_build_create(&j->alert, &d->conf, sum, NULL, b);
}

static int
jira_drequest(const struct conf *c, struct job *j, struct dest_req *rq,
    struct verdict *v)
{
	const struct jira_dconf *d = c->dconf;
	struct jira_job *jj = j->dstate;
	struct buf path, *b;

	buf_init(&path, rq->pathstore, sizeof rq->pathstore);
	if (jj->step == JIRA_STEP_SEARCH) {
		jira_search_path(&d->conf, jj->jql, jj->next, jj->start, &path);
		rq->method = "GET";
	} else {
		if ((b = job_body(j)) == NULL || jira_build_create(&j->alert,
		    &d->conf, jj->sum, jj->have_parent ? jj->parent : NULL,
		    b) == -1) {
			verdict_fail(v, W_INTERNAL, "request body too large");
			return -1;
		}
		jira_create_path(&d->conf, &path);
		rq->method = "POST";
		rq->content_type = "application/json";
		rq->body = b;
	}
	if (path.err) {
		verdict_fail(v, W_INTERNAL, "Jira request path too long");
		return -1;
	}
	rq->path = path.p;
	rq->hdrs[0].name = "Authorization";
	rq->hdrs[0].value = d->auth;
	rq->hdrs[1].name = "Accept";
	rq->hdrs[1].value = "application/json";
	rq->nhdrs = 2;
	rq->secret = 1;
	return 0;
}

/* A search page came back: the parent, another page, or a new parent. */
static int
jira_judge_search(const struct jira_dconf *d, struct job *j,
    const struct http_resp *resp, struct verdict *v)
{
	struct jira_job *jj = j->dstate;
	int m, more;

	if (resp->status < 200 || resp->status > 299) {
		verdict_http(v, resp);
		/* No credentials, no access, or busy: creating would fail too. */
		if (v->why == W_AUTH || v->why == W_SERVER || v->why == W_BAD)
			return 0;
		/* Refused (JQL, a removed endpoint): do not lose the alert. */
		snprintf(j->warn, sizeof j->warn, "jira: parent search failed "
		    "(%.150s); creating a new parent", v->reason);
		verdict_init(v);
		jj->step = JIRA_STEP_CREATE;
		return 1;
	}
	m = jira_search_match(&d->conf, resp->body, resp->bodylen, jj->sum,
	    jj->parent, sizeof jj->parent, jj->next, sizeof jj->next,
	    &jj->start, &more);
	/* Reading the page is part of the attempt: the deadline counts it. */
	if (net_now() >= j->deadline) {
		verdict_fail(v, W_TIMEOUT, "timed out reading Jira's search "
		    "results");
		return 0;
	}
	if (m == 1) {
		jj->have_parent = 1;
		jj->step = JIRA_STEP_CREATE;
	} else if (m == -1) {
		snprintf(j->warn, sizeof j->warn, "jira: unreadable search "
		    "response; creating a new parent");
		jj->step = JIRA_STEP_CREATE;
	} else if (!more || ++jj->page >= JIRA_MAX_PAGES)
		jj->step = JIRA_STEP_CREATE;
	return 1;
}

static int
jira_djudge(const struct conf *c, struct job *j, const struct http_resp *resp,
    struct verdict *v)
{
	const struct jira_dconf *d = c->dconf;
	struct jira_job *jj = j->dstate;
	char key[JIRA_KEY_MAX];
	struct buf x;

	if (jj->step == JIRA_STEP_SEARCH)
		return jira_judge_search(d, j, resp, v);
	verdict_http(v, resp);
	if (v->kind != V_DELIVERED)
		return 0;
	/*
	 * The key goes into the state file, the log and later bodies: only
	 * one of Jira's form is taken; anything else is a failed delivery.
	 */
	if (jira_created_key(resp->body, resp->bodylen, key, sizeof key) == -1) {
		verdict_fail(v, W_BAD, "Jira answered HTTP %d without a valid "
		    "issue key", resp->status);
		v->status = resp->status;
		return 0;
	}
	if (!jj->have_parent && d->conf.group_by != JIRA_GROUP_NONE)
		(void)jira_cache_put(&d->conf, jj->sum, j->rule_id, time(NULL),
		    key);
	buf_init(&x, v->extra, sizeof v->extra);
	log_kvs(&x, "issue", key);
	if (jj->have_parent)
		log_kvs(&x, "parent", jj->parent);
	return 0;
}

static void
jira_dend(struct job *j)
{
	free(j->dstate);
	j->dstate = NULL;
}

const struct dest dest_jira = {
	"jira", jira_keys, 1, 1, jira_dload, jira_dunload, jira_dbegin,
	jira_dbuild, jira_drequest, jira_djudge, jira_dend
};
