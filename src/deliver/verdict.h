/*
 * verdict: what one attempt at delivering an alert came to, and the one
 * place that maps it to an exit code and to what happens next (send
 * again later, keep it for the operator, drop it as a dead letter).
 * Attempts never sleep: a verdict says when to try again, callers
 * schedule.
 */
#ifndef VERDICT_H
#define VERDICT_H

#include "http.h"

/* Exit codes (README "Exit codes").  Never 127: integratord then logs argv. */
enum relay_exit {
	EX_OK = 0,		/* delivered (or skipped by policy, or spooled) */
	EX_INTERNAL = 1,	/* out of memory, internal error */
	EX_USAGE = 2,		/* bad arguments or options */
	EX_NOALERT = 6,		/* alert file missing or unreadable */
	EX_BADALERT = 7,	/* alert is not one valid JSON object */
	EX_NET = 10,		/* DNS, connect, reset, proxy */
	EX_TIMEOUT = 11,	/* the overall deadline passed */
	EX_TLS = 12,		/* handshake or certificate refused */
	EX_HTTP4XX = 13,	/* the destination refused the request */
	EX_HTTP5XX = 14,	/* server error or 429 after all retries */
	EX_HTTPBAD = 15		/* redirect or malformed response */
};

enum verdict_kind {
	V_DELIVERED = 0,	/* a 2xx (reason may hold a note) */
	V_SKIPPED,		/* not sent on purpose (a skip list) */
	V_RETRY,		/* a later attempt may succeed by itself */
	V_FAILED		/* needs the operator, or the alert is refused */
};

/* Why an attempt did not deliver. */
enum verdict_why {
	W_NONE = 0,
	W_NET,		/* DNS, connect, reset, proxy refused: retry */
	W_TIMEOUT,	/* the deadline passed: retry */
	W_SERVER,	/* 5xx, 408, 429: retry (retry_after) */
	W_TLS,		/* handshake or certificate refused: operator */
	W_AUTH,		/* 401, 403: operator */
	W_BAD,		/* redirect, malformed response: operator */
	W_REJECT,	/* another 4xx: this alert's payload is refused */
	W_CONFIG,	/* the configuration is wrong: operator */
	W_INTERNAL	/* out of memory and such */
};

struct verdict {
	int	 kind;		/* enum verdict_kind */
	int	 why;		/* enum verdict_why */
	int	 status;	/* last HTTP status, 0 if none */
	int	 requests;	/* HTTP requests sent in this attempt */
	long	 retry_after;	/* seconds the server asked for, or -1 */
	char	 reason[512];	/* one line, secret-free: why, or a note */
	char	 extra[256];	/* log pairs a destination adds on success */
};

/* Reset v for a new attempt. */
void	verdict_init(struct verdict *v);
/* Set a failure: kind from why (W_NET/W_TIMEOUT/W_SERVER retry). */
void	verdict_fail(struct verdict *v, int why, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
/* The exit code of v (EX_OK for delivered and skipped). */
int	verdict_exit(const struct verdict *v);
/*
 * The usual judgement of a response: 2xx delivered (with a note when its
 * body was cut short), 3xx a redirect not followed (its Location
 * without query logged), 401/403 auth, 408/429/5xx retry with
 * Retry-After, any other 4xx a rejection; the server's short message in
 * the reason.
 */
void	verdict_http(struct verdict *v, const struct http_resp *resp);
/*
 * The server's short message for logs (IRIS/Shuffle "message"/"reason",
 * Jira "errorMessages"/"errors", else the body): cleaned, <= max bytes.
 */
void	verdict_snippet(const struct http_resp *resp, struct buf *b, size_t max);

#endif
