/*
 * test_engine: the delivery engine over memory transports, no sockets -
 * verdicts for every kind of answer, backoff and Retry-After, keep-alive
 * reuse, a stale kept connection, a body cut short, Jira's search then
 * create on one connection.  A scripted server: each connection answers
 * its requests in order with canned bytes, then ends (EOF) or resets.
 * Run from the repository root (the fixture alert).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "t.h"
#include "attempt.h"
#include "conf.h"
#include "conn.h"
#include "dest.h"
#include "job.h"
#include "net.h"
#include "verdict.h"

#define MAX_CONNS	8
#define MAX_ANSWERS	8

/* What the server does after its last answer on a connection. */
enum { END_EOF, END_RESET };

struct mconn {
	const char	*answer[MAX_ANSWERS];	/* NULL-terminated */
	int		 end;
	/* run time */
	int		 asked;		/* requests seen */
	int		 sent;		/* the answer being sent */
	size_t		 off;		/* into it */
	char		 req[65536];	/* what the client wrote */
	size_t		 reqlen;
};

struct mserver {
	struct mconn	 c[MAX_CONNS];
	int		 n;		/* connections scripted */
	int		 cur;		/* the one in use */
	int		 dials;
};

/*
 * The answer to the connection's latest request, then the end: EOF or a
 * reset once it is all out (or when the request has no answer).
 */
static ssize_t
m_read(void *ctx, void *buf, size_t len)
{
	struct mserver *s = ctx;
	struct mconn *c = &s->c[s->cur];
	int idx = c->asked - 1;
	const char *a;
	size_t n;

	if (idx < 0)
		return -1;		/* read before any request */
	if (idx != c->sent) {
		c->sent = idx;
		c->off = 0;
	}
	a = idx < MAX_ANSWERS ? c->answer[idx] : NULL;
	n = a != NULL ? strlen(a) - c->off : 0;
	if (n == 0)
		return c->end == END_EOF ? 0 : -1;
	if (n > len)
		n = len;
	memcpy(buf, a + c->off, n);
	c->off += n;
	return (ssize_t)n;
}

static int
m_write(void *ctx, const void *buf, size_t len)
{
	struct mserver *s = ctx;
	struct mconn *c = &s->c[s->cur];

	if (c->reqlen + len < sizeof c->req) {
		memcpy(c->req + c->reqlen, buf, len);
		c->reqlen += len;
		c->req[c->reqlen] = '\0';
	}
	/* One write (or a head and a body) per request: count heads. */
	if (memchr(buf, ' ', len < 8 ? len : 8) != NULL &&
	    (strncmp(buf, "POST ", 5) == 0 || strncmp(buf, "GET ", 4) == 0))
		c->asked++;
	return 0;
}

static int
m_dial(struct conn *cn, void *ctx, struct verdict *v)
{
	struct mserver *s = ctx;

	s->dials++;
	if (s->dials > s->n) {
		verdict_fail(v, W_NET, "cannot connect (scripted)");
		return -1;
	}
	s->cur = s->dials - 1;
	cn->io.ctx = s;
	cn->io.read = m_read;
	cn->io.write = m_write;
	cn->io.flush = NULL;
	return 0;
}

static char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *p;
	long n;

	if (f == NULL)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	p = malloc((size_t)n + 1);
	if (p != NULL && fread(p, 1, (size_t)n, f) != (size_t)n) {
		free(p);
		p = NULL;
	}
	fclose(f);
	*len = (size_t)n;
	return p;
}

static char *t_alert;
static size_t t_alert_len;

/* A conf for dest over http://127.0.0.1/, options opts. */
static void
mkconf(struct conf *c, const char *dest, const char *opts)
{
	char why[256];
	const char *u;

	memset(c, 0, sizeof *c);
	snprintf(c->name, sizeof c->name, "custom-%s", dest);
	snprintf(c->api_key, sizeof c->api_key, "%s",
	    strcmp(dest, "jira") == 0 ? "me@example.com:tok" : "k");
	c->timeout = 10;
	c->dest = dest_find(dest);
	T_OK(opts_load_mem(&c->opts, opts, strlen(opts), why, sizeof why) == 0,
	    "options: %s", why);
	T_OK(url_parse(&c->url, strcmp(dest, "jira") == 0 ?
	    "http://jira.example.atlassian.net/" : "http://127.0.0.1/alerts/add",
	    &u) == 0, "url");
	T_OK(c->dest->load(c, why, sizeof why) == 0, "load %s: %s", dest, why);
}

