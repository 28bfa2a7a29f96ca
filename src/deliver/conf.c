/* see conf.h */
#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <bearssl_hash.h>
#include <bearssl_hmac.h>

#include "conf.h"
#include "dest.h"
#include "verdict.h"

const char *const conf_common_keys[] = {
	"destination", "api_key_file", "timeout", "retries", "log_file",
	"headers", "ca_file", "pin_sha256", "insecure", "tls_legacy",
	"tls_cn_fallback", "proxy", "spool", "spool_dir", "spool_max_mb",
	"spool_max_age_days", NULL
};

/* Last path component. */
static const char *
conf_base(const char *p)
{
	const char *s = strrchr(p, '/');

	return s != NULL ? s + 1 : p;
}

/*
 * The destination named by a file or program name: "custom-iris",
 * "custom-iris.py-1700000000-123.alert", "custom-iris-prod-...".
 */
static const struct dest *
conf_dest_from_name(const char *path)
{
	const char *b = conf_base(path), *s;
	char word[32];
	size_t n;

	if (strncmp(b, "custom-", 7) != 0)
		return NULL;
	s = b + 7;
	n = strcspn(s, "-._");
	if (n == 0 || n >= sizeof word)
		return NULL;
	memcpy(word, s, n);
	word[n] = '\0';
	return dest_find(word);
}

/* see conf.h */
int
conf_begin(struct conf *c, const struct args *a, const char *exe,
    const char *home, const char *name, char *why, size_t cap)
{
	int rc;

	memset(c, 0, sizeof *c);
	snprintf(c->exe, sizeof c->exe, "%s", exe);
	snprintf(c->home, sizeof c->home, "%s", home);
	snprintf(c->name, sizeof c->name, "%s", name);
	c->debug = a->debug;
	c->dry_run = a->dry_run;
	c->manual = a->manual;
	memcpy(c->api_key, a->api_key, sizeof c->api_key);
	rc = opts_load(&c->opts, a->options_path, why, cap);
	if (rc == 0 && opts_str(&c->opts, "log_file", c->log_file,
	    sizeof c->log_file, why, cap) == -1)
		rc = -1;
	return rc;
}

/* Edit distance of a and b (both at most 64 bytes are compared). */
static size_t
conf_distance(const char *a, const char *b)
{
	size_t row[65], i, j, n = strlen(b), m = strlen(a), diag, up;

	if (n > 64)
		n = 64;
	if (m > 64)
		m = 64;
	for (j = 0; j <= n; j++)
		row[j] = j;
	for (i = 1; i <= m; i++) {
		diag = row[0];
		row[0] = i;
		for (j = 1; j <= n; j++) {
			up = row[j];
			row[j] = diag + (a[i - 1] != b[j - 1]);
			if (up + 1 < row[j])
				row[j] = up + 1;
			if (row[j - 1] + 1 < row[j])
				row[j] = row[j - 1] + 1;
			diag = up;
		}
	}
	return row[n];
}

struct conf_unknown {
	const char *const *const *known;
	char	 key[80];	/* the first unknown key, cleaned */
	const char *best;	/* the known key closest to it */
};

/* opts_unknown callback: remember the first unknown key and its neighbour. */
static void
conf_unknown_key(void *ctx, const char *key)
{
	struct conf_unknown *u = ctx;
	struct buf b;
	size_t l, m, d, best = (size_t)-1;

	if (u->key[0] != '\0')
		return;
	buf_init(&b, u->key, sizeof u->key);
	log_clean(&b, key, strlen(key), 64);
	for (l = 0; u->known[l] != NULL; l++)
		for (m = 0; u->known[l][m] != NULL; m++)
			if ((d = conf_distance(key, u->known[l][m])) < best) {
				best = d;
				u->best = u->known[l][m];
			}
}

/* Read the API key from a file: first line, trailing CR/LF/space cut. */
static int
conf_key_file(struct conf *c, const char *path, char *why, size_t cap)
{
	struct buf b;
	size_t len;
	int rc;

	buf_init(&b, c->api_key, sizeof c->api_key);
	if ((rc = buf_read_file(&b, path, 0)) != 0) {
		explicit_bzero(c->api_key, sizeof c->api_key);
		snprintf(why, cap, "API key file %s: %s", path,
		    rc == 1 ? "too long" : strerror(errno));
		return -1;
	}
	len = strcspn(c->api_key, "\r\n");
	while (len > 0 && (c->api_key[len - 1] == ' ' || c->api_key[len - 1] == '\t'))
		len--;
	c->api_key[len] = '\0';
	return 0;
}

