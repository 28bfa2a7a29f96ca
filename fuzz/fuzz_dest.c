/*
 * fuzz_dest: every destination's pure builder on arbitrary options and
 * alerts.  Input: options JSON, a NUL byte, then the alert (no NUL: no
 * options).  For each of IRIS, Shuffle, the webhook and Jira (both API
 * modes), load the options and, when they load, build the body: it
 * must be valid JSON (a body deeper than json_validate checks is
 * re-parsed by depth only), and Jira's summary, JQL and search path
 * must hold no control byte.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "alert.h"
#include "iris.h"
#include "jira.h"
#include "opts.h"
#include "conf.h"
#include "shuffle.h"
#include "url.h"
#include "webhook.h"

#define BODY_MAX	(4 * 1024 * 1024)

/* A built body: valid JSON, or only too deep for json_validate's bound. */
static void
fuzz_body(int rc, struct buf *b)
{
	int e;

	if (rc == 0 && (e = json_validate(b->p, b->len, NULL)) != JSON_OK &&
	    e != JSON_E_DEPTH)
		abort();
	buf_reset(b);
}

static void
fuzz_clean(const char *s, size_t n, int allow_space)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f ||
		    (!allow_space && s[i] == ' '))
			abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const *const reserved[] = { conf_common_keys,
	    shuffle_keys, NULL };
	const char *nul, *alert = (const char *)data;
	size_t alen = size;
	struct alert a;
	struct opts o;
	struct iris_conf ic;
	struct shuffle_conf sc;
	struct webhook_conf wc;
	struct jira_conf jc;
	struct url u;
	struct buf b, sum, jql, path;
	char why[600], sstore[1100], jstore[2048], *store, *pstore;
	int api;

	memset(&o, 0, sizeof o);
	if ((nul = memchr(data, '\0', size)) != NULL) {
		if (opts_load_mem(&o, (const char *)data, (size_t)(nul - alert),
		    why, sizeof why) != 0)
			return 0;
		alert = nul + 1;
		alen = size - (size_t)(nul - (const char *)data) - 1;
	}
	if (alert_load_mem(&a, alert, alen, "fuzz", why, sizeof why) != ALERT_OK) {
		opts_free(&o);
		return 0;
	}
	if ((store = malloc(BODY_MAX)) == NULL ||
	    (pstore = malloc(URL_MAX_PATH + 1)) == NULL)
		abort();
	buf_init(&b, store, BODY_MAX);
	if (iris_conf_load(&ic, &o, why, sizeof why) == 0)
		fuzz_body(iris_build(&a, &ic, &b), &b);
	if (shuffle_conf_load(&sc, &o, reserved, why, sizeof why) == 0) {
		(void)shuffle_skip(&a, &sc);
		fuzz_body(shuffle_build(&a, &sc, &b), &b);
	}
	if (webhook_conf_load(&wc, &o, 1, why, sizeof why) == 0)
		fuzz_body(webhook_build(&a, &wc, &b), &b);
	for (api = 0; api < 2; api++) {
		if (url_parse(&u, api ? "https://x.atlassian.net/" :
		    "https://jira.corp/jira", NULL) == -1 ||
		    jira_conf_load(&jc, &o, &u, why, sizeof why) != 0)
			continue;
		buf_init(&sum, sstore, sizeof sstore);
		jira_summary(&a, &jc, &sum);
		fuzz_clean(sum.p, sum.len, 1);
		if (jira_utf16_prefix(sum.p, sum.len, JIRA_SUMMARY_MAX) != sum.len)
			abort();
		buf_init(&jql, jstore, sizeof jstore);
		jira_jql(&jc, sum.p, "5712", &jql);
		fuzz_clean(jql.p, jql.len, 1);
		buf_init(&path, pstore, URL_MAX_PATH + 1);
		jira_search_path(&jc, jql.p, "tok en", 50, &path);
		if (!path.err)
			fuzz_clean(path.p, path.len, 0);
		fuzz_body(jira_build_create(&a, &jc, sum.p, NULL, &b), &b);
		fuzz_body(jira_build_create(&a, &jc, sum.p, "SOC-1", &b), &b);
	}
	free(pstore);
	free(store);
	alert_free(&a);
	opts_free(&o);
	return 0;
}
