/*
 * fuzz_tmpl: input = template JSON, a NUL byte, alert JSON (no NUL: the
 * first half is the template, the rest the alert).  Both parsed, the
 * template checked and rendered whether or not the check passed, and as
 * text when it is a string.  A successful render must be valid JSON
 * (abort otherwise): alert text must never break the output.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "alert.h"
#include "json.h"
#include "md.h"
#include "tmpl.h"

#define FUZZ_OUT_CAP	(512 * 1024)

/*
 * A rendered output must be valid JSON; one nested deeper than
 * json_validate reads (a deep alert placed in a deep template: the
 * writer allows that) is only checked that far.
 */
static void
fuzz_valid(const struct buf *b)
{
	int e = json_validate(b->p, b->len, NULL);

	if (e != JSON_OK && e != JSON_E_DEPTH)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data, *nul;
	struct alert a;
	struct json tj;
	struct buf b;
	struct jw w;
	char why[512], *out;
	size_t tlen, apos;
	int pretty;

	if ((nul = memchr(s, '\0', size)) != NULL) {
		tlen = (size_t)(nul - s);
		apos = tlen + 1;
	} else {
		tlen = size / 2;
		apos = tlen;
	}
	if (json_parse(&tj, s, tlen) != JSON_OK)
		return 0;
	if (alert_load_mem(&a, s + apos, size - apos, "fuzz", why, sizeof why)
	    != ALERT_OK) {
		json_free(&tj);
		return 0;
	}
	if ((out = malloc(FUZZ_OUT_CAP)) == NULL)
		abort();
	(void)tmpl_check(&tj, 0, "fuzz", why, sizeof why);
	for (pretty = 0; pretty <= 2; pretty += 2) {
		buf_init(&b, out, FUZZ_OUT_CAP);
		jw_init(&w, &b, pretty);
		if (tmpl_render(&w, &tj, 0, &a) == 0)
			fuzz_valid(&b);
	}
	/* A small output buffer: overflow must be clean, never partial. */
	buf_init(&b, out, 64);
	jw_init(&w, &b, 0);
	if (tmpl_render(&w, &tj, 0, &a) == 0)
		fuzz_valid(&b);
	buf_init(&b, out, FUZZ_OUT_CAP);
	if (tmpl_render_text(&b, &tj, 0, &a) == 0 &&
	    (!json_is_str(&tj, 0) || b.len >= FUZZ_OUT_CAP))
		abort();
	/* URL mode: text only, and nothing outside a URL's bytes from values. */
	buf_init(&b, out, FUZZ_OUT_CAP);
	if (tmpl_render_url(&b, &tj, 0, &a) == 0 && !json_is_str(&tj, 0))
		abort();
	/* As one JSON string, Markdown-escaped values, in a small buffer too. */
	buf_init(&b, out, FUZZ_OUT_CAP);
	jw_init(&w, &b, 0);
	if (tmpl_render_str(&w, &tj, 0, &a, md_inline) == 0)
		fuzz_valid(&b);
	buf_init(&b, out, 64);
	jw_init(&w, &b, 0);
	if (tmpl_render_str(&w, &tj, 0, &a, NULL) == 0)
		fuzz_valid(&b);
	free(out);
	alert_free(&a);
	json_free(&tj);
	return 0;
}
