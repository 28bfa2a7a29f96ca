/*
 * opts: the <options> file, one JSON object (wazuh-contract.md 3.4).
 * Values are read on demand with typed getters that report a wrong
 * type as an error naming the key.  The text and tokens are owned here.
 */
#ifndef OPTS_H
#define OPTS_H

#include <stddef.h>

#include "json.h"

#define OPTS_MAX_SIZE	(256 * 1024)

struct opts {
	char		*text;	/* owned */
	size_t		 len;
	struct json	 js;	/* js.n == 0: no options */
};

/*
 * Load path (NULL or "": no options).  Returns 0 loaded (or none given),
 * 1 when the file does not exist (why says so; callers warn and go on,
 * as the official scripts do), -1 on an unreadable file or invalid JSON
 * (why has the parse position).
 */
int	opts_load(struct opts *o, const char *path, char *why, size_t cap);
/* The same from memory (tests). */
int	opts_load_mem(struct opts *o, const char *text, size_t len, char *why,
	    size_t cap);
void	opts_free(struct opts *o);

/* Token of key at the top level, or -1. */
int	opts_get(const struct opts *o, const char *key);
/*
 * Typed getters: 0 when absent (out untouched), 1 when present and
 * valid, -1 when present with the wrong type or out of range (why set).
 */
int	opts_str(const struct opts *o, const char *key, char *dst, size_t cap,
	    char *why, size_t wcap);
int	opts_int(const struct opts *o, const char *key, long long min,
	    long long max, long long *out, char *why, size_t wcap);
int	opts_bool(const struct opts *o, const char *key, int *out, char *why,
	    size_t wcap);
/*
 * Call warn(ctx, key) for each top-level key found in none of the
 * NULL-terminated lists in known[] (itself NULL-terminated).
 */
void	opts_unknown(const struct opts *o, const char *const *const *known,
	    void (*warn)(void *ctx, const char *key), void *ctx);

#endif
