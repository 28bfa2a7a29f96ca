/*
 * dest: the destination table and each destination's run step: build
 * the request with the destination's pure builder, send it through
 * deliver(), report.  Only main.c chooses to exit.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "deliver.h"
#include "iris.h"
#include "net.h"
#include "relay.h"

#define DEST_BODY_MAX	(4 * 1024 * 1024)

/* Authorization: Bearer KEY into dst (wiped by the caller). */
static int
dest_bearer(struct run *r, char *dst, size_t cap)
{
	int n;

	n = snprintf(dst, cap, "Bearer %s", r->api_key);
	return n < 0 || (size_t)n >= cap ? -1 : 0;
}

/* Body storage: alert size x 3 (escapes) plus room for our fields. */
static char *
dest_body_alloc(const struct run *r, struct buf *b)
{
	size_t cap = r->alert.len * 3 + 256 * 1024;
	char *p;

	if (cap > DEST_BODY_MAX)
		cap = DEST_BODY_MAX;
	if ((p = malloc(cap)) != NULL)
		buf_init(b, p, cap);
	return p;
}

static int
dest_iris_run(struct run *r)
{
	struct iris_conf conf;
	struct http_hdr hdrs[RELAY_MAX_HDRS + 1];
	struct http_req req;
	struct http_resp *resp = NULL;
	struct delivery d;
	struct buf body;
	char why[512], auth[ARGS_MAX_SECRET + 16], path[URL_MAX_PATH + 16];
	char *store;
	int i, n = 0, code;

	if (iris_conf_load(&conf, &r->opts, why, sizeof why) == -1)
		return relay_report(r, EX_USAGE, 0, 0, why);
	if ((store = dest_body_alloc(r, &body)) == NULL)
		return relay_report(r, EX_INTERNAL, 0, 0, "out of memory");
	if (iris_build(&r->alert, &conf, &body) == -1) {
		free(store);
		return relay_report(r, EX_INTERNAL, 0, 0, "request body too large");
	}
	if (r->args.dry_run) {
		relay_dry_run(r, &body);
		free(store);
		return EX_OK;
	}
	if (r->api_key[0] == '\0') {
		free(store);
		return relay_report(r, EX_USAGE, 0, 0, "no API key: set <api_key> "
		    "or the api_key_file option (IRIS: My settings > API key)");
	}
	/* A base URL ("https://iris/" or no path) gets the alerts endpoint. */
	memset(&req, 0, sizeof req);
	if (strcmp(r->url.path, "/") == 0) {
		snprintf(path, sizeof path, "/alerts/add");
		req.path = path;
	}
	if (dest_bearer(r, auth, sizeof auth) == -1) {
		free(store);
		return relay_report(r, EX_USAGE, 0, 0, "API key too long");
	}
	hdrs[n].name = "Authorization";
	hdrs[n++].value = auth;
	for (i = 0; i < r->nhdrs; i++)
		hdrs[n++] = r->hdrs[i];
	req.method = "POST";
	req.url = &r->url;
	req.content_type = "application/json";
	req.hdrs = hdrs;
	req.nhdrs = n;
	req.body = body.p;
	req.bodylen = body.len;
	log_debug(&r->log, "request body (%zu bytes): %.*s%s", body.len,
	    body.len > 4096 ? 4096 : (int)body.len, body.p,
	    body.len > 4096 ? " [cut]" : "");
	if ((resp = malloc(sizeof *resp)) == NULL) {
		explicit_bzero(auth, sizeof auth);
		free(store);
		return relay_report(r, EX_INTERNAL, 0, 0, "out of memory");
	}
	if (deliver(r, &req, resp, &d) == 0)
		code = relay_report(r, EX_OK, d.status, d.attempts, NULL);
	else
		code = relay_report(r, deliver_exit_code(&d), d.status, d.attempts,
		    d.reason);
	explicit_bzero(auth, sizeof auth);
	free(resp);
	free(store);
	return code;
}

static const struct dest dest_table[] = {
	{ "iris", iris_keys, dest_iris_run },
};

const struct dest *
dest_find(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof dest_table / sizeof dest_table[0]; i++)
		if (strcmp(dest_table[i].name, name) == 0)
			return &dest_table[i];
	return NULL;
}

const char *
dest_names(void)
{
	return "iris";
}
