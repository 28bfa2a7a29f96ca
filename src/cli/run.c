/*
 * run: one alert, as integratord (or an operator) hands it over.
 *
 * Under integratord the spool is on: with the spool empty, one attempt
 * within the deadline and no inline retries; delivered, done; a failure
 * a later attempt can fix, or one the operator must fix, keeps the
 * alert in the spool and starts a drainer; a refused payload goes to
 * dead/.  With alerts already spooled (an outage in progress) there is
 * no attempt at all: the alert is appended, order is kept, and the cost
 * to integratord is a few milliseconds.  Without the spool (manual
 * runs, or "spool": false) the attempts are retried inline as before.
 */
#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "attempt.h"
#include "conf.h"
#include "dest.h"
#include "drain.h"
#include "job.h"
#include "net.h"
#include "report.h"
#include "run.h"
#include "spool.h"

#ifndef WR_VERSION
#define WR_VERSION "dev"
#endif

struct run {
	struct logger	 log;
	struct args	 args;
	struct conf	 conf;
	struct job	 job;
	struct conn	 cn;
	struct spool	 spool;
	int		 have_conf;	/* conf_begin ran */
};

/* Last path component. */
static const char *
run_base(const char *p)
{
	const char *s = strrchr(p, '/');

	return s != NULL ? s + 1 : p;
}

/* 1 if dir/sub is a folder. */
static int
run_is_dir(const char *dir, const char *sub)
{
	char p[1100];
	struct stat st;
	int n;

	n = snprintf(p, sizeof p, "%s/%s", dir, sub);
	return n > 0 && (size_t)n < sizeof p && stat(p, &st) == 0 &&
	    S_ISDIR(st.st_mode);
}

/* see run.h */
void
run_home(const char *exe, char *home, size_t cap)
{
	char cwd[1024];
	const char *slash;
	size_t n;

	home[0] = '\0';
	if (getcwd(cwd, sizeof cwd) != NULL && run_is_dir(cwd, "integrations") &&
	    run_is_dir(cwd, "logs")) {
		snprintf(home, cap, "%s", cwd);
		return;
	}
	if (exe[0] != '/' || (slash = strrchr(exe, '/')) == NULL)
		return;
	n = (size_t)(slash - exe);		/* the executable's folder */
	while (n > 0 && exe[n - 1] != '/')
		n--;
	if (n <= 1 || n > cap)
		return;				/* no parent above it */
	memcpy(home, exe, n - 1);
	home[n - 1] = '\0';
}

/*
 * The integration's name, for log lines and the spool: the program's
 * own name when it is installed as integrations/custom-*, else the name
 * integratord put in the alert file's name ("/tmp/%s-%d-%ld.alert":
 * "custom-shuffle" from "/tmp/custom-shuffle-1700000000--123.alert", for
 * an install through a symlink), else the program's name.
 */
static void
run_name(const char *exe, const char *alert_path, char *name, size_t cap)
{
	const char *b, *e;

	b = run_base(exe[0] != '\0' ? exe : "wazuh-relay");
	if (strncmp(b, "custom-", 7) != 0 && alert_path != NULL) {
		const char *a = run_base(alert_path);
		size_t n = strlen(a);
		int k;

		if (n > 6 && strcmp(a + n - 6, ".alert") == 0) {
			e = a + n - 6;
			/* -<random> (possibly negative: "--123"), then -<time> */
			for (k = 0; k < 2 && e > a; k++) {
				const char *d = e;

				while (d > a && d[-1] >= '0' && d[-1] <= '9')
					d--;
				if (d == e || d == a || d[-1] != '-')
					break;
				e = d - 1;
				if (k == 0 && e > a && e[-1] == '-')
					e--;
			}
			if (k == 2 && e > a) {
				snprintf(name, cap, "%.*s", (int)(e - a), a);
				return;
			}
		}
	}
	snprintf(name, cap, "%.63s", b);
}

/* A one-line failure before any verdict (usage, options, the alert). */
static int
run_error(struct run *r, int code, const char *why)
{
	struct report rp;

	report_init(&rp, r->have_conf ? &r->conf : NULL, &r->job);
	rp.name = r->conf.name;
	rp.code = code;
	return report_line(&r->log, &rp, R_FAILED, why, NULL, 1);
}

