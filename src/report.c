/*
 * report: what a run tells the operator - the per-alert log line, the
 * last stdout line, the dry-run body, server messages fit for a log.
 */
#include <stdio.h>
#include <string.h>

#include "net.h"
#include "relay.h"

/* see relay.h */
void
relay_dry_run(struct run *r, const struct buf *body)
{
	fwrite(body->p, 1, body->len, stdout);
	fflush(stdout);
}

/* The alert and rule ids, fit for a log line ("-" when absent). */
static void
relay_ids(const struct run *r, struct buf *id, struct buf *rule)
{
	log_sanitize(id, r->alert_id[0] ? r->alert_id : "-",
	    r->alert_id[0] ? strlen(r->alert_id) : 1, 64);
	log_sanitize(rule, r->rule_id[0] ? r->rule_id : "-",
	    r->rule_id[0] ? strlen(r->rule_id) : 1, 16);
}

/* see relay.h */
int
relay_report(struct run *r, int code, int status, int attempts,
    const char *reason)
{
	char idstore[80], rulestore[40], rstore[600], hstore[URL_MAX_HOST + 16];
	struct buf id, rule, rs, host;
	long ms;
	const char *dname = r->dest != NULL ? r->dest->name : "-";

	ms = (long)(net_now() - r->start);
	buf_init(&id, idstore, sizeof idstore);
	buf_init(&rule, rulestore, sizeof rulestore);
	relay_ids(r, &id, &rule);
	buf_init(&host, hstore, sizeof hstore);
	if (r->url.host[0] != '\0')
		url_hostport(&r->url, &host, 0);
	else
		buf_putc(&host, '-');
	buf_init(&rs, rstore, sizeof rstore);
	if (reason != NULL)
		buf_puts(&rs, reason);
	if (code == EX_OK) {
		log_info(&r->log, "alert=%s rule=%s dest=%s host=%s status=%d "
		    "ms=%ld attempts=%d result=delivered%s%s", id.p, rule.p, dname,
		    host.p, status, ms, attempts, rs.len > 0 ? " " : "", rs.p);
		printf("wazuh-relay: %s: delivered alert %s (HTTP %d, %ld ms)\n",
		    dname, id.p, status, ms);
	} else {
		log_error(&r->log, "alert=%s rule=%s dest=%s host=%s status=%d "
		    "ms=%ld attempts=%d result=failed exit=%d reason=\"%s\"", id.p,
		    rule.p, dname, host.p, status, ms, attempts, code, rs.p);
		printf("wazuh-relay: %s: %s (exit %d)\n", dname, rs.p, code);
	}
	fflush(stdout);
	return code;
}

/* see relay.h */
void
relay_resp_snippet(const struct http_resp *resp, struct buf *b, size_t max)
{
	static const char *const keys[] = { "message", "reason", "error",
	    "errorMessages", "errors", NULL };
	char store[1024];
	struct json js;
	struct buf v;
	int i, k, e;

	if (resp->bodylen == 0)
		return;
	buf_init(&v, store, sizeof store);
	/* The servers' short message: IRIS "message", Shuffle "reason", ... */
	if (json_parse_object(&js, resp->body, resp->bodylen) == JSON_OK) {
		for (k = 0; keys[k] != NULL && v.len == 0; k++) {
			if ((i = json_obj_get(&js, 0, keys[k])) == -1)
				continue;
			if (json_is_arr(&js, i) && (e = json_arr_get(&js, i, 0)) != -1)
				i = e;
			if (json_get_text(&js, i, &v) == -1)
				buf_reset(&v);
			else if (json_is_obj(&js, i) == 0 && v.len == 0)
				buf_reset(&v);
		}
		if (v.len == 0 && (i = json_obj_get(&js, 0, "errors")) != -1 &&
		    json_is_obj(&js, i) && js.t[i].size > 0) {
			/* Jira: {"errors":{"field":"message"}} */
			buf_put(&v, js.s + js.t[i].start, (size_t)(js.t[i].end - js.t[i].start));
		}
		json_free(&js);
	}
	if (v.len > 0)
		log_sanitize(b, v.p, v.len, max);
	else
		log_sanitize(b, resp->body, resp->bodylen, max);
}

/* see relay.h */
int
relay_skip(struct run *r, const char *why)
{
	char sid[80], srule[40];
	struct buf a, b;

	buf_init(&a, sid, sizeof sid);
	buf_init(&b, srule, sizeof srule);
	relay_ids(r, &a, &b);
	log_info(&r->log, "alert=%s rule=%s dest=%s result=skipped reason=\"%s\"",
	    a.p, b.p, r->dest != NULL ? r->dest->name : "-", why);
	if (!r->args.dry_run)
		printf("wazuh-relay: %s: skipped alert %s (rule %s): %s\n",
		    r->dest != NULL ? r->dest->name : "-", a.p, b.p, why);
	fflush(stdout);
	return EX_OK;
}