/* One attempt of the fixture alert to c over cn; v set. */
static void
run1(const struct conf *c, struct conn *cn, int keep, struct verdict *v)
{
	struct logger log;
	struct job j;
	char why[256];

	memset(&log, 0, sizeof log);
	log.fd = -1;
	log.quiet_stderr = 1;
	T_OK(job_load_mem(&j, t_alert, t_alert_len, "t", why, sizeof why) == 0,
	    "job");
	j.start = net_now();
	j.deadline = j.start + 10000;
	attempt(c, &j, cn, keep, &log, v);
	c->dest->end(&j);
	job_free(&j);
}

#define OK200	"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"

static void
test_verdicts(void)
{
	static const struct {
		const char *answer;
		int kind, why, status, exit;
		long retry_after;
		const char *reason;
	} v[] = {
		{ OK200, V_DELIVERED, W_NONE, 200, 0, -1, "" },
		{ "HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n", V_DELIVERED,
		  W_NONE, 201, 0, -1, "" },
		{ "HTTP/1.1 503 Busy\r\nRetry-After: 7\r\nContent-Length: 0\r\n\r\n",
		  V_RETRY, W_SERVER, 503, 14, 7, "HTTP 503" },
		{ "HTTP/1.1 429 Slow\r\nRetry-After: 2\r\nContent-Length: 0\r\n\r\n",
		  V_RETRY, W_SERVER, 429, 14, 2, "HTTP 429" },
		{ "HTTP/1.1 408 T\r\nContent-Length: 0\r\n\r\n", V_RETRY, W_SERVER,
		  408, 14, -1, "HTTP 408" },
		{ "HTTP/1.1 401 No\r\nContent-Length: 45\r\n\r\n{\"status\":\"error\","
		  "\"message\":\"Authentication\"}", V_FAILED, W_AUTH, 401, 13, -1,
		  "HTTP 401: Authentication" },
		{ "HTTP/1.1 403 No\r\nContent-Length: 0\r\n\r\n", V_FAILED, W_AUTH,
		  403, 13, -1, "HTTP 403" },
		{ "HTTP/1.1 400 Bad\r\nContent-Length: 11\r\n\r\nbad payload",
		  V_FAILED, W_REJECT, 400, 13, -1, "HTTP 400: bad payload" },
		{ "HTTP/1.1 301 M\r\nLocation: https://x.example/a?token=S\r\n"
		  "Content-Length: 0\r\n\r\n", V_FAILED, W_BAD, 301, 15, -1,
		  "HTTP 301 redirect to https://x.example/a not followed for POST "
		  "(fix the hook URL)" },
		{ "NOT HTTP\r\n\r\n", V_FAILED, W_BAD, 0, 15, -1,
		  "malformed HTTP response: malformed status line" },
	};
	struct mserver *s = calloc(1, sizeof *s);
	struct conf c;
	struct conn cn;
	struct verdict vd;
	size_t i;

	mkconf(&c, "iris", "{}");
	for (i = 0; i < sizeof v / sizeof v[0]; i++) {
		memset(s, 0, sizeof *s);
		s->n = 1;
		s->c[0].answer[0] = v[i].answer;
		conn_init(&cn);
		cn.dial = m_dial;
		cn.dial_ctx = s;
		run1(&c, &cn, 0, &vd);
		T_EQ_INT(vd.kind, v[i].kind, v[i].answer);
		T_EQ_INT(vd.why, v[i].why, v[i].answer);
		T_EQ_INT(vd.status, v[i].status, v[i].answer);
		T_EQ_INT(verdict_exit(&vd), v[i].exit, v[i].answer);
		T_EQ_INT(vd.retry_after, v[i].retry_after, v[i].answer);
		T_EQ_STR(vd.reason, v[i].reason, v[i].answer);
		T_EQ_INT(vd.requests, 1, "one request");
		T_OK(strstr(s->c[0].req, "Connection: close\r\n") != NULL,
		    "no keep-alive asked for one job");
		T_OK(strstr(s->c[0].req, "Authorization: Bearer k\r\n") != NULL,
		    "auth sent");
		conn_close(&cn);
	}
	/* Nothing answers at all: a network verdict, retried. */
	memset(s, 0, sizeof *s);
	conn_init(&cn);
	cn.dial = m_dial;
	cn.dial_ctx = s;
	run1(&c, &cn, 0, &vd);
	T_EQ_INT(vd.kind, V_RETRY, "no connection");
	T_EQ_INT(verdict_exit(&vd), 10, "no connection: exit 10");
	conf_free(&c);
	free(s);
}

