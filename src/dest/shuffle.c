/* see shuffle.h */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "dest.h"
#include "job.h"
#include "json.h"
#include "shuffle.h"
#include "tmpl.h"
#include "verdict.h"

const char *const shuffle_keys[] = { "skip_rules", NULL };

/*
 * shuffle.py's SKIP_RULE_IDS: Shuffle starts Docker containers, and
 * these Docker-listener rules (and 5710) would feed back into it.
 */
static const char *const shuffle_default_skip[] = {
	"87924", "87900", "87901", "87902", "87903", "87904", "86001", "86002",
	"86003", "87932", "80710", "87929", "87928", "5710", NULL
};

static const char *const shuffle_fields[] = {
	"severity", "pretext", "title", "text", "rule_id", "timestamp", "id",
	"all_fields", NULL
};

int
shuffle_conf_load(struct shuffle_conf *c, const struct opts *o,
    const char *const *const *reserved, char *why, size_t cap)
{
	const struct json *js = &o->js;
	char kstore[128];
	struct buf kb;
	size_t l, m;
	int t, k, e, i, skip;

	memset(c, 0, sizeof *c);
	c->opts = o;
	c->skip_tok = -1;
	c->reserved = reserved;
	if ((t = opts_get(o, "skip_rules")) != -1) {
		if (!json_is_arr(js, t))
			goto bad;
		for (e = json_arr_first(js, t); e != -1; e = json_arr_next(js, t, e))
			if (!json_is_str(js, e) && (js->t[e].type != JSMN_PRIMITIVE ||
			    json_is_null(js, e)))
				goto bad;
		c->skip_tok = t;
	}
	/* The keys merged into the body are templates: check them now. */
	if (js->n > 0) {
		i = 1;
		for (k = 0; k < js->t[0].size; k++) {
			buf_init(&kb, kstore, sizeof kstore);
			json_get_str(js, i, &kb);
			skip = 0;
			for (l = 0; reserved[l] != NULL && !skip; l++)
				for (m = 0; reserved[l][m] != NULL; m++)
					if (strcmp(reserved[l][m], kb.p) == 0)
						skip = 1;
			if (!skip && tmpl_check(js, i + 1, kb.p, why, cap) == -1)
				return -1;
			if ((i = json_skip(js, i + 1)) == -1)
				break;
		}
	}
	return 0;
bad:
	snprintf(why, cap, "options: \"skip_rules\" must be an array of rule "
	    "ids (strings or numbers)");
	return -1;
}

int
shuffle_skip(const struct alert *a, const struct shuffle_conf *c)
{
	const struct json *js = &c->opts->js;
	char store[64], estore[64];
	struct buf id, eb;
	size_t i;
	int e;

	buf_init(&id, store, sizeof store);
	if (!alert_text(a, "rule.id", &id) || id.err)
		return 0;
	if (c->skip_tok == -1) {
		for (i = 0; shuffle_default_skip[i] != NULL; i++)
			if (strcmp(shuffle_default_skip[i], id.p) == 0)
				return 1;
		return 0;
	}
	for (e = json_arr_first(js, c->skip_tok); e != -1;
	    e = json_arr_next(js, c->skip_tok, e)) {
		buf_init(&eb, estore, sizeof estore);
		if (json_get_text(js, e, &eb) == 0 && !eb.err && strcmp(eb.p, id.p) == 0)
			return 1;
	}
	return 0;
}

static int
shuffle_reserved(const struct shuffle_conf *c, const char *k)
{
	size_t l, m;

	for (l = 0; c->reserved[l] != NULL; l++)
		for (m = 0; c->reserved[l][m] != NULL; m++)
			if (strcmp(c->reserved[l][m], k) == 0)
				return 1;
	return 0;
}

/* The option token that overrides body field f, or -1. */
static int
shuffle_override(const struct shuffle_conf *c, const char *f)
{
	if (shuffle_reserved(c, f))
		return -1;
	return opts_get(c->opts, f);
}

static void
shuffle_field(struct jw *w, const struct alert *a, const char *f)
{
	long long level = 0;
	int t;

	if (strcmp(f, "severity") == 0) {
		if ((t = alert_get(a, "rule.level")) != -1)
			json_get_int(&a->js, t, -1000000, 1000000, &level);
		jw_int(w, level <= 4 ? 1 : level <= 7 ? 2 : 3);
	} else if (strcmp(f, "pretext") == 0)
		jw_str(w, "WAZUH Alert");
	else if (strcmp(f, "title") == 0) {
		t = alert_get(a, "rule.description");
		if (t != -1)
			jw_token(w, &a->js, t);
		else
			jw_str(w, "N/A");
	} else if (strcmp(f, "text") == 0)
		jw_token(w, &a->js, alert_get(a, "full_log"));	/* null if absent */
	else if (strcmp(f, "rule_id") == 0)
		jw_token(w, &a->js, alert_get(a, "rule.id"));
	else if (strcmp(f, "timestamp") == 0)
		jw_token(w, &a->js, alert_get(a, "timestamp"));
	else if (strcmp(f, "id") == 0)
		jw_token(w, &a->js, alert_get(a, "id"));
	else if (strcmp(f, "all_fields") == 0)
		jw_token(w, &a->js, 0);
}

