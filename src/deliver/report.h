/*
 * report: what a delivery tells the operator, in one place - the
 * per-alert log line (logfmt, log.h) and, for a run under integratord,
 * the last stdout line, which integratord copies into ossec.log on
 * failure: one short, secret-free summary.
 */
#ifndef REPORT_H
#define REPORT_H

#include "conf.h"
#include "job.h"
#include "log.h"
#include "verdict.h"

/* What became of an alert (the log's result=). */
enum report_result {
	R_DELIVERED,	/* result=delivered */
	R_SKIPPED,	/* result=skipped: not sent on purpose */
	R_FAILED,	/* result=failed: not delivered, not kept */
	R_SPOOLED,	/* result=spooled: kept, a drainer sends it */
	R_DEAD,		/* result=dead: kept in dead/ for the operator */
	R_DROPPED	/* result=dropped: the spool's bounds removed it */
};

/* The ids and facts of one line. */
struct report {
	const char	*name;		/* the integration, for the summary */
	const char	*dest;		/* destination name, or NULL */
	const struct url *url;		/* its host is logged, or NULL */
	const char	*alert_id;	/* "" when absent */
	const char	*rule_id;
	int		 status;
	int		 attempts;
	long		 ms;
	int		 code;		/* the exit code */
};

/*
 * One line for r with result and its why (a failure's reason, or on
 * success a note; may be NULL) and extra pairs (may be NULL); and, when
 * summary, the last stdout line (the log's open failure noted).
 * Returns r->code.
 */
int	report_line(struct logger *log, const struct report *r, int result,
	    const char *why, const char *extra, int summary);
/* The facts of job j (may be NULL) under conf c (may be NULL). */
void	report_init(struct report *r, const struct conf *c, const struct job *j);
/* --dry-run: exactly the body on stdout. */
void	report_dry_run(const struct buf *body);

#endif