/* The report of job j under r's configuration, after attempts. */
static int
run_report(struct run *r, int result, const struct verdict *v, int attempts,
    int code)
{
	struct report rp;

	report_init(&rp, &r->conf, &r->job);
	rp.status = v != NULL ? v->status : 0;
	rp.attempts = attempts;
	rp.code = code;
	return report_line(&r->log, &rp, result, v != NULL ? v->reason : NULL,
	    v != NULL ? v->extra : NULL, 1);
}

/* Inline attempts with backoff (no spool): the behaviour before it. */
static int
run_inline(struct run *r)
{
	const struct conf *c = &r->conf;
	struct verdict v;
	int64_t wait, left;
	size_t n;
	int att;

	for (att = 1; ; att++) {
		attempt(c, &r->job, &r->cn, 0, &r->log, &v);
		if (v.kind != V_RETRY || att > c->retries)
			break;
		wait = attempt_backoff(att, ATTEMPT_BACKOFF_MS, ATTEMPT_BACKOFF_MAX_MS,
		    v.retry_after, attempt_random());
		left = r->job.deadline - net_now();
		if (wait + ATTEMPT_MIN_MS > left) {
			n = strlen(v.reason);
			snprintf(v.reason + n, sizeof v.reason - n, "; no time left "
			    "to retry within the %d s timeout", c->timeout);
			break;
		}
		{
			struct timespec ts;

			ts.tv_sec = wait / 1000;
			ts.tv_nsec = (wait % 1000) * 1000000L;
			while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
				;
		}
	}
	c->dest->end(&r->job);
	return run_report(r, v.kind == V_DELIVERED ? R_DELIVERED :
	    v.kind == V_SKIPPED ? R_SKIPPED : R_FAILED, &v, att, verdict_exit(&v));
}

/*
 * Keep the alert in the spool (dead: in dead/) with what we know.
 * Returns 0, or -1 when it could not be written (why set).
 */
static int
run_keep(struct run *r, const struct verdict *v, int attempts, int code,
    int dead, char *why, size_t cap)
{
	struct spool_meta m;
	char id[SPOOL_ID_MAX];

	memset(&m, 0, sizeof m);
	m.first_seen = (long long)time(NULL);
	m.attempts = attempts;
	m.status = v != NULL ? v->status : 0;
	m.exit_code = code;
	snprintf(m.alert_id, sizeof m.alert_id, "%s", r->job.alert_id);
	snprintf(m.rule_id, sizeof m.rule_id, "%s", r->job.rule_id);
	snprintf(m.reason, sizeof m.reason, "%.*s", (int)sizeof m.reason - 1,
	    v != NULL ? v->reason : why);
	if (spool_put(&r->spool, r->job.alert.text, r->job.alert.len, &m, id) == -1 ||
	    (dead && spool_dead(&r->spool, id, NULL, 0, &m) == -1)) {
		snprintf(why, cap, "spool %.400s: %s", r->spool.path,
		    strerror(errno));
		return -1;
	}
	return 0;
}

/* Start or keep the drainer; a failure to do so is logged, not fatal. */
static void
run_drainer(struct run *r, const struct verdict *seed)
{
	char why[600];

	if (drain_ensure(&r->conf, &r->spool, &r->log, seed, why, sizeof why) == -1)
		log_error(&r->log, "%s: the alerts stay spooled; the next run "
		    "tries again", why);
}

