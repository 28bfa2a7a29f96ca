/*
 * job: one alert to deliver - the alert, its ids, its deadline, the
 * request body's storage and the destination's own per-job state.
 */
#ifndef JOB_H
#define JOB_H

#include <stddef.h>
#include <stdint.h>

#include "alert.h"
#include "buf.h"

#define JOB_BODY_MAX	(4 * 1024 * 1024)

struct job {
	struct alert	 alert;		/* owned */
	char		 alert_id[64];	/* "id", or "" */
	char		 rule_id[32];	/* "rule.id", or "" */
	int64_t		 start;		/* ms, monotonic: the attempt began */
	int64_t		 deadline;	/* ms, monotonic */
	struct buf	 body;		/* request body storage (job_body) */
	char		*bodystore;
	void		*dstate;	/* the destination's, freed by dest->end */
	char		 warn[256];	/* a warning an attempt step leaves */
	int		 warned_plain;	/* the plain-http warning was given */
};

/*
 * Load the alert at path (or from memory with job_load_mem) and its
 * ids.  Returns ALERT_OK or an alert_err with why set (alert.h).
 */
int	job_load(struct job *j, const char *path, char *why, size_t cap);
int	job_load_mem(struct job *j, const char *data, size_t len,
	    const char *name, char *why, size_t cap);
/*
 * Storage for request bodies: the alert's size x 3 (escapes) plus room
 * for our fields, at most JOB_BODY_MAX, allocated once per job and
 * reset.  Returns the buffer, or NULL when out of memory.
 */
struct buf *job_body(struct job *j);
void	job_free(struct job *j);

#endif
