/* see webhook.h */
#include <stdio.h>
#include <string.h>

#include <bearssl_hash.h>
#include <bearssl_hmac.h>

#include "http.h"
#include "json.h"
#include "tmpl.h"
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