static void
test_keepalive(void)
{
	struct mserver *s = calloc(1, sizeof *s);
	struct conf c;
	struct conn cn;
	struct verdict v;

	mkconf(&c, "iris", "{}");
	/* Two jobs over one connection. */
	s->n = 2;
	s->c[0].answer[0] = OK200;
	s->c[0].answer[1] = OK200;
	conn_init(&cn);
	cn.dial = m_dial;
	cn.dial_ctx = s;
	run1(&c, &cn, 1, &v);
	T_EQ_INT(v.kind, V_DELIVERED, "keep-alive 1");
	T_OK(strstr(s->c[0].req, "Connection: keep-alive\r\n") != NULL,
	    "keep-alive asked");
	T_EQ_INT(cn.open, 1, "kept open");
	run1(&c, &cn, 1, &v);
	T_EQ_INT(v.kind, V_DELIVERED, "keep-alive 2");
	T_EQ_INT(s->dials, 1, "one connection for two alerts");
	T_EQ_INT(s->c[0].asked, 2, "two requests on it");
	conn_close(&cn);

	/* The server says close: the next job dials again. */
	memset(s, 0, sizeof *s);
	s->n = 2;
	s->c[0].answer[0] = "HTTP/1.1 200 OK\r\nConnection: close\r\n"
	    "Content-Length: 2\r\n\r\nok";
	s->c[1].answer[0] = OK200;
	conn_init(&cn);
	cn.dial = m_dial;
	cn.dial_ctx = s;
	run1(&c, &cn, 1, &v);
	T_EQ_INT(cn.open, 0, "closed after Connection: close");
	run1(&c, &cn, 1, &v);
	T_EQ_INT(v.kind, V_DELIVERED, "second on a new connection");
	T_EQ_INT(s->dials, 2, "two connections");
	conn_close(&cn);

	/* A body framed by EOF ends the connection. */
	memset(s, 0, sizeof *s);
	s->n = 2;
	s->c[0].answer[0] = "HTTP/1.0 200 OK\r\n\r\nok";
	s->c[1].answer[0] = OK200;
	conn_init(&cn);
	cn.dial = m_dial;
	cn.dial_ctx = s;
	run1(&c, &cn, 1, &v);
	T_EQ_INT(v.kind, V_DELIVERED, "EOF-framed delivered");
	T_EQ_INT(cn.open, 0, "EOF-framed: not kept");
	conn_close(&cn);

	/*
	 * A kept connection the server closed meanwhile: the request fails
	 * before any byte of an answer and goes once more on a new one.
	 */
	memset(s, 0, sizeof *s);
	s->n = 2;
	s->c[0].answer[0] = OK200;
	s->c[0].end = END_EOF;
	s->c[1].answer[0] = OK200;
	conn_init(&cn);
	cn.dial = m_dial;
	cn.dial_ctx = s;
	run1(&c, &cn, 1, &v);
	T_EQ_INT(cn.open, 1, "kept");
	run1(&c, &cn, 1, &v);
	T_EQ_INT(v.kind, V_DELIVERED, "stale connection: sent again");
	T_EQ_INT(s->dials, 2, "stale connection: one new connection");
	T_EQ_INT(s->c[1].asked, 1, "stale connection: the request went again");
	conn_close(&cn);

	/* A fresh connection that dies before answering is not retried. */
	memset(s, 0, sizeof *s);
	s->n = 2;
	s->c[0].end = END_RESET;
	s->c[1].answer[0] = OK200;
	conn_init(&cn);
	cn.dial = m_dial;
	cn.dial_ctx = s;
	run1(&c, &cn, 1, &v);
	T_EQ_INT(v.kind, V_RETRY, "fresh connection reset: a retry verdict");
	T_EQ_INT(s->dials, 1, "fresh connection reset: not sent again");
	conn_close(&cn);

	/* A 2xx cut short: delivered, with a note; the connection is gone. */
	memset(s, 0, sizeof *s);
	s->n = 1;
	s->c[0].answer[0] = "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n0123";
	s->c[0].end = END_RESET;
	conn_init(&cn);
	cn.dial = m_dial;
	cn.dial_ctx = s;
	run1(&c, &cn, 1, &v);
	T_EQ_INT(v.kind, V_DELIVERED, "cut short: delivered");
	T_OK(strncmp(v.reason, "response cut short", 18) == 0, "cut short: "
	    "note: %s", v.reason);
	T_EQ_INT(cn.open, 0, "cut short: not kept");
	conn_close(&cn);
	conf_free(&c);
	free(s);
}