/* "headers": {"Name": "value", ...}; CR/LF refused. */
static int
conf_headers(struct conf *c, char *why, size_t cap)
{
	const struct json *js = &c->opts.js;
	struct buf st;
	size_t name_at, value_at;
	int h, i, k;

	if ((h = opts_get(&c->opts, "headers")) == -1)
		return 0;
	if (!json_is_obj(js, h)) {
		snprintf(why, cap, "options: \"headers\" must be an object of "
		    "\"Name\": \"value\" strings");
		return -1;
	}
	buf_init(&st, c->hdrstore, sizeof c->hdrstore);
	i = h + 1;
	for (k = 0; k < js->t[h].size; k++) {
		if (c->nhdrs >= CONF_MAX_HDRS) {
			snprintf(why, cap, "options: more than %d headers",
			    CONF_MAX_HDRS);
			return -1;
		}
		name_at = st.len;
		json_get_str(js, i, &st);
		buf_putc(&st, '\0');
		value_at = st.len;
		if (!json_is_str(js, i + 1)) {
			snprintf(why, cap, "options: header values must be strings");
			return -1;
		}
		json_get_str(js, i + 1, &st);
		buf_putc(&st, '\0');
		if (st.err) {
			snprintf(why, cap, "options: \"headers\" too large");
			return -1;
		}
		c->hdrs[c->nhdrs].name = c->hdrstore + name_at;
		c->hdrs[c->nhdrs].value = c->hdrstore + value_at;
		if (http_hdr_check(c->hdrs[c->nhdrs].name,
		    c->hdrs[c->nhdrs].value) == -1) {
			snprintf(why, cap, "options: header \"%.64s\" has an invalid "
			    "name or a CR, LF or control byte in its value",
			    c->hdrs[c->nhdrs].name);
			return -1;
		}
		c->nhdrs++;
		if ((i = json_skip(js, i + 1)) == -1)
			break;
	}
	return 0;
}

static const struct dest *
conf_pick_dest(struct conf *c, const struct args *a, char *why, size_t cap)
{
	const struct dest *d;
	char name[64];
	int rc;

	if (a->to != NULL) {
		if ((d = dest_find(a->to)) == NULL)
			snprintf(why, cap, "unknown destination \"%.32s\" "
			    "(known: %s)", a->to, dest_names());
		return d;
	}
	rc = opts_str(&c->opts, "destination", name, sizeof name, why, cap);
	if (rc == -1)
		return NULL;
	if (rc == 1) {
		if ((d = dest_find(name)) == NULL)
			snprintf(why, cap, "options: unknown destination \"%.32s\" "
			    "(known: %s)", name, dest_names());
		return d;
	}
	if (a->alert_path != NULL &&
	    (d = conf_dest_from_name(a->alert_path)) != NULL)
		return d;
	if (c->exe[0] != '\0' && (d = conf_dest_from_name(c->exe)) != NULL)
		return d;
	snprintf(why, cap, "cannot tell the destination: install as "
	    "integrations/custom-DEST, or set \"destination\" in <options> "
	    "(known: %s)", dest_names());
	return NULL;
}

/*
 * no_proxy: comma-separated host suffixes ("example.com" also matches
 * "a.example.com"; a leading dot is allowed), exact IP literals, or "*".
 */
static int
conf_no_proxy(const char *list, const char *host)
{
	const char *p, *e;
	size_t n, hl = strlen(host);

	for (p = list; *p != '\0'; p = *e != '\0' ? e + 1 : e) {
		e = p + strcspn(p, ",");
		while (p < e && (*p == ' ' || *p == '\t'))
			p++;
		n = (size_t)(e - p);
		while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
			n--;
		if (n == 1 && *p == '*')
			return 1;
		if (n > 0 && *p == '.')
			p++, n--;
		if (n == 0 || n > hl)
			continue;
		if (strncasecmp(host + hl - n, p, n) == 0 &&
		    (n == hl || host[hl - n - 1] == '.'))
			return 1;
	}
	return 0;
}

