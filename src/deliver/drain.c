/* see drain.h */
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "attempt.h"
#include "dest.h"
#include "drain.h"
#include "job.h"
#include "net.h"
#include "report.h"

/*
 * The one mutable global: set by SIGTERM/SIGINT, read between attempts
 * (a signal handler has nowhere else to write).
 */
static volatile sig_atomic_t drain_stop;

static void
drain_on_signal(int sig)
{
	(void)sig;
	drain_stop = 1;
}

/* bytes[32] as 64 lowercase hex digits into out[65]. */
static void
drain_hex(const unsigned char *bytes, char out[65])
{
	static const char hex[] = "0123456789abcdef";
	int i;

	for (i = 0; i < 32; i++) {
		out[2 * i] = hex[bytes[i] >> 4];
		out[2 * i + 1] = hex[bytes[i] & 15];
	}
	out[64] = '\0';
}

/* 64 hex digits into bytes[32]; returns 0 or -1. */
static int
drain_unhex(const char *s, unsigned char bytes[32])
{
	int i, hi, lo;

	for (i = 0; i < 32; i++) {
		hi = s[2 * i];
		lo = hi != '\0' ? s[2 * i + 1] : '\0';
		hi = hi >= '0' && hi <= '9' ? hi - '0' : hi >= 'a' && hi <= 'f' ?
		    hi - 'a' + 10 : -1;
		lo = lo >= '0' && lo <= '9' ? lo - '0' : lo >= 'a' && lo <= 'f' ?
		    lo - 'a' + 10 : -1;
		if (hi < 0 || lo < 0)
			return -1;
		bytes[i] = (unsigned char)(hi << 4 | lo);
	}
	return s[64] == '\0' ? 0 : -1;
}

