/*
 * attempt: one try at delivering a job - the destination's requests in
 * turn, over a connection that is opened or reused, each response
 * judged by the destination - ending in a verdict.  It never sleeps and
 * never retries by itself (beyond re-sending once on a kept connection
 * the server had closed): the one-shot run, the drainer and follow mode
 * each schedule with the verdict.  Logs debug lines (the request body)
 * and the warnings a step leaves (plain-http credentials, a refused Jira
 * search).
 */
#ifndef ATTEMPT_H
#define ATTEMPT_H

#include <stdint.h>

#include "conf.h"
#include "conn.h"
#include "job.h"
#include "log.h"
#include "verdict.h"

#define ATTEMPT_BACKOFF_MS	500	/* inline retries: first pause */
#define ATTEMPT_BACKOFF_MAX_MS	8000
#define ATTEMPT_MIN_MS		200	/* do not start an attempt with less left */

/*
 * Try job j once, by j->deadline, over cn.  keep: more jobs will follow
 * on cn (keep-alive).  v is set in every case.
 */
void	attempt(const struct conf *c, struct job *j, struct conn *cn, int keep,
	    struct logger *log, struct verdict *v);
/*
 * The pause before the next try after the attempt-th failure: base_ms
 * doubling per attempt up to max_ms, with full jitter in [d/2, d] from
 * rnd; at least retry_after seconds when the server asked (>= 0).
 */
int64_t	attempt_backoff(int attempt, int64_t base_ms, int64_t max_ms,
	    long retry_after, unsigned rnd);
/* A random number for attempt_backoff (getrandom, else the clock). */
unsigned attempt_random(void);

#endif
