/*
 * iris: the DFIR-IRIS alert body (destinations.md 2), built by a pure
 * function from the alert and the options; no I/O.
 */
#ifndef IRIS_H
#define IRIS_H

#include <stddef.h>

#include "alert.h"
#include "buf.h"
#include "opts.h"

#define IRIS_LEVELS		17	/* Wazuh rule levels 0..16 */
#define IRIS_DESC_LOG_MAX	32768	/* full_log bytes quoted in the description */

struct iris_conf {
	long long	 customer_id;		/* default 1 */
	long long	 status_id;		/* default 2 (New) */
	long long	 ioc_tlp_id;		/* default 2 (amber) */
	long long	 asset_type_id;		/* -1: guess from the alert */
	int		 iocs;			/* default on */
	int		 assets;		/* default on */
	int		 severity[IRIS_LEVELS];	/* level -> alert_severity_id */
	const struct opts *opts;		/* tags and templates */
	int		 tags_tok;		/* token of "tags", or -1 */
	/* templates (tmpl.h), or -1: */
	int		 title_tok;		/* replaces alert_title */
	int		 desc_tok;		/* replaces alert_description */
	int		 link_tok;		/* alert_source_link */
	int		 context_tok;		/* replaces alert_context */
};

/* The option keys the IRIS destination reads (NULL-terminated). */
extern const char *const iris_keys[];

/*
 * Defaults, then the IRIS options from o (o may hold no options).
 * Returns 0, or -1 with why set (a wrong type or range names the key).
 */
int	iris_conf_load(struct iris_conf *c, const struct opts *o, char *why,
	    size_t cap);
/*
 * Append the request body for alert a to body.  Returns 0, or -1 when
 * body overflowed.
 */
int	iris_build(const struct alert *a, const struct iris_conf *c,
	    struct buf *body);
/* The IRIS severity for a rule level under c (level clamped to 0..16). */
int	iris_severity(const struct iris_conf *c, long long level);
/*
 * Normalize a Wazuh timestamp ("2024-01-15T10:30:45.123+0000") to ISO
 * 8601 with a colon in the offset; returns 0, or -1 if s is not one.
 */
int	iris_time(const char *s, size_t len, struct buf *out);

#endif