/* Sleep ms, waking early on SIGTERM. */
static void
drain_sleep(int64_t ms)
{
	struct timespec ts;

	ts.tv_sec = ms / 1000;
	ts.tv_nsec = (ms % 1000) * 1000000L;
	while (!drain_stop && nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
}

struct drain_ctx {
	const struct conf	*c;
	struct logger		*log;
};

/* spool_trim callback: one line per alert the bounds drop. */
static void
drain_dropped(void *ctx, const char *id, const struct spool_meta *m)
{
	struct drain_ctx *d = ctx;
	struct report r;

	report_init(&r, d->c, NULL);
	r.alert_id = m->alert_id;
	r.rule_id = m->rule_id;
	report_line(d->log, &r, R_DROPPED, "over the spool's bounds "
	    "(spool_max_mb, spool_max_age_days): the oldest alerts go first",
	    NULL, 0);
}

/* Record the outcome of an attempt in the state file. */
static void
drain_state(struct spool *s, struct spool_state *st, const struct verdict *v)
{
	st->last_attempt = (long long)time(NULL);
	st->last_status = v->status;
	st->last_exit = verdict_exit(v);
	snprintf(st->last_error, sizeof st->last_error, "%.*s",
	    (int)sizeof st->last_error - 1, v->kind == V_DELIVERED ? "" :
	    v->reason);
	(void)spool_state_write(s, st);
}

/*
 * Deliver entry id (read, attempt, then done, kept or dead).  Returns 1
 * when it left the queue, 0 when it stays (the destination failed: back
 * off), -1 when the spool itself failed.
 */
static int
drain_one(const struct conf *c, struct spool *s, struct logger *log,
    struct conn *cn, const char *id, struct spool_state *st)
{
	struct spool_meta m;
	struct verdict v;
	struct report r;
	struct job j;
	char why[600], *data = NULL;
	size_t len = 0;
	int rc, left = 1;

	rc = spool_read(s, id, &data, &len, &m);
	if (rc == -1)
		return errno == ENOENT ? 1 : -1;
	if (rc == -2 || job_load_mem(&j, data, len, id, why, sizeof why) != ALERT_OK) {
		if (rc == -2)
			snprintf(m.reason, sizeof m.reason, "torn spool file: no "
			    "valid header");
		else {
			snprintf(m.reason, sizeof m.reason, "%.*s",
			    (int)sizeof m.reason - 1, why);
			job_free(&j);
		}
		(void)spool_dead(s, id, rc == -2 ? data : NULL, len, &m);
		report_init(&r, c, NULL);
		r.alert_id = m.alert_id;
		r.rule_id = m.rule_id;
		r.code = EX_BADALERT;
		report_line(log, &r, R_DEAD, m.reason, NULL, 0);
		free(data);
		return 1;
	}
	j.start = net_now();
	j.deadline = j.start + (int64_t)c->timeout * 1000;
	attempt(c, &j, cn, 1, log, &v);
	c->dest->end(&j);
	m.attempts++;
	report_init(&r, c, &j);
	r.status = v.status;
	r.attempts = m.attempts;
	r.code = verdict_exit(&v);
	switch (v.kind) {
	case V_DELIVERED:
	case V_SKIPPED:
		if (spool_done(s, id) == -1)
			left = -1;
		st->delivered++;
		report_line(log, &r, v.kind == V_DELIVERED ? R_DELIVERED :
		    R_SKIPPED, v.reason, v.extra, 0);
		/*
		 * The state changes when the outage ends; while all goes well
		 * it is rewritten only now and then (it is two fsyncs).
		 */
		if (st->last_exit != 0 || st->delivered % DRAIN_STATE_EVERY == 0)
			drain_state(s, st, &v);
		job_free(&j);
		free(data);
		return left;
	default:
		m.status = v.status;
		m.exit_code = r.code;
		snprintf(m.reason, sizeof m.reason, "%.*s",
		    (int)sizeof m.reason - 1, v.reason);
		if (v.why == W_REJECT || v.why == W_INTERNAL) {
			/* This alert's payload is refused: it would block the rest. */
			(void)spool_dead(s, id, NULL, 0, &m);
			report_line(log, &r, R_DEAD, v.reason, NULL, 0);
			break;
		}
		(void)spool_update(s, id, data, len, &m);
		left = 0;
		break;
	}
	drain_state(s, st, &v);	/* a failure: the runs read its exit code */
	job_free(&j);
	free(data);
	return left;
}

/* The drainer's life, in the grandchild; never returns. */
static void
drain_run(const struct conf *c, struct spool *s, struct logger *log)
{
	char ids[DRAIN_BATCH][SPOOL_ID_MAX];
	struct spool_stats sst;
	struct spool_state st;
	struct drain_ctx dc;
	struct conn cn;
	size_t n, i;
	long long since;
	int fails = 0, rc;

	signal(SIGTERM, drain_on_signal);
	signal(SIGINT, drain_on_signal);
	signal(SIGHUP, SIG_IGN);
	/* The run wrote the state (fingerprint, the first failure): add us. */
	(void)spool_state_read(s, &st);
	st.pid = (long)getpid();
	st.started = (long long)time(NULL);
	(void)spool_state_write(s, &st);
	dc.c = c;
	dc.log = log;
	conn_init(&cn);
	since = 0;
	while (!drain_stop) {
		(void)spool_trim(s, c->spool_max_bytes, c->spool_max_age,
		    time(NULL), drain_dropped, &dc);
		if (spool_list(s, 0, ids, DRAIN_BATCH, &n, &sst) == -1)
			break;
		if (since == 0 || (sst.oldest != 0 && sst.oldest < since))
			since = sst.oldest;
		if (n == 0) {
			/*
			 * Empty: let go of the lock, then look once more, so an
			 * alert spooled by a run that saw the lock held is not
			 * left behind.
			 */
			spool_unlock(s);
			if (spool_empty(s) == 1 || spool_lock(s, 0) != 0)
				break;
			continue;
		}
		for (i = 0; i < n && !drain_stop; i++) {
			rc = drain_one(c, s, log, &cn, ids[i], &st);
			if (rc == 1 && i + 1 == n)
				spool_sync(s);	/* the batch's removals, durable */
			if (rc == -1)
				goto out;
			if (rc == 0) {
				fails++;
				drain_sleep(attempt_backoff(fails, DRAIN_BACKOFF_MS,
				    DRAIN_BACKOFF_MAX_MS, -1, attempt_random()));
				break;
			}
			fails = 0;
		}
	}
out:
	conn_close(&cn);
	if (!drain_stop && since != 0 && st.delivered > 0)
		log_info(log, "outage over after %lld s, %llu alerts redelivered",
		    (long long)time(NULL) - since, st.delivered);
	st.pid = 0;
	(void)spool_state_write(s, &st);
	_exit(0);
}

/* In the child: detach from integratord and keep only what we need. */
static void
drain_detach(const struct spool *s, const struct logger *log)
{
	struct rlimit rl;
	int fd, max;

	if ((fd = open("/dev/null", O_RDWR)) != -1) {
		(void)dup2(fd, 0);
		(void)dup2(fd, 1);
		(void)dup2(fd, 2);
		if (fd > 2)
			close(fd);
	}
	max = getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < 65536 ?
	    (int)rl.rlim_cur : 65536;
	for (fd = 3; fd < max; fd++)
		if (fd != s->dfd && fd != s->qfd && fd != s->deadfd &&
		    fd != s->lockfd && fd != log->fd)
			close(fd);
}

/* Fork the drainer, which holds s's lock (taken by the caller). */
static int
drain_start(const struct conf *c, struct spool *s, struct logger *log,
    const struct verdict *seed, char *why, size_t cap)
{
	struct spool_state st;
	unsigned char salt[32], fp[32];
	pid_t pid;
	int status;

	/*
	 * The state first, while we hold the lock: the runs that follow
	 * read the configuration's fingerprint and the failure at once,
	 * before the drainer has run a line.
	 */
	memset(&st, 0, sizeof st);
	if (getrandom(salt, sizeof salt, 0) != sizeof salt) {
		snprintf(why, cap, "cannot start the drainer: no entropy");
		return -1;
	}
	conf_fingerprint(c, salt, fp);
	drain_hex(salt, st.salt);
	drain_hex(fp, st.fingerprint);
	if (seed != NULL)
		drain_state(s, &st, seed);
	else
		(void)spool_state_write(s, &st);
	if ((pid = fork()) == -1) {
		snprintf(why, cap, "cannot start the drainer: %s", strerror(errno));
		return -1;
	}
	if (pid == 0) {
		(void)setsid();
		if ((pid = fork()) != 0)
			_exit(pid == -1 ? 1 : 0);
		drain_detach(s, log);
		log->quiet_stderr = 1;
		drain_run(c, s, log);
	}
	while (waitpid(pid, &status, 0) == -1 && errno == EINTR)
		;
	/*
	 * The drainer holds the lock through the same open file: close our
	 * copy, never flock(LOCK_UN), which would release it for both.
	 */
	close(s->lockfd);
	s->lockfd = -1;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		snprintf(why, cap, "cannot start the drainer");
		return -1;
	}
	return 0;
}

