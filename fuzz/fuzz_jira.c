/*
 * fuzz_jira: the parsers of what servers answer.  Arbitrary bytes as a
 * Jira search page (Cloud and Data Center, by summary and by rule), as
 * a create answer, and as an error body for verdict_snippet.  A key
 * taken from a page or an answer must pass jira_key_ok; the snippet is
 * one clean line within its bound.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http.h"
#include "jira.h"
#include "opts.h"
#include "verdict.h"
#include "url.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const confs[] = {
	    "{\"project\":\"SOC\",\"api\":\"cloud\"}",
	    "{\"project\":\"SOC\",\"api\":\"datacenter\"}",
	    "{\"project\":\"SOC\",\"api\":\"cloud\",\"group_by\":\"rule\"}",
	};
	struct jira_conf c;
	struct opts o;
	struct url u;
	struct http_resp *resp;
	struct buf b;
	char why[256], key[JIRA_KEY_MAX], next[1024], snip[1024];
	size_t i;
	int start, more, m;

	if (size > HTTP_MAX_BODY)
		return 0;
	if (url_parse(&u, "https://x.atlassian.net/", NULL) == -1)
		abort();
	for (i = 0; i < sizeof confs / sizeof confs[0]; i++) {
		if (opts_load_mem(&o, confs[i], strlen(confs[i]), why,
		    sizeof why) != 0 || jira_conf_load(&c, &o, &u, why,
		    sizeof why) != 0)
			abort();
		start = 0;
		m = jira_search_match(&c, (const char *)data, size,
		    "sshd: authentication failed", key, sizeof key, next,
		    sizeof next, &start, &more);
		if (m == 1 && !jira_key_ok(key))
			abort();
		if (m != 1 && more && !c.cloud && start <= 0)
			abort();
		opts_free(&o);
	}
	if (jira_created_key((const char *)data, size, key, sizeof key) == 0 &&
	    !jira_key_ok(key))
		abort();
	if ((resp = calloc(1, sizeof *resp)) == NULL)
		abort();
	memcpy(resp->body, data, size);
	resp->bodylen = size;
	buf_init(&b, snip, sizeof snip);
	verdict_snippet(resp, &b, 200);
	if (b.err)
		abort();
	for (i = 0; i < b.len; i++)
		if ((unsigned char)b.p[i] < 0x20 || b.p[i] == 0x7f)
			abort();
	free(resp);
	return 0;
}
