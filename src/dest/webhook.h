/*
 * webhook: a generic POST of the alert (format "alert") or of a body
 * template (format "template"), with configurable content type, auth
 * and an optional HMAC-SHA256 signature (destinations.md 12).  Pure.
 */
#ifndef WEBHOOK_H
#define WEBHOOK_H

#include <stddef.h>

#include "alert.h"
#include "buf.h"
#include "opts.h"

extern const char *const webhook_keys[];

enum webhook_auth { WH_AUTH_NONE, WH_AUTH_BEARER, WH_AUTH_BASIC, WH_AUTH_HEADER };

struct webhook_conf {
	const struct opts *opts;
	int		 body_tok;	/* "body" template when format is template */
	char		 content_type[256];
	int		 auth;		/* enum webhook_auth */
	char		 auth_header[128];	/* for header:NAME */
	char		 hmac_file[1024];	/* "" : no signature */
};

/*
 * Load the webhook options; has_key says whether an API key was given
 * (auth defaults to bearer with a key, none without).  Returns 0, or -1
 * with why set.
 */
int	webhook_conf_load(struct webhook_conf *c, const struct opts *o,
	    int has_key, char *why, size_t cap);
/* The body.  Returns 0, or -1 if body overflowed. */
int	webhook_build(const struct alert *a, const struct webhook_conf *c,
	    struct buf *body);
/*
 * "sha256=" and the lowercase hex HMAC-SHA256 under key of ts, ".", and
 * data (the scheme Slack and Stripe use): the timestamp is signed, so a
 * captured request cannot be replayed later with a fresh one.
 */
void	webhook_sign(const void *key, size_t keylen, const char *ts,
	    const void *data, size_t len, struct buf *out);

#endif