/* The run with the spool open. */
static int
run_spooled(struct run *r)
{
	struct spool_state st;
	struct verdict v;
	char why[600];
	int code, empty;

	if ((empty = spool_empty(&r->spool)) == 0) {
		/*
		 * An outage is in progress: keep the order, no attempt.  The
		 * exit code is the outage's when the operator must act.
		 */
		code = EX_OK;
		if (spool_state_read(&r->spool, &st) == 0 && (st.last_exit ==
		    EX_TLS || st.last_exit == EX_HTTP4XX || st.last_exit == EX_HTTPBAD ||
		    st.last_exit == EX_USAGE))
			code = st.last_exit;
		if (run_keep(r, NULL, 0, code, 0, why, sizeof why) == -1) {
			log_warn(&r->log, "%s; trying the alert now", why);
			return run_inline(r);
		}
		run_drainer(r, NULL);
		snprintf(v.reason, sizeof v.reason, "an outage is in progress: "
		    "queued behind the spooled alerts%s%s", code != EX_OK ?
		    " (last error: " : "", code != EX_OK ? st.last_error : "");
		if (code != EX_OK)
			strncat(v.reason, ")", sizeof v.reason - strlen(v.reason) - 1);
		v.status = 0;
		v.extra[0] = '\0';
		return run_report(r, R_SPOOLED, &v, 0, code);
	}
	attempt(&r->conf, &r->job, &r->cn, 0, &r->log, &v);
	r->conf.dest->end(&r->job);
	code = verdict_exit(&v);
	if (v.kind == V_DELIVERED || v.kind == V_SKIPPED)
		return run_report(r, v.kind == V_DELIVERED ? R_DELIVERED :
		    R_SKIPPED, &v, 1, code);
	if (v.why == W_REJECT || v.why == W_INTERNAL) {
		/* This alert's payload is refused: for the operator, in dead/. */
		if (run_keep(r, &v, 1, code, 1, why, sizeof why) == -1)
			log_error(&r->log, "%s", why);
		return run_report(r, R_DEAD, &v, 1, code);
	}
	if (run_keep(r, &v, 1, v.kind == V_RETRY ? EX_OK : code, 0, why,
	    sizeof why) == -1) {
		log_error(&r->log, "%s", why);
		return run_report(r, R_FAILED, &v, 1, code);
	}
	if (empty == 1)
		log_warn(&r->log, "%s is failing (%s): alerts are kept in %s and "
		    "sent again by a drainer", r->conf.dest->name, v.reason,
		    r->spool.path);
	run_drainer(r, &v);
	/* 0 for a failure that heals by itself; its code when it will not. */
	return run_report(r, R_SPOOLED, &v, 1, v.kind == V_RETRY ? EX_OK : code);
}

/*
 * A configuration error after the alert was read: keep the alert (a
 * fixed configuration must not cost the alerts that came meanwhile),
 * report, exit 2.
 */
static int
run_config_error(struct run *r, int code, const char *why)
{
	struct verdict v;
	char w2[600];

	conf_spool_default(&r->conf);
	if (!r->args.manual && r->conf.spool_dir[0] != '\0' && r->job.alert.text != NULL &&
	    spool_open(&r->spool, r->conf.spool_dir, 1, w2, sizeof w2) == 0) {
		verdict_init(&v);
		verdict_fail(&v, W_CONFIG, "%s", why);
		if (run_keep(r, &v, 0, code, 0, w2, sizeof w2) == 0)
			return run_report(r, R_SPOOLED, &v, 0, code);
	}
	return run_error(r, code, why);
}

/* --dry-run: exactly the body the destination would send, nothing sent. */
static int
run_dry(struct run *r)
{
	const struct dest *d = r->conf.dest;
	struct verdict v;
	struct report rp;
	struct buf *b;
	int rc, code = EX_OK;

	verdict_init(&v);
	rc = d->begin(&r->conf, &r->job, &v);
	if (rc == 1) {
		report_init(&rp, &r->conf, &r->job);
		report_line(&r->log, &rp, R_SKIPPED, v.reason, NULL, 0);
	} else if (rc == -1)
		code = run_error(r, verdict_exit(&v), v.reason);
	else if ((b = job_body(&r->job)) == NULL ||
	    d->build(&r->conf, &r->job, b) == -1)
		code = run_error(r, EX_INTERNAL, "request body too large");
	else
		report_dry_run(b);
	d->end(&r->job);
	return code;
}