/* The proxy: the "proxy" option, else https_proxy/HTTPS_PROXY (https) or http_proxy. */
static int
conf_proxy(struct conf *c, struct logger *log, char *why, size_t cap)
{
	char opt[1024];
	const char *p = NULL, *np, *u;
	int rc;

	if ((rc = opts_str(&c->opts, "proxy", opt, sizeof opt, why, cap)) == -1)
		return EX_USAGE;
	if (rc == 1) {
		if (opt[0] == '\0')
			return EX_OK;	/* "proxy": "" turns the environment off */
		p = opt;
	} else {
		if (c->url.https) {
			p = getenv("https_proxy");
			if (p == NULL || *p == '\0')
				p = getenv("HTTPS_PROXY");
		} else
			p = getenv("http_proxy");	/* not HTTP_PROXY (httpoxy) */
		if (p == NULL || *p == '\0')
			return EX_OK;
		np = getenv("no_proxy");
		if (np == NULL || *np == '\0')
			np = getenv("NO_PROXY");
		if (np != NULL && conf_no_proxy(np, c->url.host))
			return EX_OK;
	}
	if (url_parse_proxy(&c->proxy, p, &u) == -1) {
		explicit_bzero(opt, sizeof opt);
		snprintf(why, cap, "proxy %s is not usable: %s (expected "
		    "http://[user:pass@]host:port)", rc == 1 ? "option" :
		    "variable", u);
		return EX_USAGE;
	}
	explicit_bzero(opt, sizeof opt);
	c->use_proxy = 1;
	log_debug(log, "using proxy %s port %d%s", c->proxy.host,
	    c->proxy.port, c->proxy.userinfo[0] != '\0' ? " with credentials" : "");
	return EX_OK;
}

/* ca_file, pin_sha256 (string or array), insecure, tls_legacy; load trust. */
static int
conf_tls(struct conf *c, struct logger *log, char *why, size_t cap)
{
	const struct json *js = &c->opts.js;
	char pin[256];
	struct buf pb;
	const char *u, *used = "";
	int t, e, rc;

	if ((rc = opts_str(&c->opts, "ca_file", c->ca_file, sizeof c->ca_file,
	    why, cap)) == -1)
		return EX_USAGE;
	if (rc == 1) {
		if (c->ca_file[0] == '\0') {
			snprintf(why, cap, "options: \"ca_file\" is empty (a "
			    "missing CA file never turns verification off)");
			return EX_USAGE;
		}
		c->tls.ca_file = c->ca_file;
	}
	if ((t = opts_get(&c->opts, "pin_sha256")) != -1) {
		if (json_is_str(js, t))
			e = t;
		else if (json_is_arr(js, t))
			e = json_arr_first(js, t);
		else {
			snprintf(why, cap, "options: \"pin_sha256\" must be "
			    "a string or an array of strings");
			return EX_USAGE;
		}
		for (; e != -1; e = e == t ? -1 : json_arr_next(js, t, e)) {
			buf_init(&pb, pin, sizeof pin);
			if (!json_is_str(js, e) || json_get_str(js, e, &pb) == -1 ||
			    pb.err || tls_parse_pins(&c->tls, pin, &u) == -1) {
				snprintf(why, cap, "options: \"pin_sha256\": %s "
				    "(expected sha256//BASE64 as curl's --pinnedpubkey)",
				    pb.err ? "too long" : u);
				return EX_USAGE;
			}
		}
	}
	if (opts_bool(&c->opts, "insecure", &c->tls.insecure, why, cap) == -1 ||
	    opts_bool(&c->opts, "tls_legacy", &c->tls.legacy, why, cap) == -1 ||
	    opts_bool(&c->opts, "tls_cn_fallback", &c->tls.cn_fallback, why,
	    cap) == -1)
		return EX_USAGE;
	if (tls_trust_load(&c->trust, &c->tls, &used, why, cap) == -1)
		return c->tls.ca_file != NULL ? EX_USAGE : EX_TLS;
	if (c->tls.insecure)
		log_warn(log, "TLS certificate verification is DISABLED for "
		    "%s (\"insecure\": true): anyone on the path can read and "
		    "change this alert; use ca_file or pin_sha256 instead",
		    c->url.host);
	else if (c->tls.cn_fallback && (c->tls.npins == 0 || c->tls.ca_file != NULL))
		/* Pin-only mode never looks at names: nothing to warn about. */
		log_warn(log, "TLS: a certificate without a subjectAltName "
		    "is accepted by its CN for %s (\"tls_cn_fallback\": true); "
		    "reissue it with subjectAltName=DNS:%s and remove the option",
		    c->url.host, c->url.host);
	if (!c->tls.insecure)
		log_debug(log, "TLS trust: %s%s", used[0] ? used : "pins only",
		    c->tls.npins > 0 ? " + public-key pin" : "");
	return EX_OK;
}

