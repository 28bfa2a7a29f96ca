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

/* The common pairs: alert and rule ids (cleaned, "-" when absent), dest. */
static void
relay_kv_ids(const struct run *r, struct buf *kv)
{
	char store[80];
	struct buf v;

	buf_init(&v, store, sizeof store);
	log_clean(&v, r->alert_id, strlen(r->alert_id), 64);
	log_kvs(kv, "alert", v.p);
	buf_reset(&v);
	log_clean(&v, r->rule_id, strlen(r->rule_id), 16);
	log_kvs(kv, "rule", v.p);
	log_kvs(kv, "dest", r->dest != NULL ? r->dest->name : NULL);
}

/* see relay.h */
int
relay_report(struct run *r, int code, int status, int attempts,
    const char *reason)
{
	char kstore[2048], sstore[1024], hstore[URL_MAX_HOST + 16];
	struct buf kv, sum, host;
	long ms;
	const char *dname = r->dest != NULL ? r->dest->name : "-";

	ms = (long)(net_now() - r->start);
	buf_init(&host, hstore, sizeof hstore);
	if (r->url.host[0] != '\0')
		url_hostport(&r->url, &host, 0);
	buf_init(&kv, kstore, sizeof kstore);
	relay_kv_ids(r, &kv);
	log_kvs(&kv, "host", host.p);
	buf_printf(&kv, " status=%d ms=%ld attempts=%d", status, ms, attempts);
	buf_init(&sum, sstore, sizeof sstore);
	if (code == EX_OK) {
		buf_puts(&kv, " result=delivered");
		if (reason != NULL && reason[0] != '\0')
			log_kvs(&kv, "note", reason);
		if (r->extra[0] != '\0') {
			buf_putc(&kv, ' ');
			buf_puts(&kv, r->extra);
		}
		buf_printf(&sum, "wazuh-relay: %s: delivered alert ", dname);
		log_clean(&sum, r->alert_id[0] ? r->alert_id : "-",
		    r->alert_id[0] ? strlen(r->alert_id) : 1, 64);
		buf_printf(&sum, " (HTTP %d, %ld ms)", status, ms);
		if (reason != NULL && reason[0] != '\0') {
			buf_puts(&sum, "; ");
			log_clean(&sum, reason, strlen(reason), 600);
		}
		log_event(&r->log, LOG_INFO, &kv);
	} else {
		buf_printf(&kv, " result=failed exit=%d", code);
		log_kvs(&kv, "reason", reason);
		buf_printf(&sum, "wazuh-relay: %s: ", dname);
		if (reason == NULL)
			reason = "failed";
		log_clean(&sum, reason, strlen(reason), 600);
		buf_printf(&sum, " (exit %d)", code);
		log_event(&r->log, LOG_ERROR, &kv);
	}
	log_open_note(&r->log, &sum);
	printf("%s\n", sum.p);
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
		log_clean(b, v.p, v.len, max);
	else
		log_clean(b, resp->body, resp->bodylen, max);
}

/* see relay.h */
int
relay_skip(struct run *r, const char *why)
{
	char kstore[1024], sstore[1024];
	struct buf kv, sum;

	buf_init(&kv, kstore, sizeof kstore);
	relay_kv_ids(r, &kv);
	buf_puts(&kv, " result=skipped");
	log_kvs(&kv, "reason", why);
	log_event(&r->log, LOG_INFO, &kv);
	if (!r->args.dry_run) {
		buf_init(&sum, sstore, sizeof sstore);
		buf_printf(&sum, "wazuh-relay: %s: skipped alert ",
		    r->dest != NULL ? r->dest->name : "-");
		log_clean(&sum, r->alert_id[0] ? r->alert_id : "-",
		    r->alert_id[0] ? strlen(r->alert_id) : 1, 64);
		buf_puts(&sum, " (rule ");
		log_clean(&sum, r->rule_id[0] ? r->rule_id : "-",
		    r->rule_id[0] ? strlen(r->rule_id) : 1, 16);
		buf_puts(&sum, "): ");
		log_clean(&sum, why, strlen(why), 600);
		log_open_note(&r->log, &sum);
		printf("%s\n", sum.p);
	}
	fflush(stdout);
	return EX_OK;
}
