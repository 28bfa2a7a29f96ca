/*
 * drain: the drainer of one integration's spool.  Started by a run,
 * never by hand; one per integration (the spool's flock); it delivers
 * the spooled alerts oldest first over one keep-alive connection, backs
 * off from 1 s doubling to 5 minutes (with jitter, Retry-After
 * honoured) while the destination fails, and exits when the spool is
 * empty.  It keeps the run's configuration, the key included, in memory
 * only.  An alert leaves the spool only after its 2xx (or into dead/):
 * killed at any moment, nothing is lost, and delivery is at least once.
 */
#ifndef DRAIN_H
#define DRAIN_H

#include "conf.h"
#include "log.h"
#include "spool.h"
#include "verdict.h"

#define DRAIN_BACKOFF_MS	1000
#define DRAIN_BACKOFF_MAX_MS	(5 * 60 * 1000)
#define DRAIN_BATCH		64	/* ids listed per pass */
#define DRAIN_TAKEOVER_MS	2000	/* waiting for a replaced drainer */
#define DRAIN_STATE_EVERY	256	/* deliveries between state rewrites */

/*
 * Make sure a drainer works on s with c: when none holds the lock, start
 * one (it forks, calls setsid, forks again, points stdin, stdout and
 * stderr at /dev/null and closes every other descriptor, so
 * integratord's pipe reaches EOF at once); when one runs with another
 * configuration (its fingerprint differs: a key fixed since), stop it
 * and start one with c.  seed (may be NULL) is the failure that made the
 * run spool: a new drainer's state starts with it, so the runs that
 * follow report its exit code at once.  Returns 0, 1 when a drainer was already
 * running with c, or -1 (why set).  The caller's lock is released.
 */
int	drain_ensure(const struct conf *c, struct spool *s, struct logger *log,
	    const struct verdict *seed, char *why, size_t cap);

#endif
