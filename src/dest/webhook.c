/* see webhook.h */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <bearssl_hash.h>
#include <bearssl_hmac.h>

#include "b64.h"
#include "conf.h"
#include "dest.h"
#include "http.h"
#include "job.h"
#include "json.h"
#include "tmpl.h"
#include "verdict.h"
#include "webhook.h"

const char *const webhook_keys[] = {
	"format", "body", "content_type", "auth", "hmac_secret_file", NULL
};

int
webhook_conf_load(struct webhook_conf *c, const struct opts *o, int has_key,
    char *why, size_t cap)
{
	char fmt[32], auth[160];
	int rc;

	memset(c, 0, sizeof *c);
	c->opts = o;
	c->body_tok = -1;
	snprintf(c->content_type, sizeof c->content_type, "application/json");
	c->auth = has_key ? WH_AUTH_BEARER : WH_AUTH_NONE;
	if ((rc = opts_str(o, "format", fmt, sizeof fmt, why, cap)) == -1)
		return -1;
	if (rc == 1 && strcmp(fmt, "template") == 0) {
		if ((c->body_tok = opts_get(o, "body")) == -1) {
			snprintf(why, cap, "options: format \"template\" needs a "
			    "\"body\" template");
			return -1;
		}
		if (tmpl_check(&o->js, c->body_tok, "body", why, cap) == -1)
			return -1;
	} else if (rc == 1 && strcmp(fmt, "alert") != 0) {
		snprintf(why, cap, "options: \"format\" must be \"alert\" or "
		    "\"template\"");
		return -1;
	}
	if (opts_str(o, "content_type", c->content_type, sizeof c->content_type,
	    why, cap) == -1 ||
	    opts_str(o, "hmac_secret_file", c->hmac_file, sizeof c->hmac_file,
	    why, cap) == -1)
		return -1;
	if (http_hdr_check("Content-Type", c->content_type) == -1) {
		snprintf(why, cap, "options: \"content_type\" has a CR, LF or "
		    "control byte");
		return -1;
	}
	if ((rc = opts_str(o, "auth", auth, sizeof auth, why, cap)) == -1)
		return -1;
	if (rc == 1) {
		if (strcmp(auth, "none") == 0)
			c->auth = WH_AUTH_NONE;
		else if (strcmp(auth, "bearer") == 0)
			c->auth = WH_AUTH_BEARER;
		else if (strcmp(auth, "basic") == 0)
			c->auth = WH_AUTH_BASIC;
		else if (strncmp(auth, "header:", 7) == 0 &&
		    http_hdr_check(auth + 7, "x") == 0) {
			c->auth = WH_AUTH_HEADER;
			snprintf(c->auth_header, sizeof c->auth_header, "%.127s", auth + 7);
		} else {
			snprintf(why, cap, "options: \"auth\" must be \"none\", "
			    "\"bearer\", \"basic\" or \"header:NAME\"");
			return -1;
		}
	}
	return 0;
}

int
webhook_build(const struct alert *a, const struct webhook_conf *c,
    struct buf *body)
{
	struct jw w;

	jw_init(&w, body, 0);
	if (c->body_tok != -1) {
		if (tmpl_render(&w, &c->opts->js, c->body_tok, a) == -1)
			return -1;
	} else
		jw_token(&w, &a->js, 0);	/* the alert, re-emitted compact */
	return jw_ok(&w) ? 0 : -1;
}

void
webhook_sign(const void *key, size_t keylen, const char *ts, const void *data,
    size_t len, struct buf *out)
{
	static const char hex[] = "0123456789abcdef";
	br_hmac_key_context kc;
	br_hmac_context hc;
	unsigned char mac[32];
	size_t i;

	br_hmac_key_init(&kc, &br_sha256_vtable, key, keylen);
	br_hmac_init(&hc, &kc, 0);
	br_hmac_update(&hc, ts, strlen(ts));
	br_hmac_update(&hc, ".", 1);
	br_hmac_update(&hc, data, len);
	br_hmac_out(&hc, mac);
	buf_puts(out, "sha256=");
	for (i = 0; i < sizeof mac; i++) {
		buf_putc(out, hex[mac[i] >> 4]);
		buf_putc(out, hex[mac[i] & 15]);
	}
	explicit_bzero(&kc, sizeof kc);
	explicit_bzero(&hc, sizeof hc);
}

/* --- the destination interface (dest.h) ----------------------------------- */

#define WEBHOOK_SECRET_MAX	4096

struct webhook_dconf {
	struct webhook_conf conf;
	char		 auth[ARGS_MAX_SECRET * 2];	/* the auth header's value */
	char		 secret[WEBHOOK_SECRET_MAX];	/* the HMAC key */
	size_t		 slen;				/* 0: no signature */
};

/* The HMAC secret: the file, one trailing newline cut. */
static int
webhook_read_secret(struct webhook_dconf *d)
{
	struct buf b;

	buf_init(&b, d->secret, sizeof d->secret);
	if (buf_read_file(&b, d->conf.hmac_file, 0) != 0)
		return -1;
	if (b.len > 0 && b.p[b.len - 1] == '\n')
		b.len--;
	if (b.len > 0 && b.p[b.len - 1] == '\r')
		b.len--;
	d->slen = b.len;
	return b.len > 0 ? 0 : -1;
}

