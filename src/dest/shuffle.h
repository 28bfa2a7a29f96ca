/*
 * shuffle: the body of Wazuh's own shuffle integration (shuffle.py,
 * v4.14.7), so existing workflows ($exec.title, $exec.severity,
 * $exec.all_fields.*) keep working; plus the skip list.  Pure.
 */
#ifndef SHUFFLE_H
#define SHUFFLE_H

#include <stddef.h>

#include "alert.h"
#include "buf.h"
#include "opts.h"

extern const char *const shuffle_keys[];

struct shuffle_conf {
	const struct opts *opts;
	int		 skip_tok;	/* "skip_rules" array, or -1: defaults */
	const char *const *const *reserved;	/* keys not merged into the body */
};

/*
 * Load the Shuffle options; reserved is the NULL-terminated list of
 * NULL-terminated key lists that are settings, not body fields.
 * Returns 0, or -1 with why set.
 */
int	shuffle_conf_load(struct shuffle_conf *c, const struct opts *o,
	    const char *const *const *reserved, char *why, size_t cap);
/* 1 if the alert's rule id is in the skip list (default or skip_rules). */
int	shuffle_skip(const struct alert *a, const struct shuffle_conf *c);
/*
 * The body: severity (level <= 4: 1, 5-7: 2, else 3), pretext, title,
 * text, rule_id, timestamp, id, all_fields; then every option key that
 * is not a setting, rendered as a template, replacing a field of the
 * same name in place (dict.update) or appended.  Returns 0, or -1 if
 * body overflowed.
 */
int	shuffle_build(const struct alert *a, const struct shuffle_conf *c,
	    struct buf *body);
/* 1 if path ends in /webhook_<UUID> (Shuffle's 44-character hook id). */
int	shuffle_hook_ok(const char *path, size_t pathlen);

#endif