static void
test_backoff(void)
{
	int64_t w;
	int a;

	for (a = 1; a <= 12; a++) {
		int64_t d = 1000;
		int i;

		for (i = 1; i < a && d < 300000; i++)
			d *= 2;
		if (d > 300000)
			d = 300000;
		w = attempt_backoff(a, 1000, 300000, -1, 0);
		T_EQ_INT(w, d / 2, "backoff low end");
		w = attempt_backoff(a, 1000, 300000, -1, (unsigned)(d / 2));
		T_EQ_INT(w, d, "backoff high end");
	}
	T_EQ_INT(attempt_backoff(1, 1000, 300000, 30, 0), 30000,
	    "Retry-After longer than the backoff wins");
	T_EQ_INT(attempt_backoff(9, 1000, 300000, 1, 0), 128000,
	    "a shorter Retry-After does not shorten the backoff");
	T_EQ_INT(attempt_backoff(40, 1000, 300000, -1, 0), 150000, "capped");
}

static void
test_jira(void)
{
	struct mserver *s = calloc(1, sizeof *s);
	struct conf c;
	struct conn cn;
	struct verdict v;
	char opts[512];

	snprintf(opts, sizeof opts, "{\"project\":\"SOC\",\"parent_cache_seconds\":0}");
	mkconf(&c, "jira", opts);
	s->n = 1;
	s->c[0].answer[0] = "HTTP/1.1 200 OK\r\nContent-Length: 27\r\n\r\n"
	    "{\"issues\":[],\"isLast\":true}";
	s->c[0].answer[1] = "HTTP/1.1 201 Created\r\nContent-Length: 25\r\n\r\n"
	    "{\"id\":\"10\",\"key\":\"SOC-7\"}";
	conn_init(&cn);
	cn.dial = m_dial;
	cn.dial_ctx = s;
	run1(&c, &cn, 0, &v);
	T_EQ_INT(v.kind, V_DELIVERED, "jira: search then create");
	T_EQ_STR(v.reason, "", "jira: no failure");
	T_EQ_INT(v.requests, 2, "jira: two requests");
	T_EQ_INT(s->dials, 1, "jira: one connection (keep-alive within a job)");
	T_OK(strstr(s->c[0].req, "GET /rest/api/3/search/jql?jql=") != NULL,
	    "jira: the search");
	T_OK(strstr(s->c[0].req, "POST /rest/api/3/issue HTTP/1.1") != NULL,
	    "jira: the create");
	T_EQ_STR(v.extra, "issue=SOC-7", "jira: the key");
	conn_close(&cn);
	/* A search refused with 503: retry later, no duplicate parent. */
	memset(s, 0, sizeof *s);
	s->n = 1;
	s->c[0].answer[0] = "HTTP/1.1 503 Busy\r\nContent-Length: 0\r\n\r\n";
	conn_init(&cn);
	cn.dial = m_dial;
	cn.dial_ctx = s;
	run1(&c, &cn, 0, &v);
	T_EQ_INT(v.kind, V_RETRY, "jira: busy search is a retry");
	T_EQ_INT(v.requests, 1, "jira: no create after a busy search");
	conn_close(&cn);
	/* A search refused with 400 (JQL): a new parent, the alert kept. */
	memset(s, 0, sizeof *s);
	s->n = 1;
	s->c[0].answer[0] = "HTTP/1.1 400 Bad\r\nContent-Length: 0\r\n\r\n";
	s->c[0].answer[1] = "HTTP/1.1 201 Created\r\nContent-Length: 25\r\n\r\n"
	    "{\"id\":\"11\",\"key\":\"SOC-8\"}";
	conn_init(&cn);
	cn.dial = m_dial;
	cn.dial_ctx = s;
	run1(&c, &cn, 0, &v);
	T_EQ_INT(v.kind, V_DELIVERED, "jira: refused search, new parent");
	T_EQ_STR(v.extra, "issue=SOC-8", "jira: its key");
	conn_close(&cn);
	conf_free(&c);
	free(s);
}

int
main(void)
{
	t_alert = slurp("tests/fixtures/alerts/ssh-bruteforce-5712.json",
	    &t_alert_len);
	T_OK(t_alert != NULL, "fixture alert");
	if (t_alert == NULL)
		return t_done();
	test_verdicts();
	test_keepalive();
	test_backoff();
	test_jira();
	free(t_alert);
	return t_done();
}