/* see conf.h */
void
conf_spool_default(struct conf *c)
{
	char q[600];
	struct stat st;

	if (c->spool_dir[0] != '\0' || c->home[0] == '\0')
		return;
	/* A Wazuh home has queue/ (durable per-component state); else none. */
	snprintf(q, sizeof q, "%s/queue", c->home);
	if (stat(q, &st) == -1 || !S_ISDIR(st.st_mode))
		return;
	snprintf(c->spool_dir, sizeof c->spool_dir, "%s/queue/wazuh-relay/%s",
	    c->home, c->name);
}

/*
 * spool, spool_dir, spool_max_mb, spool_max_age_days.  integratord's
 * runs spool by default; manual runs only with --spool-dir.
 */
static int
conf_spool(struct conf *c, const struct args *a, char *why, size_t cap)
{
	long long v;
	int rc, on = !c->manual;

	if (opts_bool(&c->opts, "spool", &on, why, cap) == -1 ||
	    opts_str(&c->opts, "spool_dir", c->spool_dir, sizeof c->spool_dir,
	    why, cap) == -1)
		return -1;
	if (a->spool_dir != NULL) {
		snprintf(c->spool_dir, sizeof c->spool_dir, "%s", a->spool_dir);
		on = 1;
	}
	if (c->spool_dir[0] != '\0' && c->spool_dir[0] != '/') {
		snprintf(why, cap, "options: \"spool_dir\" must be an absolute "
		    "path");
		return -1;
	}
	c->spool_max_bytes = (unsigned long long)CONF_SPOOL_MAX_MB << 20;
	c->spool_max_age = (long long)CONF_SPOOL_MAX_DAYS * 86400;
	if ((rc = opts_int(&c->opts, "spool_max_mb", 1, 1 << 20, &v, why,
	    cap)) == -1)
		return -1;
	if (rc == 1)
		c->spool_max_bytes = (unsigned long long)v << 20;
	if ((rc = opts_int(&c->opts, "spool_max_age_days", 1, 3650, &v, why,
	    cap)) == -1)
		return -1;
	if (rc == 1)
		c->spool_max_age = v * 86400;
	c->spool = on;
	if (on)
		conf_spool_default(c);
	return 0;
}

