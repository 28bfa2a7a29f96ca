/*
 * spool: the alerts of one integration that wait for delivery, on disk,
 * so that no alert is lost while a destination is down and integratord
 * never waits for it.  Nothing here logs; nothing here holds a secret
 * (callers pass secret-free text in the metadata).
 *
 * Layout of an integration's folder (0750, created by spool_open):
 *   q/<id>.alert     one waiting alert: a header line, then the alert's
 *                    bytes exactly as integratord wrote them
 *   dead/<id>.alert  a dead letter, same format (the header says why)
 *   lock             held with flock(LOCK_EX) by the integration's drainer
 *   state            one JSON line about the drainer and the outage
 * Files are 0640, owned by the running user, written to a temporary
 * dotfile name in the same folder, fsynced, renamed into place, and the
 * folder fsynced.  Names starting with '.' are never entries (a
 * temporary file a killed process left behind is removed by spool_trim
 * once it is a minute old).
 *
 * <id> is 16 hex digits of CLOCK_REALTIME nanoseconds, '-', 8 hex digits
 * of the pid, '-', 4 hex digits of a per-process counter: ids sort in
 * arrival order (integratord runs one alert at a time).
 *
 * The header line is "WRSPOOL1 " followed by one JSON object (struct
 * spool_meta, written by the one JSON writer) and "\n".  An entry whose
 * header or alert does not parse is "torn": spool_read says so and the
 * caller moves it to dead/ (spool_dead with the raw bytes kept).
 */
#ifndef SPOOL_H
#define SPOOL_H

#include <stddef.h>
#include <time.h>

#define SPOOL_ID_MAX		40	/* an id and its NUL */
#define SPOOL_ALERT_MAX		(1024 * 1024)	/* alert bytes, as ALERT_MAX_SIZE */
#define SPOOL_TEXT_MAX		256	/* reason and last error, bytes */

struct spool {
	int	 dfd;		/* the integration's folder, or -1 */
	int	 qfd;		/* q/ */
	int	 deadfd;	/* dead/ */
	int	 lockfd;	/* held by spool_lock, or -1 */
	unsigned seq;		/* counter for ids made by this process */
	char	 path[1024];	/* the folder, for messages */
};

/* Non-secret facts about an entry. */
struct spool_meta {
	long long first_seen;	/* Unix seconds when it was spooled */
	int	 attempts;	/* deliveries tried so far */
	int	 status;	/* last HTTP status, 0 if none */
	int	 exit_code;	/* the exit code of the last failure, 0 if none */
	char	 alert_id[64];	/* the alert's "id", or "" */
	char	 rule_id[32];	/* its "rule.id", or "" */
	char	 reason[SPOOL_TEXT_MAX];	/* last error, or why it is dead */
};

/* What spool_scan counts. */
struct spool_stats {
	size_t	 count;		/* entries */
	unsigned long long bytes; /* their file sizes */
	long long oldest;	/* first_seen of the oldest (from its id), or 0 */
};

/* The drainer's state file (one JSON line). */
struct spool_state {
	long	 pid;		/* the drainer that wrote it, 0 if none */
	long long started;	/* when that drainer started (Unix s) */
	long long outage_since;	/* first failure of the outage, 0 if none */
	long long last_attempt;	/* Unix s */
	int	 last_status;
	int	 last_exit;	/* exit code of the last failure, 0 if none */
	char	 last_error[SPOOL_TEXT_MAX];
	unsigned long long delivered;	/* by this drainer */
	/*
	 * The drainer's configuration fingerprint: salt (random, 32 bytes)
	 * and HMAC-SHA256(salt, configuration), both as 64 hex digits.  A
	 * run compares its own configuration's HMAC under the same salt to
	 * tell whether the drainer works with an older one (a fixed key).
	 */
	char	 salt[65];
	char	 fingerprint[65];
};

/*
 * Open the integration's folder dir (an absolute path), with q/ and
 * dead/.  create: make dir (and missing parents, 0750) and the
 * subfolders.  Refuses (-1, EPERM in errno, why set) a folder or
 * subfolder that is not a directory owned by the effective uid, or that
 * is group- or world-writable.  Returns 0, or -1 with a one-line reason
 * in why (naming the path).
 */
int	spool_open(struct spool *s, const char *dir, int create, char *why,
	    size_t cap);
/* Close what spool_open (and spool_lock) opened; NULL-safe. */
void	spool_close(struct spool *s);

