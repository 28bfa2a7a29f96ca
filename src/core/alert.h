/*
 * alert: read the alert temp file (bounded), parse it as one JSON
 * object, and give path lookups over it.  The text and tokens are owned
 * by struct alert; lookups return views (token indices).
 */
#ifndef ALERT_H
#define ALERT_H

#include <stddef.h>

#include "json.h"

#define ALERT_MAX_SIZE	(1024 * 1024)	/* bytes read from the alert file */

enum alert_err {
	ALERT_OK = 0,
	ALERT_E_NOTFOUND,	/* no such file / unreadable (exit 6) */
	ALERT_E_TOOBIG,		/* over ALERT_MAX_SIZE (exit 7) */
	ALERT_E_LEGACY,		/* the key='value' format (exit 7) */
	ALERT_E_JSON,		/* not one valid JSON object (exit 7) */
	ALERT_E_NOMEM
};

struct alert {
	char		*text;	/* owned, NUL-terminated */
	size_t		 len;
	struct json	 js;
	int		 jerr;	/* json_err when err == ALERT_E_JSON */
};

/*
 * Load and parse path.  Returns ALERT_OK or an alert_err and writes a
 * one-line reason into why[cap] ("alert file /tmp/x.alert: nesting
 * deeper than 64 at byte 70").  Does not log.
 */
int	alert_load(struct alert *a, const char *path, char *why, size_t cap);
/* The same over a memory copy (tests, fuzzers); data is copied. */
int	alert_load_mem(struct alert *a, const char *data, size_t len,
	    const char *name, char *why, size_t cap);
void	alert_free(struct alert *a);

/* Token at dotted path from the root, or -1. */
int	alert_get(const struct alert *a, const char *path);
/*
 * Decoded text of the scalar at path into b (cleared first); returns 1
 * if a non-empty value was found, else 0 (b left empty).
 */
int	alert_text(const struct alert *a, const char *path, struct buf *b);

#endif
