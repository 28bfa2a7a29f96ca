/* see alert.h */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "alert.h"

/* The legacy format starts with alertdate='... (wazuh-contract.md 3.3). */
static int
alert_is_legacy(const char *s, size_t len)
{
	return len >= 11 && memcmp(s, "alertdate='", 11) == 0;
}

static int
alert_parse(struct alert *a, const char *name, char *why, size_t cap)
{
	int line, col, err;

	if (alert_is_legacy(a->text, a->len)) {
		snprintf(why, cap, "alert file %s is in the legacy key='value' "
		    "format: add <alert_format>json</alert_format> to the "
		    "<integration> block", name);
		return ALERT_E_LEGACY;
	}
	err = json_parse_object(&a->js, a->text, a->len);
	if (err == JSON_OK)
		return ALERT_OK;
	a->jerr = err;
	switch (err) {
	case JSON_E_EMPTY:
	case JSON_E_DEPTH:
	case JSON_E_TOKENS:
	case JSON_E_NOTOBJECT:
	case JSON_E_NOMEM:
		snprintf(why, cap, "alert file %s: invalid alert JSON: %s",
		    name, json_strerror(err));
		break;
	default:
		json_linecol(a->text, a->len, a->js.errpos, &line, &col);
		snprintf(why, cap, "alert file %s: invalid alert JSON: %s "
		    "at line %d column %d (byte %zu)", name, json_strerror(err),
		    line, col, a->js.errpos);
		break;
	}
	return err == JSON_E_NOMEM ? ALERT_E_NOMEM : ALERT_E_JSON;
}

int
alert_load(struct alert *a, const char *path, char *why, size_t cap)
{
	struct buf b;
	int rc;

	memset(a, 0, sizeof *a);
	/* At most the cap plus one byte: "too big" even for a FIFO. */
	rc = buf_slurp(&b, path, ALERT_MAX_SIZE);
	a->text = b.p;
	if (rc == -1) {
		rc = errno;
		snprintf(why, cap, "alert file %s: %s", path, strerror(rc));
		alert_free(a);
		return rc == ENOMEM ? ALERT_E_NOMEM : ALERT_E_NOTFOUND;
	}
	if (rc == 1) {
		snprintf(why, cap, "alert file %s: larger than %d bytes (or "
		    "growing)", path, ALERT_MAX_SIZE);
		alert_free(a);
		return ALERT_E_TOOBIG;
	}
	a->len = b.len;
	if ((rc = alert_parse(a, path, why, cap)) != ALERT_OK) {
		int jerr = a->jerr;

		alert_free(a);
		a->jerr = jerr;
	}
	return rc;
}

int
alert_load_mem(struct alert *a, const char *data, size_t len,
    const char *name, char *why, size_t cap)
{
	int rc;

	memset(a, 0, sizeof *a);
	if (len > ALERT_MAX_SIZE) {
		snprintf(why, cap, "alert %s: larger than %d bytes", name,
		    ALERT_MAX_SIZE);
		return ALERT_E_TOOBIG;
	}
	if ((a->text = malloc(len + 1)) == NULL) {
		snprintf(why, cap, "out of memory");
		return ALERT_E_NOMEM;
	}
	if (len > 0)
		memcpy(a->text, data, len);
	a->text[len] = '\0';
	a->len = len;
	if ((rc = alert_parse(a, name, why, cap)) != ALERT_OK) {
		int jerr = a->jerr;

		alert_free(a);
		a->jerr = jerr;
	}
	return rc;
}

void
alert_free(struct alert *a)
{
	json_free(&a->js);
	free(a->text);
	memset(a, 0, sizeof *a);
}

int
alert_get(const struct alert *a, const char *path)
{
	if (a->js.n <= 0)
		return -1;
	return json_path(&a->js, 0, path);
}

int
alert_text(const struct alert *a, const char *path, struct buf *b)
{
	int i;

	buf_reset(b);
	if ((i = alert_get(a, path)) == -1)
		return 0;
	if (json_get_text(&a->js, i, b) == -1 || b->err) {
		buf_reset(b);
		return 0;
	}
	return b->len > 0;
}
