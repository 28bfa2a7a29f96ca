/* see job.h */
#include <stdlib.h>
#include <string.h>

#include "job.h"

/* The ids, for log lines; empty when absent or too long. */
static void
job_ids(struct job *j)
{
	struct buf b;

	buf_init(&b, j->alert_id, sizeof j->alert_id);
	if (alert_text(&j->alert, "id", &b) == 0 || b.err)
		buf_reset(&b);
	buf_init(&b, j->rule_id, sizeof j->rule_id);
	if (alert_text(&j->alert, "rule.id", &b) == 0 || b.err)
		buf_reset(&b);
}

/* see job.h */
int
job_load(struct job *j, const char *path, char *why, size_t cap)
{
	int rc;

	memset(j, 0, sizeof *j);
	if ((rc = alert_load(&j->alert, path, why, cap)) == ALERT_OK)
		job_ids(j);
	return rc;
}

/* see job.h */
int
job_load_mem(struct job *j, const char *data, size_t len, const char *name,
    char *why, size_t cap)
{
	int rc;

	memset(j, 0, sizeof *j);
	if ((rc = alert_load_mem(&j->alert, data, len, name, why, cap)) == ALERT_OK)
		job_ids(j);
	return rc;
}

/* see job.h */
struct buf *
job_body(struct job *j)
{
	size_t cap = j->alert.len * 3 + 256 * 1024;

	if (j->bodystore == NULL) {
		if (cap > JOB_BODY_MAX)
			cap = JOB_BODY_MAX;
		if ((j->bodystore = malloc(cap)) == NULL)
			return NULL;
		buf_init(&j->body, j->bodystore, cap);
	}
	buf_reset(&j->body);
	return &j->body;
}

/* see job.h */
void
job_free(struct job *j)
{
	free(j->bodystore);
	alert_free(&j->alert);
	memset(j, 0, sizeof *j);
}
