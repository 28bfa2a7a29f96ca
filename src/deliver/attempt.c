/* see attempt.h */
#include <sys/random.h>

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "attempt.h"
#include "dest.h"

#define ATTEMPT_MAX_REQUESTS	8	/* per attempt (Jira: 5 pages + create) */

/* 1 if u names this machine: 127.0.0.0/8, ::1, localhost. */
static int
attempt_loopback(const struct url *u)
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

/* Log and clear the warning a step left in j. */
static void
attempt_warn(struct job *j, struct logger *log)
{
	if (j->warn[0] != '\0') {
		log_warn(log, "%s", j->warn);
		j->warn[0] = '\0';
	}
}

/* see attempt.h */
void
attempt(const struct conf *c, struct job *j, struct conn *cn, int keep,
    struct logger *log, struct verdict *v)
{
	struct dest_req *rq = NULL;
	struct http_resp *resp = NULL;
	struct http_hdr hdrs[DEST_MAX_HDRS + CONF_MAX_HDRS];
	struct http_req req;
	int n, i, more = 1;

	verdict_init(v);
	j->warn[0] = '\0';
	n = c->dest->begin(c, j, v);
	attempt_warn(j, log);
	if (n != 0)
		return;
	if ((rq = malloc(sizeof *rq)) == NULL ||
	    (resp = malloc(sizeof *resp)) == NULL) {
		verdict_fail(v, W_INTERNAL, "out of memory");
		goto out;
	}
	for (n = 0; more && n < ATTEMPT_MAX_REQUESTS; n++) {
		memset(rq, 0, sizeof *rq);
		if (c->dest->request(c, j, rq, v) == -1)
			break;
		memset(&req, 0, sizeof req);
		req.method = rq->method;
		req.url = &c->url;
		req.path = rq->path;
		memcpy(hdrs, rq->hdrs, (size_t)rq->nhdrs * sizeof hdrs[0]);
		for (i = 0; i < c->nhdrs; i++)
			hdrs[rq->nhdrs + i] = c->hdrs[i];
		req.hdrs = hdrs;
		req.nhdrs = rq->nhdrs + c->nhdrs;
		if (rq->body != NULL) {
			req.content_type = rq->content_type;
			req.body = rq->body->p;
			req.bodylen = rq->body->len;
			log_debug(log, "request body (%zu bytes): %.*s%s",
			    rq->body->len, rq->body->len > 4096 ? 4096 :
			    (int)rq->body->len, rq->body->p,
			    rq->body->len > 4096 ? " [cut]" : "");
		}
		/* Credentials over plain http:// to another machine: warn once. */
		if (!j->warned_plain && !c->url.https && (rq->secret || c->nhdrs > 0) &&
		    !attempt_loopback(&c->url)) {
			j->warned_plain = 1;
			log_warn(log, "%s goes to %s over plain http://: anyone on "
			    "the path can read it; use an https:// hook_url",
			    rq->secret ? "the API key" : "the \"headers\" option's "
			    "values", c->url.host);
		}
		if (conn_exchange(cn, c, &req, j->deadline,
		    keep || c->dest->multi, resp, v) == -1) {
			v->requests = n + 1;
			break;
		}
		v->requests = n + 1;
		more = c->dest->judge(c, j, resp, v);
		attempt_warn(j, log);
	}
	if (more && n == ATTEMPT_MAX_REQUESTS)
		verdict_fail(v, W_INTERNAL, "more than %d requests for one alert",
		    ATTEMPT_MAX_REQUESTS);
out:
	if (rq != NULL)
		explicit_bzero(rq, sizeof *rq);
	free(rq);
	free(resp);
}

/* see attempt.h */
int64_t
attempt_backoff(int attempt, int64_t base_ms, int64_t max_ms, long retry_after,
    unsigned rnd)
{
	int64_t d = base_ms, w;
	int i;

	for (i = 1; i < attempt && d < max_ms; i++)
		d *= 2;
	if (d > max_ms)
		d = max_ms;
	w = d / 2 + (int64_t)(rnd % (unsigned)(d / 2 + 1));
	if (retry_after >= 0 && (int64_t)retry_after * 1000 > w)
		w = (int64_t)retry_after * 1000;
	return w;
}

/* see attempt.h */
unsigned
attempt_random(void)
{
	unsigned r = 0;

	if (getrandom(&r, sizeof r, GRND_NONBLOCK) != sizeof r)
		r = (unsigned)time(NULL) ^ (unsigned)clock();
	return r;
}
