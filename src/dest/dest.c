/*
 * dest: the destination table and each destination's run step: build
 * the request with the destination's pure builder, send it through
 * deliver(), report.  Only main.c chooses to exit.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <time.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "deliver.h"
#include "iris.h"
#include "jira.h"
#include "shuffle.h"
#include "webhook.h"
#include "net.h"
#include "relay.h"

#define DEST_BODY_MAX	(4 * 1024 * 1024)

/*
 * Authorization: Bearer KEY into dst (wiped by the caller).  Secrets
 * never go through printf: musl's stages its output in a stack buffer
 * that nobody wipes.
 */
static int
dest_bearer(struct run *r, char *dst, size_t cap)
{
	struct buf b;

	buf_init(&b, dst, cap);
	buf_puts(&b, "Bearer ");
	buf_puts(&b, r->api_key);
	return b.err ? -1 : 0;
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

/*
 * After the builder ran (rc): a build failure or --dry-run ends the
 * run here, with store freed and the exit code returned; -1 means go on
 * and send.
 */
static int
dest_built(struct run *r, int rc, char *store, const struct buf *body)
{
	if (rc == -1) {
		free(store);
		return relay_report(r, EX_INTERNAL, 0, 0, "request body too large");
	}
	if (r->args.dry_run) {
		relay_dry_run(r, body);
		free(store);
		return EX_OK;
	}
	return -1;
}

/* 1 if u names this machine: 127.0.0.0/8, ::1, localhost. */
static int
dest_loopback(const struct url *u)
{
	static const unsigned char v6lo[16] = { [15] = 1 };
	size_t n = strlen(u->host);

	if (u->iptype == URL_HOST_IPV4)
		return u->ip[0] == 127;
	if (u->iptype == URL_HOST_IPV6)
		return memcmp(u->ip, v6lo, 16) == 0;
	if (n > 0 && u->host[n - 1] == '.')
		n--;
	return (n == 9 && strncmp(u->host, "localhost", 9) == 0) ||
	    (n > 10 && strncmp(u->host + n - 10, ".localhost", 10) == 0);
}

/*
 * Credentials over plain http:// to another machine: one WARNING per
 * alert (per run), whoever sends them (the key, the "headers" option).
 */
static void
dest_plain_warn(struct run *r, int key)
{
	if (r->url.https || r->warned_plain || (!key && r->nhdrs == 0) ||
	    dest_loopback(&r->url))
		return;
	r->warned_plain = 1;
	log_warn(&r->log, "%s goes to %s over plain http://: anyone on the "
	    "path can read it; use an https:// hook_url", key ? "the API key" :
	    "the \"headers\" option's values", r->url.host);
}

/*
 * Send one request to the hook URL's host: hdrs[0..n) then the "headers"
 * option (hdrs must have room for RELAY_MAX_HDRS more); path NULL keeps
 * the URL's; body NULL for GET.  key says hdrs carry the API key.
 * Returns deliver()'s result.
 */
static int
dest_send(struct run *r, const char *method, const char *path,
    const struct buf *body, const char *ctype, struct http_hdr *hdrs, int n,
    int key, struct http_resp *resp, struct delivery *d)
{
	struct http_req req;
	int i;

	dest_plain_warn(r, key);
	for (i = 0; i < r->nhdrs; i++)
		hdrs[n++] = r->hdrs[i];
	memset(&req, 0, sizeof req);
	req.method = method;
	req.url = &r->url;
	req.path = path;
	req.hdrs = hdrs;
	req.nhdrs = n;
	if (body != NULL) {
		req.content_type = ctype;
		req.body = body->p;
		req.bodylen = body->len;
		log_debug(&r->log, "request body (%zu bytes): %.*s%s", body->len,
		    body->len > 4096 ? 4096 : (int)body->len, body->p,
		    body->len > 4096 ? " [cut]" : "");
	}
	return deliver(r, &req, resp, d);
}

/* POST body (to path, or the URL's own); report; returns the exit code. */
static int
dest_post(struct run *r, const char *path, const struct buf *body,
    const char *ctype, struct http_hdr *hdrs, int n, int key)
{
	struct http_resp *resp;
	struct delivery d;
	int code;

	if ((resp = malloc(sizeof *resp)) == NULL)
		return relay_report(r, EX_INTERNAL, 0, 0, "out of memory");
	if (dest_send(r, "POST", path, body, ctype, hdrs, n, key, resp, &d) == 0)
		code = relay_report(r, EX_OK, d.status, d.attempts, d.reason);
	else
		code = relay_report(r, deliver_exit_code(&d), d.status, d.attempts,
		    d.reason);
	free(resp);
	return code;
}

static int
dest_iris_run(struct run *r)
{
	struct iris_conf conf;
	struct http_hdr hdrs[RELAY_MAX_HDRS + 1];
	struct buf body;
	char why[512], auth[ARGS_MAX_SECRET + 16];
	char *store;
	int code;

	if (iris_conf_load(&conf, &r->opts, why, sizeof why) == -1)
		return relay_report(r, EX_USAGE, 0, 0, why);
	if ((store = dest_body_alloc(r, &body)) == NULL)
		return relay_report(r, EX_INTERNAL, 0, 0, "out of memory");
	if ((code = dest_built(r, iris_build(&r->alert, &conf, &body), store,
	    &body)) != -1)
		return code;
	if (r->api_key[0] == '\0') {
		free(store);
		return relay_report(r, EX_USAGE, 0, 0, "no API key: set <api_key> "
		    "or the api_key_file option (IRIS: My settings > API key)");
	}
	/* A base URL ("https://iris/" or no path) gets the alerts endpoint. */
	if (dest_bearer(r, auth, sizeof auth) == -1) {
		free(store);
		return relay_report(r, EX_USAGE, 0, 0, "API key too long");
	}
	hdrs[0].name = "Authorization";
	hdrs[0].value = auth;
	code = dest_post(r, strcmp(r->url.path, "/") == 0 ? "/alerts/add" : NULL,
	    &body, "application/json", hdrs, 1, 1);
	explicit_bzero(auth, sizeof auth);
	free(store);
	return code;
}

/*
 * Authorization for Jira: "email:api_token" is Cloud's Basic auth, a
 * key without ':' a Data Center personal access token (Bearer).
 */
static int
dest_jira_auth(struct run *r, char *dst, size_t cap)
{
	struct buf b;

	if (strchr(r->api_key, ':') == NULL)
		return dest_bearer(r, dst, cap);
	buf_init(&b, dst, cap);
	buf_puts(&b, "Basic ");
	buf_b64(&b, r->api_key, strlen(r->api_key));
	return b.err ? -1 : 0;
}

/* One Jira request (JSON both ways); body NULL for GET. */
static int
dest_jira_send(struct run *r, const char *method, const char *path,
    const struct buf *body, const char *auth, struct http_resp *resp,
    struct delivery *d)
{
	struct http_hdr hdrs[RELAY_MAX_HDRS + 2];

	hdrs[0].name = "Authorization";
	hdrs[0].value = auth;
	hdrs[1].name = "Accept";
	hdrs[1].value = "application/json";
	return dest_send(r, method, path, body, "application/json", hdrs, 2, 1,
	    resp, d);
}

/*
 * Find the unresolved parent: the cache first (search is eventually
 * consistent), then up to JIRA_MAX_PAGES pages of search.  Returns 1
 * (parent set), 0 (none: create a parent), or an exit code > 1.
 */
static int
dest_jira_parent(struct run *r, const struct jira_conf *c, const char *summary,
    const char *auth, struct http_resp *resp, char *parent, size_t cap)
{
	char jstore[2048], next[1024], *pstore;
	struct buf jql, path;
	struct delivery d;
	int page, start = 0, more, m;

	switch (jira_cache_get(c, summary, r->rule_id, time(NULL), parent, cap)) {
	case 1:
		log_debug(&r->log, "jira: parent %s from the local cache", parent);
		return 1;
	case -2:
		log_warn(&r->log, "jira: state file %s ignored: it must be a "
		    "regular file owned by uid %ld and not group- or "
		    "world-writable", c->state_file, (long)geteuid());
		break;
	}
	buf_init(&jql, jstore, sizeof jstore);
	jira_jql(c, summary, r->rule_id, &jql);
	if (jql.err)
		return 0;
	if ((pstore = malloc(URL_MAX_PATH + 1)) == NULL)
		return 0;	/* cannot search: a new parent keeps the alert */
	next[0] = '\0';
	for (page = 0; page < JIRA_MAX_PAGES; page++) {
		buf_init(&path, pstore, URL_MAX_PATH + 1);
		jira_search_path(c, jql.p, next, start, &path);
		if (path.err)
			break;
		if (dest_jira_send(r, "GET", path.p, NULL, auth, resp, &d) == -1) {
			/* No credentials, no access: creating would fail too. */
			if (d.status == 401 || d.status == 403 || d.fail == DF_TIMEOUT ||
			    d.fail == DF_TLS || d.fail == DF_NET) {
				free(pstore);
				relay_report(r, deliver_exit_code(&d), d.status,
				    d.attempts, d.reason);
				return deliver_exit_code(&d);
			}
			/* Search refused (JQL, endpoint): do not lose the alert. */
			log_warn(&r->log, "jira: parent search failed (%s); "
			    "creating a new parent", d.reason);
			break;
		}
		m = jira_search_match(c, resp->body, resp->bodylen, summary,
		    parent, cap, next, sizeof next, &start, &more);
		/* Reading the page is part of the run: the deadline counts it. */
		if (net_now() >= r->deadline) {
			free(pstore);
			return relay_report(r, EX_TIMEOUT, d.status, d.attempts,
			    "timed out reading Jira's search results");
		}
		if (m == 1) {
			free(pstore);
			return 1;
		}
		if (m == -1) {
			log_warn(&r->log, "jira: unreadable search response; "
			    "creating a new parent");
			break;
		}
		if (!more)
			break;
	}
	free(pstore);
	return 0;
}

static int
dest_jira_run(struct run *r)
{
	struct jira_conf conf;
	struct http_resp *resp = NULL;
	struct delivery d;
	struct buf body, sum, path;
	char why[600], auth[ARGS_MAX_SECRET * 2], sstore[1100], pstore[URL_MAX_PATH + 1];
	char parent[JIRA_KEY_MAX], key[JIRA_KEY_MAX];
	char *store = NULL;
	int code, rc;

	if (jira_conf_load(&conf, &r->opts, &r->url, why, sizeof why) == -1)
		return relay_report(r, EX_USAGE, 0, 0, why);
	/* The parent cache lives beside the log unless state_file says. */
	if (conf.state_file[0] == '\0' && r->log.path[0] != '\0') {
		const char *slash = strrchr(r->log.path, '/');

		if (slash != NULL)
			snprintf(conf.state_file, sizeof conf.state_file,
			    "%.*s/wazuh-relay-jira.state",
			    (int)(slash - r->log.path), r->log.path);
	}
	buf_init(&sum, sstore, sizeof sstore);
	jira_summary(&r->alert, &conf, &sum);
	if ((store = dest_body_alloc(r, &body)) == NULL)
		return relay_report(r, EX_INTERNAL, 0, 0, "out of memory");
	/* --dry-run shows the body of a new parent. */
	if (r->args.dry_run)
		return dest_built(r, jira_build_create(&r->alert, &conf, sum.p,
		    NULL, &body), store, &body);
	if (r->api_key[0] == '\0') {
		free(store);
		return relay_report(r, EX_USAGE, 0, 0, "no API key: set <api_key> "
		    "to email:api_token (Cloud) or a personal access token (Data "
		    "Center), or use api_key_file");
	}
	if (dest_jira_auth(r, auth, sizeof auth) == -1 ||
	    (resp = malloc(sizeof *resp)) == NULL) {
		free(store);
		return relay_report(r, EX_INTERNAL, 0, 0, "out of memory");
	}
	parent[0] = '\0';
	rc = 0;
	if (conf.group_by != JIRA_GROUP_NONE)
		rc = dest_jira_parent(r, &conf, sum.p, auth, resp, parent,
		    sizeof parent);
	if (rc > 1) {
		code = rc;
		goto out;
	}
	if (jira_build_create(&r->alert, &conf, sum.p, rc == 1 ? parent : NULL,
	    &body) == -1) {
		code = relay_report(r, EX_INTERNAL, 0, 0, "request body too large");
		goto out;
	}
	buf_init(&path, pstore, sizeof pstore);
	jira_create_path(&conf, &path);
	if (dest_jira_send(r, "POST", path.p, &body, auth, resp, &d) == -1) {
		code = relay_report(r, deliver_exit_code(&d), d.status, d.attempts,
		    d.reason);
		goto out;
	}
	/*
	 * The key goes into the state file, the log and later bodies: only
	 * one of Jira's form is taken; anything else is a failed delivery.
	 */
	if (jira_created_key(resp->body, resp->bodylen, key, sizeof key) == -1) {
		snprintf(why, sizeof why, "Jira answered HTTP %d without a valid "
		    "issue key", d.status);
		code = relay_report(r, EX_HTTPBAD, d.status, d.attempts, why);
		goto out;
	}
	if (rc == 0 && conf.group_by != JIRA_GROUP_NONE &&
	    jira_cache_put(&conf, sum.p, r->rule_id, time(NULL), key) == -1)
		log_debug(&r->log, "jira: parent cache %s not written: %s",
		    conf.state_file, strerror(errno));
	buf_init(&path, r->extra, sizeof r->extra);
	log_kvs(&path, "issue", key);
	if (rc == 1)
		log_kvs(&path, "parent", parent);
	code = relay_report(r, EX_OK, d.status, d.attempts, d.reason);
out:
	explicit_bzero(auth, sizeof auth);
	free(resp);
	free(store);
	return code;
}

static int
dest_shuffle_run(struct run *r)
{
	const char *const *reserved[3] = { relay_common_keys, shuffle_keys, NULL };
	struct shuffle_conf conf;
	struct http_hdr hdrs[RELAY_MAX_HDRS + 4];
	struct buf body;
	char why[600], *store;
	int code;

	if (shuffle_conf_load(&conf, &r->opts, reserved, why, sizeof why) == -1)
		return relay_report(r, EX_USAGE, 0, 0, why);
	if (shuffle_skip(&r->alert, &conf))
		return relay_skip(r, "the rule is in the Shuffle skip list "
		    "(Shuffle's own Docker rules would loop back)");
	if ((store = dest_body_alloc(r, &body)) == NULL)
		return relay_report(r, EX_INTERNAL, 0, 0, "out of memory");
	if ((code = dest_built(r, shuffle_build(&r->alert, &conf, &body), store,
	    &body)) != -1)
		return code;
	if (!shuffle_hook_ok(r->url.path, r->url.pathlen))
		log_warn(&r->log, "shuffle: the hook URL does not end in "
		    "webhook_<UUID> (44 characters): Shuffle will answer "
		    "\"Hook ID not valid\"");
	code = dest_post(r, NULL, &body, "application/json", hdrs, 0, 0);
	free(store);
	return code;
}

/* The secret for X-Wazuh-Signature: the file, one trailing newline cut. */
static int
dest_read_secret(const char *path, char *dst, size_t cap, size_t *len)
{
	struct buf b;

	buf_init(&b, dst, cap);
	if (buf_read_file(&b, path, 0) != 0)
		return -1;
	if (b.len > 0 && b.p[b.len - 1] == '\n')
		b.len--;
	if (b.len > 0 && b.p[b.len - 1] == '\r')
		b.len--;
	*len = b.len;
	return b.len > 0 ? 0 : -1;
}

static int
dest_webhook_run(struct run *r)
{
	struct webhook_conf conf;
	struct http_hdr hdrs[RELAY_MAX_HDRS + 4];
	struct buf body, ab, sb;
	char why[600], auth[ARGS_MAX_SECRET * 2], sig[80], ts[32];
	char secret[4096];
	char *store;
	size_t slen;
	int n = 0, code;

	if (webhook_conf_load(&conf, &r->opts, r->api_key[0] != '\0', why,
	    sizeof why) == -1)
		return relay_report(r, EX_USAGE, 0, 0, why);
	if ((store = dest_body_alloc(r, &body)) == NULL)
		return relay_report(r, EX_INTERNAL, 0, 0, "out of memory");
	if ((code = dest_built(r, webhook_build(&r->alert, &conf, &body), store,
	    &body)) != -1)
		return code;
	if (conf.auth != WH_AUTH_NONE && r->api_key[0] == '\0') {
		free(store);
		return relay_report(r, EX_USAGE, 0, 0, "options: \"auth\" needs "
		    "an API key (<api_key> or api_key_file)");
	}
	buf_init(&ab, auth, sizeof auth);
	switch (conf.auth) {
	case WH_AUTH_BEARER:
		buf_puts(&ab, "Bearer ");
		buf_puts(&ab, r->api_key);
		hdrs[n].name = "Authorization";
		hdrs[n++].value = auth;
		break;
	case WH_AUTH_BASIC:
		buf_puts(&ab, "Basic ");
		buf_b64(&ab, r->api_key, strlen(r->api_key));
		hdrs[n].name = "Authorization";
		hdrs[n++].value = auth;
		break;
	case WH_AUTH_HEADER:
		buf_puts(&ab, r->api_key);
		hdrs[n].name = conf.auth_header;
		hdrs[n++].value = auth;
		break;
	}
	if (conf.hmac_file[0] != '\0') {
		if (dest_read_secret(conf.hmac_file, secret, sizeof secret,
		    &slen) == -1) {
			explicit_bzero(auth, sizeof auth);
			free(store);
			snprintf(why, sizeof why, "hmac_secret_file %.512s: missing, "
			    "empty or larger than 4 KiB", conf.hmac_file);
			return relay_report(r, EX_USAGE, 0, 0, why);
		}
		snprintf(ts, sizeof ts, "%lld", (long long)time(NULL));
		buf_init(&sb, sig, sizeof sig);
		webhook_sign(secret, slen, ts, body.p, body.len, &sb);
		explicit_bzero(secret, sizeof secret);
		hdrs[n].name = "X-Wazuh-Timestamp";
		hdrs[n++].value = ts;
		hdrs[n].name = "X-Wazuh-Signature";
		hdrs[n++].value = sig;
	}
	code = dest_post(r, NULL, &body, conf.content_type, hdrs, n,
	    conf.auth != WH_AUTH_NONE);
	explicit_bzero(auth, sizeof auth);
	free(store);
	return code;
}

const char *const relay_common_keys[] = {
	"destination", "api_key_file", "timeout", "retries", "log_file",
	"headers", "ca_file", "pin_sha256", "insecure", "tls_legacy",
	"tls_cn_fallback", "proxy", NULL
};

static const struct dest dest_table[] = {
	{ "iris", iris_keys, 1, dest_iris_run },
	{ "jira", jira_keys, 1, dest_jira_run },
	{ "shuffle", shuffle_keys, 0, dest_shuffle_run },
	{ "webhook", webhook_keys, 1, dest_webhook_run },
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
	return "iris, jira, shuffle, webhook";
}
