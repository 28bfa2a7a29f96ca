/* see report.h */
#include <stdio.h>
#include <string.h>

#include "dest.h"
#include "net.h"
#include "report.h"

static const char *const report_results[] = {
	"delivered", "skipped", "failed", "spooled", "dead", "dropped"
};

/* see report.h */
void
report_dry_run(const struct buf *body)
{
	fwrite(body->p, 1, body->len, stdout);
	fflush(stdout);
}

/* see report.h */
void
report_init(struct report *r, const struct conf *c, const struct job *j)
{
	memset(r, 0, sizeof *r);
	r->name = c != NULL ? c->name : "wazuh-relay";
	r->dest = c != NULL && c->dest != NULL ? c->dest->name : NULL;
	r->url = c != NULL ? &c->url : NULL;
	r->alert_id = j != NULL ? j->alert_id : "";
	r->rule_id = j != NULL ? j->rule_id : "";
	if (j != NULL && j->start != 0)
		r->ms = (long)(net_now() - j->start);
}

/* A cleaned id: "-" when absent. */
static void
report_id(struct buf *b, const char *s, size_t max)
{
	if (s == NULL || s[0] == '\0')
		buf_putc(b, '-');
	else
		log_clean(b, s, strlen(s), max);
}

/* see report.h */
int
report_line(struct logger *log, const struct report *r, int result,
    const char *why, const char *extra, int summary)
{
	char kstore[2048], sstore[1024], hstore[URL_MAX_HOST + 16], v[80];
	struct buf kv, sum, host, b;
	const char *dname;
	int level;

	dname = r->dest != NULL ? r->dest : "-";
	buf_init(&host, hstore, sizeof hstore);
	if (r->url != NULL && r->url->host[0] != '\0')
		url_hostport(r->url, &host, 0);
	buf_init(&kv, kstore, sizeof kstore);
	buf_init(&b, v, sizeof v);
	report_id(&b, r->alert_id, 64);
	log_kvs(&kv, "alert", b.p);
	buf_reset(&b);
	report_id(&b, r->rule_id, 16);
	log_kvs(&kv, "rule", b.p);
	log_kvs(&kv, "dest", dname);
	if (result != R_SKIPPED && result != R_DROPPED) {
		log_kvs(&kv, "host", host.p);
		buf_printf(&kv, " status=%d ms=%ld attempts=%d", r->status, r->ms,
		    r->attempts);
	}
	buf_printf(&kv, " result=%s", report_results[result]);
	if (result == R_DELIVERED) {
		if (why != NULL && why[0] != '\0')
			log_kvs(&kv, "note", why);
		if (extra != NULL && extra[0] != '\0') {
			buf_putc(&kv, ' ');
			buf_puts(&kv, extra);
		}
	} else {
		if (result != R_SKIPPED && result != R_DROPPED)
			buf_printf(&kv, " exit=%d", r->code);
		log_kvs(&kv, "reason", why != NULL ? why : "failed");
	}
	level = result == R_DELIVERED || result == R_SKIPPED ? LOG_INFO :
	    result == R_FAILED || result == R_DEAD ? LOG_ERROR : LOG_WARN;
	log_event(log, level, &kv);
	if (!summary)
		return r->code;

	buf_init(&sum, sstore, sizeof sstore);
	buf_printf(&sum, "wazuh-relay: %s: ", dname);
	buf_reset(&b);
	report_id(&b, r->alert_id, 64);
	switch (result) {
	case R_DELIVERED:
		buf_printf(&sum, "delivered alert %s (HTTP %d, %ld ms)", b.p,
		    r->status, r->ms);
		if (why != NULL && why[0] != '\0') {
			buf_puts(&sum, "; ");
			log_clean(&sum, why, strlen(why), 600);
		}
		break;
	case R_SKIPPED:
		buf_printf(&sum, "skipped alert %s (rule ", b.p);
		report_id(&sum, r->rule_id, 16);
		buf_puts(&sum, "): ");
		log_clean(&sum, why, strlen(why), 600);
		break;
	case R_SPOOLED:
	case R_DEAD:
		buf_printf(&sum, "%s alert %s: ", result == R_SPOOLED ?
		    "spooled" : "dead-lettered", b.p);
		log_clean(&sum, why != NULL ? why : "", why != NULL ? strlen(why) :
		    0, 600);
		if (r->code != 0)
			buf_printf(&sum, " (exit %d)", r->code);
		break;
	default:
		log_clean(&sum, why != NULL ? why : "failed", why != NULL ?
		    strlen(why) : 6, 600);
		buf_printf(&sum, " (exit %d)", r->code);
		break;
	}
	log_open_note(log, &sum);
	printf("%s\n", sum.p);
	fflush(stdout);
	return r->code;
}
