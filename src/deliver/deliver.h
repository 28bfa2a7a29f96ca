/*
 * deliver: one request to the destination, with the retry policy, the
 * overall deadline, TLS and proxy.  Callers build the request; this
 * sends it (over TCP, TLS, or a CONNECT tunnel) until it succeeds, fails
 * for good, or the deadline passes.  Logs nothing; fills struct delivery.
 */
#ifndef DELIVER_H
#define DELIVER_H

#include "http.h"
#include "relay.h"

enum deliver_fail {
	DF_NONE = 0,
	DF_NET,		/* DNS, connect, reset, proxy refused */
	DF_TIMEOUT,	/* deadline */
	DF_TLS,		/* handshake / certificate */
	DF_HTTP4XX,	/* 4xx other than 408/429 */
	DF_HTTP5XX,	/* 5xx, 408 or 429 after the last attempt */
	DF_HTTPBAD,	/* 3xx, malformed response, request too big */
	DF_SETUP	/* bad configuration found at send time */
};

struct delivery {
	int	 fail;		/* enum deliver_fail */
	int	 status;	/* last HTTP status, 0 if none */
	int	 attempts;
	char	 reason[512];	/* one line, secret-free */
};

/*
 * Send req (its url must be r->url or share its host) and read the
 * response into resp, retrying per policy.  Returns 0 when a 2xx
 * arrived, else -1 with d->fail and d->reason set.
 */
int	deliver(struct run *r, const struct http_req *req, struct http_resp *resp,
	    struct delivery *d);
/* The exit code for a failed delivery. */
int	deliver_exit_code(const struct delivery *d);

#endif
