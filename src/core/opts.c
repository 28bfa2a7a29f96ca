/* see opts.h */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "opts.h"

static int
opts_parse(struct opts *o, const char *name, char *why, size_t cap)
{
	int err, line, col;

	err = json_parse_object(&o->js, o->text, o->len);
	if (err == JSON_OK)
		return 0;
	if (err == JSON_E_EMPTY || err == JSON_E_NOTOBJECT || err == JSON_E_DEPTH ||
	    err == JSON_E_TOKENS || err == JSON_E_NOMEM)
		snprintf(why, cap, "options %s: %s (expected one JSON object)",
		    name, json_strerror(err));
	else {
		json_linecol(o->text, o->len, o->js.errpos, &line, &col);
		snprintf(why, cap, "options %s: %s at line %d column %d",
		    name, json_strerror(err), line, col);
	}
	opts_free(o);
	return -1;
}

int
opts_load(struct opts *o, const char *path, char *why, size_t cap)
{
	struct buf b;
	int rc;

	memset(o, 0, sizeof *o);
	if (path == NULL || path[0] == '\0')
		return 0;
	rc = buf_slurp(&b, path, OPTS_MAX_SIZE);
	o->text = b.p;
	if (rc != 0) {
		int e = errno;

		if (rc == 1)
			snprintf(why, cap, "options file %s: larger than %d bytes",
			    path, OPTS_MAX_SIZE);
		else
			snprintf(why, cap, "options file %s: %s", path,
			    strerror(e));
		rc = rc == -1 && e == ENOENT ? 1 : -1;
		opts_free(o);
		return rc;
	}
	o->len = b.len;
	return opts_parse(o, path, why, cap);
}

int
opts_load_mem(struct opts *o, const char *text, size_t len, char *why, size_t cap)
{
	memset(o, 0, sizeof *o);
	if ((o->text = malloc(len + 1)) == NULL) {
		snprintf(why, cap, "out of memory");
		return -1;
	}
	memcpy(o->text, text, len);
	o->text[len] = '\0';
	o->len = len;
	return opts_parse(o, "(memory)", why, cap);
}

void
opts_free(struct opts *o)
{
	json_free(&o->js);
	/* The options may hold header values (auth) and proxy credentials. */
	if (o->text != NULL)
		explicit_bzero(o->text, o->len);
	free(o->text);
	memset(o, 0, sizeof *o);
}

int
opts_get(const struct opts *o, const char *key)
{
	if (o->js.n <= 0)
		return -1;
	return json_obj_get(&o->js, 0, key);
}

int
opts_str(const struct opts *o, const char *key, char *dst, size_t cap,
    char *why, size_t wcap)
{
	struct buf b;
	int i;

	if ((i = opts_get(o, key)) == -1)
		return 0;
	buf_init(&b, dst, cap);
	if (!json_is_str(&o->js, i) || json_get_str(&o->js, i, &b) == -1) {
		snprintf(why, wcap, "options: \"%s\" must be a string", key);
		return -1;
	}
	if (b.err) {
		snprintf(why, wcap, "options: \"%s\" is longer than %zu bytes",
		    key, cap - 1);
		return -1;
	}
	if (memchr(dst, '\0', b.len) != NULL) {
		snprintf(why, wcap, "options: \"%s\" contains a NUL", key);
		return -1;
	}
	return 1;
}

int
opts_int(const struct opts *o, const char *key, long long min, long long max,
    long long *out, char *why, size_t wcap)
{
	int i;

	if ((i = opts_get(o, key)) == -1)
		return 0;
	if (json_get_int(&o->js, i, min, max, out) == -1) {
		snprintf(why, wcap, "options: \"%s\" must be an integer from "
		    "%lld to %lld", key, min, max);
		return -1;
	}
	return 1;
}

int
opts_bool(const struct opts *o, const char *key, int *out, char *why,
    size_t wcap)
{
	int i;

	if ((i = opts_get(o, key)) == -1)
		return 0;
	if (json_get_bool(&o->js, i, out) == -1) {
		snprintf(why, wcap, "options: \"%s\" must be true or false", key);
		return -1;
	}
	return 1;
}

void
opts_unknown(const struct opts *o, const char *const *const *known,
    void (*warn)(void *ctx, const char *key), void *ctx)
{
	char keystore[128];
	struct buf kb;
	int i, k, found;
	size_t l, m;

	if (o->js.n <= 0)
		return;
	i = 1;
	for (k = 0; k < o->js.t[0].size && i < o->js.n; k++) {
		buf_init(&kb, keystore, sizeof keystore);
		json_get_str(&o->js, i, &kb);
		found = 0;
		for (l = 0; known[l] != NULL && !found; l++)
			for (m = 0; known[l][m] != NULL; m++)
				if (!kb.err && strcmp(known[l][m], kb.p) == 0) {
					found = 1;
					break;
				}
		if (!found)
			warn(ctx, kb.p);
		i = json_skip(&o->js, i + 1);
		if (i == -1)
			break;
	}
}