int
shuffle_build(const struct alert *a, const struct shuffle_conf *c,
    struct buf *body)
{
	const struct json *js = &c->opts->js;
	char kstore[256];
	struct buf kb;
	struct jw w;
	size_t f;
	int t, k, i, ours;

	jw_init(&w, body, 0);
	jw_obj(&w);
	for (f = 0; shuffle_fields[f] != NULL; f++) {
		jw_key(&w, shuffle_fields[f]);
		if ((t = shuffle_override(c, shuffle_fields[f])) != -1) {
			if (tmpl_render(&w, js, t, a) == -1)
				return -1;
		} else
			shuffle_field(&w, a, shuffle_fields[f]);
	}
	/* Then the other option keys, as shuffle.py's msg.update(options). */
	if (js->n > 0) {
		i = 1;
		for (k = 0; k < js->t[0].size; k++) {
			buf_init(&kb, kstore, sizeof kstore);
			json_get_str(js, i, &kb);
			for (f = 0, ours = 0; shuffle_fields[f] != NULL; f++)
				if (strcmp(shuffle_fields[f], kb.p) == 0)
					ours = 1;
			if (!ours && !kb.err && !shuffle_reserved(c, kb.p)) {
				jw_key(&w, kb.p);
				if (tmpl_render(&w, js, i + 1, a) == -1)
					return -1;
			}
			if ((i = json_skip(js, i + 1)) == -1)
				break;
		}
	}
	jw_end(&w);
	return jw_ok(&w) ? 0 : -1;
}

static int
shuffle_hex(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f') ||
		    (s[i] >= 'A' && s[i] <= 'F')))
			return 0;
	return 1;
}

int
shuffle_hook_ok(const char *path, size_t pathlen)
{
	const char *id;
	size_t n;

	while (pathlen > 0 && path[pathlen - 1] == '/')
		pathlen--;
	for (n = pathlen; n > 0 && path[n - 1] != '/'; n--)
		;
	id = path + n;
	n = pathlen - n;
	/* webhook_ + 8-4-4-4-12 */
	return n == 44 && strncmp(id, "webhook_", 8) == 0 &&
	    shuffle_hex(id + 8, 8) && id[16] == '-' && shuffle_hex(id + 17, 4) &&
	    id[21] == '-' && shuffle_hex(id + 22, 4) && id[26] == '-' &&
	    shuffle_hex(id + 27, 4) && id[31] == '-' && shuffle_hex(id + 32, 12);
}

/* --- the destination interface (dest.h) ----------------------------------- */

static int
shuffle_dload(struct conf *c, char *why, size_t cap)
{
	static const char *const *const reserved[] = { conf_common_keys,
	    shuffle_keys, NULL };
	struct shuffle_conf *d;

	if ((d = calloc(1, sizeof *d)) == NULL) {
		snprintf(why, cap, "out of memory");
		return -1;
	}
	c->dconf = d;
	return shuffle_conf_load(d, &c->opts, reserved, why, cap);
}

static void
shuffle_dunload(struct conf *c)
{
	free(c->dconf);
	c->dconf = NULL;
}

static int
shuffle_dbegin(const struct conf *c, struct job *j, struct verdict *v)
{
	if (shuffle_skip(&j->alert, c->dconf)) {
		v->kind = V_SKIPPED;
		snprintf(v->reason, sizeof v->reason, "the rule is in the Shuffle "
		    "skip list (Shuffle's own Docker rules would loop back)");
		return 1;
	}
	if (!c->dry_run && !shuffle_hook_ok(c->url.path, c->url.pathlen))
		snprintf(j->warn, sizeof j->warn, "shuffle: the hook URL does not "
		    "end in webhook_<UUID> (44 characters): Shuffle will answer "
		    "\"Hook ID not valid\"");
	return 0;
}

static int
shuffle_dbuild(const struct conf *c, struct job *j, struct buf *b)
{
	return shuffle_build(&j->alert, c->dconf, b);
}

static int
shuffle_drequest(const struct conf *c, struct job *j, struct dest_req *rq,
    struct verdict *v)
{
	struct buf *b;

	if ((b = job_body(j)) == NULL || shuffle_build(&j->alert, c->dconf, b) == -1) {
		verdict_fail(v, W_INTERNAL, "request body too large");
		return -1;
	}
	rq->method = "POST";
	rq->content_type = "application/json";
	rq->body = b;
	return 0;
}

const struct dest dest_shuffle = {
	"shuffle", shuffle_keys, 0, 0, shuffle_dload, shuffle_dunload,
	shuffle_dbegin, shuffle_dbuild, shuffle_drequest, dest_judge_http,
	dest_end_none
};