/* 1 if q/ holds no entry, 0 if it holds one, -1 on error.  Cheap. */
int	spool_empty(const struct spool *s);
/*
 * Append an alert: data[len] (at most SPOOL_ALERT_MAX) with meta m,
 * under a new id written into id.  Durable when it returns 0 (file and
 * folder fsynced).  Returns 0, or -1 with errno set (nothing left
 * behind).
 */
int	spool_put(struct spool *s, const char *data, size_t len,
	    const struct spool_meta *m, char id[SPOOL_ID_MAX]);
/*
 * The oldest entries of q/ (dead: of dead/) in order: up to max ids
 * into ids[], their number in *n; st (may be NULL) gets the counts of
 * the whole folder.  One pass over the folder.  Returns 0 or -1.
 */
int	spool_list(struct spool *s, int dead, char (*ids)[SPOOL_ID_MAX],
	    size_t max, size_t *n, struct spool_stats *st);
/*
 * Read entry id of q/: the alert bytes into *data (malloc'd, NUL
 * terminated, the caller frees) and *len, the header into *m.  Returns
 * 0; -1 with errno set (ENOENT: gone); -2 when it is torn (no valid
 * header, or an alert over SPOOL_ALERT_MAX): then *data and *len hold the
 * raw file (or NULL/0) for spool_dead.
 */
int	spool_read(struct spool *s, const char *id, char **data, size_t *len,
	    struct spool_meta *m);
/*
 * Parse an entry's bytes p[len]: the header into m and the offset of
 * the alert into *off.  Returns 0, or -1 when it is torn (no header
 * line within 4 KiB, a header that does not parse or lacks first_seen
 * and attempts, no alert after it, an alert over SPOOL_ALERT_MAX).
 * Pure (fuzzed).
 */
int	spool_parse(const char *p, size_t len, struct spool_meta *m, size_t *off);
/* Rewrite entry id of q/ with meta m (data[len] is its alert). */
int	spool_update(struct spool *s, const char *id, const char *data,
	    size_t len, const struct spool_meta *m);
/*
 * Remove entry id of q/ (delivered).  The folder is not fsynced here:
 * an unlink lost to a power cut sends the alert again (delivery is at
 * least once); spool_sync makes a batch of them durable.
 */
int	spool_done(struct spool *s, const char *id);
/* fsync q/ (after a batch of spool_done). */
void	spool_sync(struct spool *s);
/*
 * Move entry id of q/ to dead/ with meta m (its reason says why).  When
 * data is not NULL the dead letter is written from data[len] (a torn
 * entry's raw bytes) instead of renamed.  Returns 0 or -1.
 */
int	spool_dead(struct spool *s, const char *id, const char *data,
	    size_t len, const struct spool_meta *m);
/*
 * Bounds: while q/ holds more than max_bytes, or its oldest entry is
 * older than max_age seconds, drop the oldest, calling dropped(ctx, id,
 * meta) for each (the caller logs result=dropped).  Also removes
 * temporary dotfiles older than 60 s.  0 in a bound means none.
 * Returns the number dropped, or -1.
 */
long	spool_trim(struct spool *s, unsigned long long max_bytes,
	    long long max_age, time_t now,
	    void (*dropped)(void *ctx, const char *id, const struct spool_meta *m),
	    void *ctx);
/* Move every dead letter back into the queue (attempts, reason cleared). */
long	spool_retry_dead(struct spool *s);
/* Remove every entry of q/ and dead/.  Returns how many, or -1. */
long	spool_drop_all(struct spool *s);

/*
 * Take the drainer's lock (flock LOCK_EX on "lock", created 0640).
 * block: wait for it.  Returns 0 (held in s->lockfd), 1 when another
 * process holds it (not blocking), -1 on error.
 */
int	spool_lock(struct spool *s, int block);
/* Release it. */
void	spool_unlock(struct spool *s);

/* Read the state file: 0, or -1 (absent or unreadable: *st zeroed). */
int	spool_state_read(const struct spool *s, struct spool_state *st);
/* Replace the state file atomically. */
int	spool_state_write(struct spool *s, const struct spool_state *st);

/*
 * Status of every integration folder under root (the folders that hold
 * a q/): name, queued count and bytes, oldest age, dead count, whether
 * a drainer runs (its lock is held), last error.  Text (a table) or, with
 * json, one JSON object {"spool_root": ..., "integrations": [...]}.
 * Writes to fd.  Returns 0, or -1 (why set: root unreadable).
 */
int	spool_status(const char *root, int json, int fd, time_t now, char *why,
	    size_t cap);

#endif
