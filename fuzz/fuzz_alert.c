/*
 * fuzz_alert: arbitrary bytes -> alert parse -> every path lookup the
 * builders use -> IRIS body -> json_validate.  The body must always be
 * valid JSON when the alert parsed; anything else is a bug (abort).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "alert.h"
#include "iris.h"
#include "opts.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const paths[] = { "rule.level", "rule.id",
	    "rule.mitre.id.0", "data.srcip", "agent.name", "full_log",
	    "syscheck.md5_after", "a.b.c.d.e.f", "0", "rule.groups.1", NULL };
	struct alert a;
	struct iris_conf c;
	struct opts o;
	struct buf b, v;
	char why[512], small[8];
	char *store;
	long long n;
	size_t i;
	int t;

	if (alert_load_mem(&a, (const char *)data, size, "fuzz", why, sizeof why)
	    != ALERT_OK)
		return 0;
	for (i = 0; paths[i] != NULL; i++) {
		t = alert_get(&a, paths[i]);
		buf_init(&v, small, sizeof small);
		json_get_str(&a.js, t, &v);
		json_get_text(&a.js, t, &v);
		json_get_int(&a.js, t, -100, 100, &n);
	}
	memset(&o, 0, sizeof o);
	iris_conf_load(&c, &o, why, sizeof why);
	if ((store = malloc(size * 3 + 256 * 1024)) == NULL)
		abort();
	buf_init(&b, store, size * 3 + 256 * 1024);
	if (iris_build(&a, &c, &b) == 0 &&
	    json_validate(b.p, b.len, NULL) != JSON_OK)
		abort();
	free(store);
	alert_free(&a);
	return 0;
}
