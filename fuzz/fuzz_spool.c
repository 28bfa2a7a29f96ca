/*
 * fuzz_spool: arbitrary bytes as a spool entry (spool_parse, which
 * spool_read uses on what it reads from disk).  A parsed entry must have
 * an alert after its header, within the bound, and its text fields must
 * be NUL-terminated within their sizes.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "spool.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct spool_meta m;
	size_t off;

	if (spool_parse((const char *)data, size, &m, &off) == 0) {
		if (off == 0 || off >= size || size - off > SPOOL_ALERT_MAX ||
		    data[off - 1] != '\n' || memchr(m.alert_id, '\0',
		    sizeof m.alert_id) == NULL || memchr(m.rule_id, '\0',
		    sizeof m.rule_id) == NULL || memchr(m.reason, '\0',
		    sizeof m.reason) == NULL || m.attempts < 0)
			abort();
	}
	return 0;
}