/* see conf.h */
int
conf_finish(struct conf *c, const struct args *a, struct logger *log,
    char *why, size_t cap)
{
	char keyfile[1024];
	long long v;
	const char *u;
	int rc;

	why[0] = '\0';
	if ((c->dest = conf_pick_dest(c, a, why, cap)) == NULL)
		return EX_USAGE;
	/*
	 * Settings-only destinations refuse a key they do not know: a typo
	 * ("custmer_id") would deliver with a default (another tenant).
	 * Shuffle merges unknown keys into the body, as shuffle.py does.
	 */
	if (c->dest->strict) {
		const char *const *known[3];
		struct conf_unknown uk;

		known[0] = conf_common_keys;
		known[1] = c->dest->keys;
		known[2] = NULL;
		memset(&uk, 0, sizeof uk);
		uk.known = known;
		opts_unknown(&c->opts, known, conf_unknown_key, &uk);
		if (uk.key[0] != '\0') {
			snprintf(why, cap, "options: unknown key \"%s\" for %s "
			    "(did you mean \"%s\"?)", uk.key, c->dest->name,
			    uk.best != NULL ? uk.best : "?");
			return EX_USAGE;
		}
	}

	/* Options win over argv: argv always carries integratord's defaults. */
	c->timeout = a->timeout > 0 ? a->timeout : CONF_DEFAULT_TIMEOUT;
	c->retries = a->retries >= 0 ? a->retries : CONF_DEFAULT_RETRIES;
	if ((rc = opts_int(&c->opts, "timeout", 1, 3600, &v, why, cap)) == -1)
		return EX_USAGE;
	if (rc == 1 && !(a->manual && a->timeout > 0))
		c->timeout = (int)v;
	if ((rc = opts_int(&c->opts, "retries", 0, 100, &v, why, cap)) == -1)
		return EX_USAGE;
	if (rc == 1 && !(a->manual && a->retries >= 0))
		c->retries = (int)v;
	if (conf_spool(c, a, why, cap) == -1)
		return EX_USAGE;

	if (a->key_file != NULL) {
		if (conf_key_file(c, a->key_file, why, cap) == -1)
			return EX_USAGE;
	} else if ((rc = opts_str(&c->opts, "api_key_file", keyfile,
	    sizeof keyfile, why, cap)) != 0) {
		if (rc == -1 || conf_key_file(c, keyfile, why, cap) == -1)
			return EX_USAGE;
	}
	if (conf_headers(c, why, cap) == -1)
		return EX_USAGE;
	if (!c->dry_run) {
		if (a->hook_url[0] == '\0') {
			snprintf(why, cap, "no destination URL: set <hook_url> "
			    "in the <integration> block (or --url)");
			return EX_USAGE;
		}
		if (url_parse(&c->url, a->hook_url, &u) == -1) {
			snprintf(why, cap, "hook_url is not a usable URL: %s", u);
			return EX_USAGE;
		}
	}
	if (c->dest->load(c, why, cap) == -1)
		return EX_USAGE;
	if (c->dry_run)
		return EX_OK;
	if ((rc = conf_proxy(c, log, why, cap)) != EX_OK)
		return rc;
	if (c->url.https && (rc = conf_tls(c, log, why, cap)) != EX_OK)
		return rc;
	return EX_OK;
}

/* see conf.h */
void
conf_fingerprint(const struct conf *c, const unsigned char salt[32],
    unsigned char out[32])
{
	br_hmac_key_context kc;
	br_hmac_context hc;
	char n[32];
	int i;

	br_hmac_key_init(&kc, &br_sha256_vtable, salt, 32);
	br_hmac_init(&hc, &kc, 0);
	/* Each field with its length, so no two configurations collide. */
#define CONF_FP(p, len) do {						\
	snprintf(n, sizeof n, "%zu:", (size_t)(len));			\
	br_hmac_update(&hc, n, strlen(n));				\
	br_hmac_update(&hc, (p), (len));				\
} while (0)
	CONF_FP(c->dest != NULL ? c->dest->name : "", c->dest != NULL ?
	    strlen(c->dest->name) : 0);
	CONF_FP(c->api_key, strlen(c->api_key));
	CONF_FP(c->url.host, strlen(c->url.host));
	CONF_FP(&c->url.port, sizeof c->url.port);
	CONF_FP(c->url.path, strlen(c->url.path));
	CONF_FP(c->opts.text != NULL ? c->opts.text : "", c->opts.len);
	for (i = 0; i < c->nhdrs; i++) {
		CONF_FP(c->hdrs[i].name, strlen(c->hdrs[i].name));
		CONF_FP(c->hdrs[i].value, strlen(c->hdrs[i].value));
	}
	CONF_FP(c->proxy.host, strlen(c->proxy.host));
	CONF_FP(c->proxy.userinfo, strlen(c->proxy.userinfo));
	CONF_FP(&c->timeout, sizeof c->timeout);
#undef CONF_FP
	br_hmac_out(&hc, out);
	explicit_bzero(&kc, sizeof kc);
	explicit_bzero(&hc, sizeof hc);
}

/* see conf.h */
void
conf_free(struct conf *c)
{
	if (c->dest != NULL && c->dest->unload != NULL)
		c->dest->unload(c);
	tls_trust_free(c->trust);
	c->trust = NULL;
	/* Every copy of a secret: key, URL (its query), headers, proxy. */
	explicit_bzero(c->api_key, sizeof c->api_key);
	explicit_bzero(c->hdrstore, sizeof c->hdrstore);
	explicit_bzero(&c->url, sizeof c->url);
	explicit_bzero(&c->proxy, sizeof c->proxy);
	opts_free(&c->opts);
}