static int
webhook_dload(struct conf *c, char *why, size_t cap)
{
	struct webhook_dconf *d;
	struct buf ab;

	if ((d = calloc(1, sizeof *d)) == NULL) {
		snprintf(why, cap, "out of memory");
		return -1;
	}
	c->dconf = d;
	if (webhook_conf_load(&d->conf, &c->opts, c->api_key[0] != '\0', why,
	    cap) == -1)
		return -1;
	if (c->dry_run)
		return 0;
	if (d->conf.auth != WH_AUTH_NONE && c->api_key[0] == '\0') {
		snprintf(why, cap, "options: \"auth\" needs an API key (<api_key> "
		    "or api_key_file)");
		return -1;
	}
	/* Not printf: secrets never go through it (dest.h). */
	buf_init(&ab, d->auth, sizeof d->auth);
	switch (d->conf.auth) {
	case WH_AUTH_BEARER:
		buf_puts(&ab, "Bearer ");
		buf_puts(&ab, c->api_key);
		break;
	case WH_AUTH_BASIC:
		buf_puts(&ab, "Basic ");
		b64_encode(&ab, c->api_key, strlen(c->api_key));
		break;
	case WH_AUTH_HEADER:
		buf_puts(&ab, c->api_key);
		break;
	}
	if (ab.err) {
		snprintf(why, cap, "API key too long");
		return -1;
	}
	if (d->conf.hmac_file[0] != '\0' && webhook_read_secret(d) == -1) {
		snprintf(why, cap, "hmac_secret_file %.512s: missing, empty or "
		    "larger than 4 KiB", d->conf.hmac_file);
		return -1;
	}
	return 0;
}

static void
webhook_dunload(struct conf *c)
{
	if (c->dconf != NULL)
		explicit_bzero(c->dconf, sizeof(struct webhook_dconf));
	free(c->dconf);
	c->dconf = NULL;
}

static int
webhook_dbuild(const struct conf *c, struct job *j, struct buf *b)
{
	const struct webhook_dconf *d = c->dconf;

	return webhook_build(&j->alert, &d->conf, b);
}

/*
 * X-Wazuh-Delivery-Id: the same for every delivery of one alert to one
 * integration (the first 16 bytes of SHA-256 over the integration's
 * name, a NUL and the alert's bytes, in hex), so a receiver can drop a
 * duplicate: delivery is at least once.
 */
static void
webhook_delivery_id(const struct conf *c, const struct job *j, char out[33])
{
	static const char hex[] = "0123456789abcdef";
	br_sha256_context h;
	unsigned char d[32];
	int i;

	br_sha256_init(&h);
	br_sha256_update(&h, c->name, strlen(c->name) + 1);
	br_sha256_update(&h, j->alert.text, j->alert.len);
	br_sha256_out(&h, d);
	for (i = 0; i < 16; i++) {
		out[2 * i] = hex[d[i] >> 4];
		out[2 * i + 1] = hex[d[i] & 15];
	}
	out[32] = '\0';
}

static int
webhook_drequest(const struct conf *c, struct job *j, struct dest_req *rq,
    struct verdict *v)
{
	const struct webhook_dconf *d = c->dconf;
	struct buf *b, sb;
	int n = 0;

	if ((b = job_body(j)) == NULL || webhook_build(&j->alert, &d->conf, b) == -1) {
		verdict_fail(v, W_INTERNAL, "request body too large");
		return -1;
	}
	rq->method = "POST";
	rq->content_type = d->conf.content_type;
	rq->body = b;
	if (d->conf.auth != WH_AUTH_NONE) {
		rq->hdrs[n].name = d->conf.auth == WH_AUTH_HEADER ?
		    d->conf.auth_header : "Authorization";
		rq->hdrs[n++].value = d->auth;
		rq->secret = 1;
	}
	webhook_delivery_id(c, j, rq->hstore[2]);
	rq->hdrs[n].name = "X-Wazuh-Delivery-Id";
	rq->hdrs[n++].value = rq->hstore[2];
	if (d->slen > 0) {
		snprintf(rq->hstore[0], sizeof rq->hstore[0], "%lld",
		    (long long)time(NULL));
		buf_init(&sb, rq->hstore[1], sizeof rq->hstore[1]);
		webhook_sign(d->secret, d->slen, rq->hstore[0], b->p, b->len, &sb);
		rq->hdrs[n].name = "X-Wazuh-Timestamp";
		rq->hdrs[n++].value = rq->hstore[0];
		rq->hdrs[n].name = "X-Wazuh-Signature";
		rq->hdrs[n++].value = rq->hstore[1];
	}
	rq->nhdrs = n;
	return 0;
}

const struct dest dest_webhook = {
	"webhook", webhook_keys, 1, 0, webhook_dload, webhook_dunload,
	dest_begin_none, webhook_dbuild, webhook_drequest, dest_judge_http,
	dest_end_none
};