/* see drain.h */
int
drain_ensure(const struct conf *c, struct spool *s, struct logger *log,
    const struct verdict *seed, char *why, size_t cap)
{
	struct spool_state st;
	unsigned char salt[32], fp[32];
	char hex[65];
	int rc, i;

	if ((rc = spool_lock(s, 0)) == -1) {
		snprintf(why, cap, "spool %s: cannot take the lock: %s", s->path,
		    strerror(errno));
		return -1;
	}
	if (rc == 1) {
		/* A drainer runs: does it hold this configuration? */
		if (spool_state_read(s, &st) == -1 || st.pid <= 0 ||
		    drain_unhex(st.salt, salt) == -1)
			return 1;
		conf_fingerprint(c, salt, fp);
		drain_hex(fp, hex);
		if (strcmp(hex, st.fingerprint) == 0)
			return 1;
		/* Another configuration (a fixed key): replace it. */
		log_info(log, "the drainer (pid %ld) works with another "
		    "configuration: replacing it", st.pid);
		(void)kill((pid_t)st.pid, SIGTERM);
		for (i = 0; i < DRAIN_TAKEOVER_MS / 20; i++) {
			if ((rc = spool_lock(s, 0)) != 1)
				break;
			drain_sleep(20);
		}
		if (rc != 0) {
			snprintf(why, cap, "the drainer (pid %ld) did not stop",
			    st.pid);
			return -1;
		}
	}
	return drain_start(c, s, log, seed, why, cap);
}
