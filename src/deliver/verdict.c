/* see verdict.h */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "json.h"
#include "log.h"
#include "verdict.h"

/* see verdict.h */
void
verdict_init(struct verdict *v)
{
	memset(v, 0, sizeof *v);
	v->retry_after = -1;
}

/* see verdict.h */
void
verdict_fail(struct verdict *v, int why, const char *fmt, ...)
{
	va_list ap;

	v->why = why;
	v->kind = why == W_NET || why == W_TIMEOUT || why == W_SERVER ?
	    V_RETRY : V_FAILED;
	va_start(ap, fmt);
	vsnprintf(v->reason, sizeof v->reason, fmt, ap);
	va_end(ap);
}

/* see verdict.h */
int
verdict_exit(const struct verdict *v)
{
	if (v->kind == V_DELIVERED || v->kind == V_SKIPPED)
		return EX_OK;
	switch (v->why) {
	case W_NET:
		return EX_NET;
	case W_TIMEOUT:
		return EX_TIMEOUT;
	case W_SERVER:
		return EX_HTTP5XX;
	case W_TLS:
		return EX_TLS;
	case W_AUTH:
	case W_REJECT:
		return EX_HTTP4XX;
	case W_BAD:
		return EX_HTTPBAD;
	case W_CONFIG:
		return EX_USAGE;
	default:
		return EX_INTERNAL;
	}
}

/* see verdict.h */
void
verdict_snippet(const struct http_resp *resp, struct buf *b, size_t max)
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
			if (json_is_arr(&js, i) && (e = json_arr_first(&js, i)) != -1)
				i = e;
			if (json_get_text(&js, i, &v) == -1)
				buf_reset(&v);
			else if (json_is_obj(&js, i) == 0 && v.len == 0)
				buf_reset(&v);
		}
		if (v.len == 0 && (i = json_obj_get(&js, 0, "errors")) != -1 &&
		    json_is_obj(&js, i) && js.t[i].size > 0) {
			/* Jira: {"errors":{"field":"message"}} */
			buf_put(&v, js.s + js.t[i].start,
			    (size_t)(js.t[i].end - js.t[i].start));
		}
		json_free(&js);
	}
	if (v.len > 0)
		log_clean(b, v.p, v.len, max);
	else
		log_clean(b, resp->body, resp->bodylen, max);
}

/* see verdict.h */
void
verdict_http(struct verdict *v, const struct http_resp *resp)
{
	char loc[512], lstore[600];
	struct buf lb;
	int s = resp->status;

	v->status = s;
	buf_init(&lb, lstore, sizeof lstore);
	if (s >= 200 && s <= 299) {
		v->kind = V_DELIVERED;
		v->why = W_NONE;
		/*
		 * The status line and headers arrived and only the body was
		 * cut: the server has decided.  Sending it again would
		 * duplicate the alert, so it stands, with a note.
		 */
		snprintf(v->reason, sizeof v->reason, "%s",
		    resp->state != HTTP_S_DONE ? "response cut short after "
		    "the status line (the server took the alert: not sent "
		    "again)" : "");
		return;
	}
	if (s >= 300 && s <= 399) {
		if (http_resp_header(resp, "Location", loc, sizeof loc) > 0) {
			/* A query string may carry a token: leave it out. */
			loc[strcspn(loc, "?#")] = '\0';
			log_clean(&lb, loc, strlen(loc), 200);
		}
		verdict_fail(v, W_BAD, "HTTP %d redirect%s%s not followed for "
		    "POST (fix the hook URL)", s, lb.len > 0 ? " to " : "", lb.p);
		return;
	}
	verdict_snippet(resp, &lb, 200);
	if (s == 408 || s == 429 || s >= 500) {
		v->retry_after = http_retry_after(resp, (long long)time(NULL));
		verdict_fail(v, W_SERVER, "HTTP %d%s%s", s, lb.len > 0 ? ": " : "",
		    lb.p);
	} else
		verdict_fail(v, s == 401 || s == 403 ? W_AUTH : W_REJECT,
		    "HTTP %d%s%s", s, lb.len > 0 ? ": " : "", lb.p);
	v->status = s;
}