/* see run.h */
int
run_alert(int argc, char *argv[], const char *exe)
{
	struct run *r;
	char why[600], awhy[600], home[512], name[64];
	int code, rc;

	if ((r = calloc(1, sizeof *r)) == NULL) {
		fputs("wazuh-relay: out of memory\n", stdout);
		return EX_INTERNAL;
	}
	conn_init(&r->cn);
	r->spool.dfd = r->spool.qfd = r->spool.deadfd = r->spool.lockfd = -1;
	r->log.fd = -1;
	run_home(exe, home, sizeof home);
	why[0] = '\0';
	rc = args_parse(&r->args, argc, argv, why, sizeof why);
	run_name(exe, rc == 0 ? r->args.alert_path : (argc > 1 ? argv[1] : NULL),
	    name, sizeof name);
	snprintf(r->conf.name, sizeof r->conf.name, "%s", name);
	if (rc == -1) {
		log_open(&r->log, name, NULL, home);
		code = run_error(r, EX_USAGE, why);
		goto out;
	}
	if (r->args.help || r->args.version) {
		code = run_usage(r->args.version);
		goto out;
	}

	rc = conf_begin(&r->conf, &r->args, exe, home, name, why, sizeof why);
	r->have_conf = 1;
	log_open(&r->log, name, r->conf.log_file, home);
	r->log.debug = r->args.debug;
	if (rc == 1)
		log_warn(&r->log, "%s; going on without options", why);
	/* The alert first: integratord unlinks it once we exit. */
	code = job_load(&r->job, r->args.alert_path, awhy, sizeof awhy);
	if (code != ALERT_OK) {
		code = run_error(r, code == ALERT_E_NOTFOUND ? EX_NOALERT :
		    code == ALERT_E_NOMEM ? EX_INTERNAL : EX_BADALERT, awhy);
		goto out;
	}
	r->job.start = net_now();
	if (rc == -1) {
		code = run_config_error(r, EX_USAGE, why);
		goto out;
	}
	if ((code = conf_finish(&r->conf, &r->args, &r->log, why, sizeof why)) !=
	    EX_OK) {
		code = run_config_error(r, code, why);
		goto out;
	}
	if (r->conf.dry_run) {
		code = run_dry(r);
		goto out;
	}
	r->job.deadline = r->job.start + (int64_t)r->conf.timeout * 1000;
	if (r->conf.spool && r->conf.spool_dir[0] != '\0') {
		if (spool_open(&r->spool, r->conf.spool_dir, 1, why, sizeof why) == 0) {
			code = run_spooled(r);
			goto out;
		}
		log_warn(&r->log, "%s: no spool, alerts are tried now and lost "
		    "if they fail", why);
	}
	code = run_inline(r);
out:
	conn_close(&r->cn);
	spool_close(&r->spool);
	job_free(&r->job);
	conf_free(&r->conf);
	args_wipe(&r->args);
	log_close(&r->log);
	explicit_bzero(r, sizeof *r);
	free(r);
	return code;
}

static const char usage[] =
"usage: wazuh-relay --to DEST --url URL [--key-file FILE] [--options FILE]\n"
"                   [--timeout S] [--retries N] [--spool-dir DIR] [--debug]\n"
"                   [--dry-run] ALERT_FILE\n"
"       wazuh-relay spool status [--json] [--root DIR]\n"
"       wazuh-relay spool retry NAME [--root DIR]\n"
"       wazuh-relay spool drop NAME --yes [--root DIR]\n"
"       wazuh-relay --help | --version\n"
"\n"
"Run by wazuh-integratord as integrations/custom-DEST, it reads its\n"
"arguments by position: ALERT_FILE API_KEY HOOK_URL [debug] [OPTIONS_FILE]\n"
"[TIMEOUT RETRIES].  Destinations: %s.\n"
"\n"
"  --to DEST        destination (else the options' \"destination\", the\n"
"                   alert file name, or the program name custom-DEST)\n"
"  --url URL        destination URL (hook_url)\n"
"  --key-file FILE  read the API key from FILE (not visible in ps)\n"
"  --options FILE   options JSON, as in <options>\n"
"  --timeout S      deadline of an attempt in seconds (default 10)\n"
"  --retries N      further attempts on network errors, 429 and 5xx (default 3)\n"
"  --spool-dir DIR  keep what fails in DIR and deliver it by a drainer\n"
"  --debug          log the request body\n"
"  --dry-run        print the request body on stdout and send nothing\n"
"\n"
"  spool status     queued and dead alerts of every integration, drainers\n"
"  spool retry      move an integration's dead letters back into its queue\n"
"  spool drop       delete an integration's queued and dead alerts\n"
"\n"
"Exit: 0 delivered or spooled, 2 usage/options, 6 alert file missing,\n"
"7 invalid alert, 10 network, 11 timeout, 12 TLS, 13 HTTP 4xx, 14 HTTP\n"
"5xx/429, 15 bad response.\n";

/* see run.h */
int
run_usage(int version)
{
	if (version)
		printf("wazuh-relay %s\n", WR_VERSION);
	else
		printf(usage, dest_names());
	fflush(stdout);
	return 0;
}

