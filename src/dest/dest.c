/*
 * dest: the destination table and what destinations share (see dest.h).
 */
#include <string.h>

#include "dest.h"
#include "verdict.h"

extern const struct dest dest_iris, dest_jira, dest_shuffle, dest_webhook;

static const struct dest *const dest_table[] = {
	&dest_iris, &dest_jira, &dest_shuffle, &dest_webhook,
};

/* see dest.h */
const struct dest *
dest_find(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof dest_table / sizeof dest_table[0]; i++)
		if (strcmp(dest_table[i]->name, name) == 0)
			return dest_table[i];
	return NULL;
}

/* see dest.h */
const char *
dest_names(void)
{
	return "iris, jira, shuffle, webhook";
}

/* see dest.h */
int
dest_bearer(const char *key, char *dst, size_t cap)
{
	struct buf b;

	buf_init(&b, dst, cap);
	buf_puts(&b, "Bearer ");
	buf_puts(&b, key);
	return b.err ? -1 : 0;
}

/* see dest.h */
int
dest_begin_none(const struct conf *c, struct job *j, struct verdict *v)
{
	return 0;
}

/* see dest.h */
int
dest_judge_http(const struct conf *c, struct job *j,
    const struct http_resp *resp, struct verdict *v)
{
	verdict_http(v, resp);
	return 0;
}

/* see dest.h */
void
dest_end_none(struct job *j)
{
}
