/*
 * dest: the destinations, each one file behind one small interface -
 * load its options once, build each request of a job as a pure function
 * of the configuration and the job, judge each response.  The engine
 * (deliver/attempt.c) sends what a destination asks for; a destination
 * never opens a connection and never sleeps.  Adding a destination is a
 * file and a row in dest.c's table.
 */
#ifndef DEST_H
#define DEST_H

#include <stddef.h>

#include "buf.h"
#include "http.h"

struct conf;
struct job;
struct verdict;

#define DEST_MAX_HDRS	4	/* a destination's own headers per request */

/* One HTTP request a destination asks for. */
struct dest_req {
	const char	*method;	/* "POST", "GET" */
	const char	*path;		/* NULL: the hook URL's path and query */
	const char	*content_type;	/* NULL with no body */
	const struct buf *body;		/* NULL for GET */
	struct http_hdr	 hdrs[DEST_MAX_HDRS];	/* auth and the like */
	int		 nhdrs;
	int		 secret;	/* hdrs carry a credential */
	char		 pathstore[URL_MAX_PATH + 1];	/* for path */
	char		 hstore[3][80];	/* values the destination formats */
};

struct dest {
	const char		*name;
	const char *const	*keys;	/* the option keys it reads */
	int			 strict;/* options are settings only: an
					   unknown key is an error */
	int			 multi;	/* may send several requests per job */
	/*
	 * Parse the destination's options (c->opts) into c->dconf, which it
	 * owns, and check what it needs (a key, a project).  Called once,
	 * after the common options; c->url is not set for a dry run.
	 * Returns 0, or -1 with a one-line reason in why.
	 */
	int	(*load)(struct conf *c, char *why, size_t cap);
	/* Wipe and free c->dconf (NULL-safe). */
	void	(*unload)(struct conf *c);
	/*
	 * Begin an attempt at job j (again from its first request).  Returns
	 * 0 to send; 1 when the alert is not to be sent (v: skipped, with
	 * why); -1 when it cannot be (v set).  May read the destination's
	 * own state files (Jira's parent cache).
	 */
	int	(*begin)(const struct conf *c, struct job *j, struct verdict *v);
	/*
	 * The body this destination sends for j (what --dry-run prints):
	 * into b.  Returns 0, or -1 when it does not fit or cannot be built.
	 */
	int	(*build)(const struct conf *c, struct job *j, struct buf *b);
	/*
	 * The next request of the attempt at j into rq (body storage from
	 * job_body).  Returns 0, or -1 with v set.
	 */
	int	(*request)(const struct conf *c, struct job *j,
		    struct dest_req *rq, struct verdict *v);
	/*
	 * Judge the response to that request.  Returns 1 when the attempt
	 * goes on with another request, 0 when v is final.  A step that
	 * decides to go on despite a refusal says so in j->warn.
	 */
	int	(*judge)(const struct conf *c, struct job *j,
		    const struct http_resp *resp, struct verdict *v);
	/* Free j->dstate (NULL-safe). */
	void	(*end)(struct job *j);
};

/* The destination called name, or NULL. */
const struct dest *dest_find(const char *name);
/* "iris, jira, shuffle, webhook" */
const char *dest_names(void);

/*
 * Helpers for destinations.  dest_bearer: "Bearer KEY" into dst[cap]
 * (secrets never go through printf: musl's stages its output in a stack
 * buffer nobody wipes).  Returns 0, or -1 when it does not fit.
 */
int	dest_bearer(const char *key, char *dst, size_t cap);
/* begin() for destinations with no per-attempt state: 0. */
int	dest_begin_none(const struct conf *c, struct job *j, struct verdict *v);
/* judge() for one-request destinations: verdict_http, returns 0. */
int	dest_judge_http(const struct conf *c, struct job *j,
	    const struct http_resp *resp, struct verdict *v);
/* end() for destinations with no per-job state. */
void	dest_end_none(struct job *j);

#endif
