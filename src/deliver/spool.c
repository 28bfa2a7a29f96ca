/* see spool.h */
#include <sys/file.h>
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "file.h"
#include "json.h"
#include "spool.h"

#define SPOOL_MAGIC	"WRSPOOL1 "
#define SPOOL_HEAD_MAX	4096		/* header line, bytes */
#define SPOOL_SUFFIX	".alert"
#define SPOOL_TMP_AGE	60		/* seconds before a dotfile is stale */
#define SPOOL_STATE	"state"
#define SPOOL_LOCK	"lock"

/* 1 if name is "<id>.alert" of our form (16 hex - 8 hex - 4 hex). */
static int
spool_is_entry(const char *name)
{
	static const char shape[] = "xxxxxxxxxxxxxxxx-xxxxxxxx-xxxx";
	size_t i;

	for (i = 0; shape[i] != '\0'; i++) {
		if (shape[i] == '-' ? name[i] != '-' :
		    !((name[i] >= '0' && name[i] <= '9') ||
		    (name[i] >= 'a' && name[i] <= 'f')))
			return 0;
	}
	return strcmp(name + i, SPOOL_SUFFIX) == 0;
}

/* "<id>.alert" into out[SPOOL_ID_MAX + 8]. */
static void
spool_file(const char *id, char *out, size_t cap)
{
	snprintf(out, cap, "%.*s" SPOOL_SUFFIX, SPOOL_ID_MAX - 1, id);
}

/*
 * Open (creating when asked) the folder name in dfd (AT_FDCWD: a path),
 * and check it is a folder owned by us and not writable by others.
 */
static int
spool_opendir(int dfd, const char *name, int create)
{
	struct stat st;
	int fd;

	if (create && mkdirat(dfd, name, 0750) == 0)
		(void)fchmodat(dfd, name, 0750, 0);
	else if (create && errno != EEXIST)
		return -1;
	if ((fd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC)) == -1)
		return -1;
	if (fstat(fd, &st) == -1 || st.st_uid != geteuid() ||
	    (st.st_mode & (S_IWGRP | S_IWOTH)) != 0) {
		close(fd);
		errno = EPERM;
		return -1;
	}
	return fd;
}

/* mkdir -p of dir's parents (0750), best effort. */
static void
spool_parents(const char *dir)
{
	char p[1024];
	size_t i, n = strlen(dir);

	if (n >= sizeof p)
		return;
	memcpy(p, dir, n + 1);
	for (i = 1; i < n; i++) {
		if (p[i] != '/')
			continue;
		p[i] = '\0';
		if (mkdir(p, 0750) == 0)
			(void)chmod(p, 0750);
		p[i] = '/';
	}
}

/* see spool.h */
int
spool_open(struct spool *s, const char *dir, int create, char *why, size_t cap)
{
	memset(s, 0, sizeof *s);
	s->dfd = s->qfd = s->deadfd = s->lockfd = -1;
	snprintf(s->path, sizeof s->path, "%s", dir);
	if (dir[0] != '/') {
		snprintf(why, cap, "spool %.900s: not an absolute path", dir);
		errno = EINVAL;
		return -1;
	}
	if (create)
		spool_parents(dir);
	if ((s->dfd = spool_opendir(AT_FDCWD, dir, create)) == -1 ||
	    (s->qfd = spool_opendir(s->dfd, "q", create)) == -1 ||
	    (s->deadfd = spool_opendir(s->dfd, "dead", create)) == -1) {
		snprintf(why, cap, "spool %.900s: %s", dir, errno == EPERM ?
		    "not a folder of ours, or writable by group or others" :
		    strerror(errno));
		spool_close(s);
		return -1;
	}
	return 0;
}

/* see spool.h */
void
spool_close(struct spool *s)
{
	if (s == NULL)
		return;
	spool_unlock(s);
	if (s->qfd != -1)
		close(s->qfd);
	if (s->deadfd != -1)
		close(s->deadfd);
	if (s->dfd != -1)
		close(s->dfd);
	s->dfd = s->qfd = s->deadfd = -1;
}

/* A DIR over a copy of fd (fd itself stays open), rewound. */
static DIR *
spool_dir(int fd)
{
	DIR *d;
	int c;

	if ((c = dup(fd)) == -1)
		return NULL;
	if ((d = fdopendir(c)) == NULL) {
		close(c);
		return NULL;
	}
	rewinddir(d);
	return d;
}

/* see spool.h */
int
spool_empty(const struct spool *s)
{
	struct dirent *de;
	DIR *d;
	int empty = 1;

	if ((d = spool_dir(s->qfd)) == NULL)
		return -1;
	while ((de = readdir(d)) != NULL)
		if (spool_is_entry(de->d_name)) {
			empty = 0;
			break;
		}
	closedir(d);
	return empty;
}

/* The header line for m into b: "WRSPOOL1 {...}\n". */
static void
spool_header(const struct spool_meta *m, struct buf *b)
{
	struct jw w;

	buf_puts(b, SPOOL_MAGIC);
	jw_init(&w, b, 0);
	jw_obj(&w);
	jw_key(&w, "first_seen");
	jw_int(&w, m->first_seen);
	jw_key(&w, "attempts");
	jw_int(&w, m->attempts);
	jw_key(&w, "status");
	jw_int(&w, m->status);
	jw_key(&w, "exit");
	jw_int(&w, m->exit_code);
	jw_key(&w, "alert_id");
	jw_str(&w, m->alert_id);
	jw_key(&w, "rule_id");
	jw_str(&w, m->rule_id);
	jw_key(&w, "reason");
	jw_str(&w, m->reason);
	jw_end(&w);
	buf_putc(b, '\n');
}

/* Write entry id into folder fd: header for m, then data[len]. */
static int
spool_write(int fd, const char *id, const struct spool_meta *m,
    const char *data, size_t len)
{
	char hstore[SPOOL_HEAD_MAX * 2], name[SPOOL_ID_MAX + 8];
	struct buf h;

	buf_init(&h, hstore, sizeof hstore);
	spool_header(m, &h);
	if (h.err) {
		errno = EOVERFLOW;
		return -1;
	}
	spool_file(id, name, sizeof name);
	return file_write_at(fd, name, h.p, h.len, data, len, 0640);
}

/* see spool.h */
int
spool_put(struct spool *s, const char *data, size_t len,
    const struct spool_meta *m, char id[SPOOL_ID_MAX])
{
	struct timespec ts;

	if (len == 0 || len > SPOOL_ALERT_MAX) {
		errno = EFBIG;
		return -1;
	}
	clock_gettime(CLOCK_REALTIME, &ts);
	snprintf(id, SPOOL_ID_MAX, "%016llx-%08x-%04x",
	    (unsigned long long)ts.tv_sec * 1000000000ULL +
	    (unsigned long long)ts.tv_nsec, (unsigned)getpid() & 0xffffffffu,
	    s->seq++ & 0xffffu);
	return spool_write(s->qfd, id, m, data, len);
}

/* The Unix second an id was made. */
static long long
spool_id_time(const char *id)
{
	unsigned long long ns = 0;
	int i, c;

	for (i = 0; i < 16; i++) {
		c = id[i];
		ns = ns << 4 | (unsigned)(c <= '9' ? c - '0' : c - 'a' + 10);
	}
	return (long long)(ns / 1000000000ULL);
}

/* see spool.h */
int
spool_list(struct spool *s, int dead, char (*ids)[SPOOL_ID_MAX], size_t max,
    size_t *n, struct spool_stats *st)
{
	struct dirent *de;
	struct stat fs;
	char name[SPOOL_ID_MAX];
	size_t k, i, idlen;
	DIR *d;
	int fd = dead ? s->deadfd : s->qfd;

	*n = 0;
	if (st != NULL)
		memset(st, 0, sizeof *st);
	if ((d = spool_dir(fd)) == NULL)
		return -1;
	while ((de = readdir(d)) != NULL) {
		if (!spool_is_entry(de->d_name))
			continue;
		idlen = strlen(de->d_name) - strlen(SPOOL_SUFFIX);
		memcpy(name, de->d_name, idlen);
		name[idlen] = '\0';
		if (st != NULL) {
			st->count++;
			if (fstatat(fd, de->d_name, &fs, AT_SYMLINK_NOFOLLOW) == 0)
				st->bytes += (unsigned long long)fs.st_size;
			if (st->oldest == 0 || spool_id_time(name) < st->oldest)
				st->oldest = spool_id_time(name);
		}
		/* Keep the max smallest ids, in order (insertion, bounded). */
		if (*n == max && (max == 0 || strcmp(name, ids[max - 1]) >= 0))
			continue;
		for (k = *n < max ? *n : max - 1; k > 0 &&
		    strcmp(name, ids[k - 1]) < 0; k--)
			;
		for (i = (*n < max ? *n : max - 1); i > k; i--)
			memcpy(ids[i], ids[i - 1], SPOOL_ID_MAX);
		memcpy(ids[k], name, idlen + 1);
		if (*n < max)
			(*n)++;
	}
	closedir(d);
	return 0;
}

/* Parse a header line h[0..n) (no newline) into m.  0 or -1. */
static int
spool_parse_header(const char *h, size_t n, struct spool_meta *m)
{
	struct json js;
	struct buf b;
	long long v;
	int t, rc = -1;

	memset(m, 0, sizeof *m);
	if (n < sizeof SPOOL_MAGIC - 1 || memcmp(h, SPOOL_MAGIC,
	    sizeof SPOOL_MAGIC - 1) != 0)
		return -1;
	h += sizeof SPOOL_MAGIC - 1;
	n -= sizeof SPOOL_MAGIC - 1;
	if (json_parse_object(&js, h, n) != JSON_OK)
		return -1;
	if ((t = json_obj_get(&js, 0, "first_seen")) == -1 ||
	    json_get_int(&js, t, 0, 1LL << 40, &m->first_seen) == -1 ||
	    (t = json_obj_get(&js, 0, "attempts")) == -1 ||
	    json_get_int(&js, t, 0, 1 << 30, &v) == -1)
		goto out;
	m->attempts = (int)v;
	if ((t = json_obj_get(&js, 0, "status")) != -1 &&
	    json_get_int(&js, t, 0, 999, &v) == 0)
		m->status = (int)v;
	if ((t = json_obj_get(&js, 0, "exit")) != -1 &&
	    json_get_int(&js, t, 0, 255, &v) == 0)
		m->exit_code = (int)v;
	buf_init(&b, m->alert_id, sizeof m->alert_id);
	if ((t = json_obj_get(&js, 0, "alert_id")) != -1 &&
	    (json_get_str(&js, t, &b) == -1 || b.err))
		buf_reset(&b);
	buf_init(&b, m->rule_id, sizeof m->rule_id);
	if ((t = json_obj_get(&js, 0, "rule_id")) != -1 &&
	    (json_get_str(&js, t, &b) == -1 || b.err))
		buf_reset(&b);
	buf_init(&b, m->reason, sizeof m->reason);
	if ((t = json_obj_get(&js, 0, "reason")) != -1 &&
	    (json_get_str(&js, t, &b) == -1 || b.err))
		b.err = 0;	/* keep what fit */
	rc = 0;
out:
	json_free(&js);
	return rc;
}

/* see spool.h */
int
spool_parse(const char *p, size_t len, struct spool_meta *m, size_t *off)
{
	const char *nl;

	nl = memchr(p, '\n', len < SPOOL_HEAD_MAX ? len : SPOOL_HEAD_MAX);
	if (nl == NULL || spool_parse_header(p, (size_t)(nl - p), m) == -1) {
		memset(m, 0, sizeof *m);
		return -1;
	}
	*off = (size_t)(nl + 1 - p);
	/* Torn: no alert after the header, or one over the bound. */
	if (*off >= len || len - *off > SPOOL_ALERT_MAX)
		return -1;
	return 0;
}

/* Read entry id of folder fd; see spool_read. */
static int
spool_read_at(int fd, const char *id, char **data, size_t *len,
    struct spool_meta *m)
{
	char name[SPOOL_ID_MAX + 8], *p;
	struct stat st;
	struct buf b;
	size_t hl;
	int f, rc;

	*data = NULL;
	*len = 0;
	memset(m, 0, sizeof *m);
	spool_file(id, name, sizeof name);
	if ((f = openat(fd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) == -1)
		return -1;
	if (fstat(f, &st) == -1 || !S_ISREG(st.st_mode)) {
		close(f);
		errno = EINVAL;
		return -1;
	}
	if (st.st_size > SPOOL_HEAD_MAX + SPOOL_ALERT_MAX)
		st.st_size = SPOOL_HEAD_MAX + SPOOL_ALERT_MAX;
	if ((p = malloc((size_t)st.st_size + 2)) == NULL) {
		close(f);
		errno = ENOMEM;
		return -1;
	}
	buf_init(&b, p, (size_t)st.st_size + 2);
	if ((rc = buf_read_fd(&b, f)) == -1) {
		free(p);
		return -1;
	}
	*data = p;
	*len = b.len;
	if (rc == 1 || spool_parse(p, b.len, m, &hl) == -1)
		return -2;
	memmove(p, p + hl, b.len - hl);
	*len = b.len - hl;
	p[*len] = '\0';
	return 0;
}

/* see spool.h */
int
spool_read(struct spool *s, const char *id, char **data, size_t *len,
    struct spool_meta *m)
{
	return spool_read_at(s->qfd, id, data, len, m);
}

/* see spool.h */
int
spool_update(struct spool *s, const char *id, const char *data, size_t len,
    const struct spool_meta *m)
{
	return spool_write(s->qfd, id, m, data, len);
}

/* Remove entry id of folder fd, fsync the folder. */
static int
spool_unlink(int fd, const char *id)
{
	char name[SPOOL_ID_MAX + 8];

	spool_file(id, name, sizeof name);
	if (unlinkat(fd, name, 0) == -1 && errno != ENOENT)
		return -1;
	(void)fsync(fd);
	return 0;
}

/* see spool.h */
int
spool_done(struct spool *s, const char *id)
{
	char name[SPOOL_ID_MAX + 8];

	spool_file(id, name, sizeof name);
	if (unlinkat(s->qfd, name, 0) == -1 && errno != ENOENT)
		return -1;
	return 0;
}

/* see spool.h */
void
spool_sync(struct spool *s)
{
	(void)fsync(s->qfd);
}

/* see spool.h */
int
spool_dead(struct spool *s, const char *id, const char *data, size_t len,
    const struct spool_meta *m)
{
	struct spool_meta old;
	char *alert = NULL;
	size_t alen = 0;
	int rc;

	if (data == NULL) {
		if (spool_read(s, id, &alert, &alen, &old) != 0) {
			free(alert);
			return -1;
		}
		data = alert;
		len = alen;
	}
	rc = spool_write(s->deadfd, id, m, data, len);
	free(alert);
	if (rc == -1)
		return -1;
	return spool_unlink(s->qfd, id);
}

/* Remove dotfiles older than SPOOL_TMP_AGE in folder fd. */
static void
spool_clean_tmp(int fd, time_t now)
{
	struct dirent *de;
	struct stat st;
	DIR *d;

	if ((d = spool_dir(fd)) == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] != '.' || strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		if (fstatat(fd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
		    S_ISREG(st.st_mode) && st.st_mtime + SPOOL_TMP_AGE < now)
			(void)unlinkat(fd, de->d_name, 0);
	}
	closedir(d);
}

/* see spool.h */
long
spool_trim(struct spool *s, unsigned long long max_bytes, long long max_age,
    time_t now, void (*dropped)(void *ctx, const char *id,
    const struct spool_meta *m), void *ctx)
{
	char ids[16][SPOOL_ID_MAX], name[SPOOL_ID_MAX + 8];
	struct spool_stats st;
	struct spool_meta m;
	struct stat fs;
	char *data;
	size_t n, i, len;
	long count = 0;
	int over;

	spool_clean_tmp(s->qfd, now);
	spool_clean_tmp(s->deadfd, now);
	spool_clean_tmp(s->dfd, now);
	for (;;) {
		if (spool_list(s, 0, ids, 16, &n, &st) == -1)
			return -1;
		if (n == 0)
			return count;
		for (i = 0; i < n; i++) {
			over = (max_bytes > 0 && st.bytes > max_bytes) ||
			    (max_age > 0 && spool_id_time(ids[i]) < now - max_age);
			if (!over)
				return count;
			spool_file(ids[i], name, sizeof name);
			if (fstatat(s->qfd, name, &fs, AT_SYMLINK_NOFOLLOW) == 0)
				st.bytes -= (unsigned long long)fs.st_size <
				    st.bytes ? (unsigned long long)fs.st_size :
				    st.bytes;
			data = NULL;
			if (spool_read(s, ids[i], &data, &len, &m) == -1)
				memset(&m, 0, sizeof m);
			free(data);
			if (spool_unlink(s->qfd, ids[i]) == -1)
				return -1;
			count++;
			if (dropped != NULL)
				dropped(ctx, ids[i], &m);
		}
	}
}

/* see spool.h */
long
spool_retry_dead(struct spool *s)
{
	char ids[64][SPOOL_ID_MAX];
	struct spool_meta m;
	char *data;
	size_t n, i, len;
	long count = 0, moved;
	int rc;

	do {
		if (spool_list(s, 1, ids, 64, &n, NULL) == -1)
			return -1;
		moved = 0;
		for (i = 0; i < n; i++) {
			rc = spool_read_at(s->deadfd, ids[i], &data, &len, &m);
			if (rc == 0) {
				m.attempts = 0;
				m.status = 0;
				m.exit_code = 0;
				m.reason[0] = '\0';
				rc = spool_write(s->qfd, ids[i], &m, data, len);
				if (rc == 0)
					rc = spool_unlink(s->deadfd, ids[i]);
				if (rc == 0)
					moved++;
			} else if (rc == -2)
				rc = 0;		/* a torn letter stays dead */
			free(data);
			if (rc == -1)
				return -1;
		}
		count += moved;
	} while (n == 64 && moved > 0);
	return count;
}

/* Remove every entry of folder fd; returns how many, or -1. */
static long
spool_clear(int fd)
{
	struct dirent *de;
	long count = 0;
	DIR *d;

	if ((d = spool_dir(fd)) == NULL)
		return -1;
	while ((de = readdir(d)) != NULL)
		if (spool_is_entry(de->d_name) && unlinkat(fd, de->d_name, 0) == 0)
			count++;
	closedir(d);
	(void)fsync(fd);
	return count;
}

/* see spool.h */
long
spool_drop_all(struct spool *s)
{
	long a, b;

	if ((a = spool_clear(s->qfd)) == -1 || (b = spool_clear(s->deadfd)) == -1)
		return -1;
	return a + b;
}

/* see spool.h */
int
spool_lock(struct spool *s, int block)
{
	int fd;

	if (s->lockfd != -1)
		return 0;
	if ((fd = openat(s->dfd, SPOOL_LOCK, O_RDWR | O_CREAT | O_NOFOLLOW |
	    O_CLOEXEC, 0640)) == -1)
		return -1;
	while (flock(fd, LOCK_EX | (block ? 0 : LOCK_NB)) == -1) {
		if (errno == EINTR)
			continue;
		close(fd);
		return errno == EWOULDBLOCK ? 1 : -1;
	}
	s->lockfd = fd;
	return 0;
}

/* see spool.h */
void
spool_unlock(struct spool *s)
{
	if (s->lockfd == -1)
		return;
	(void)flock(s->lockfd, LOCK_UN);
	close(s->lockfd);
	s->lockfd = -1;
}

/* Read the state file of folder dfd into st; 0 or -1. */
static int
spool_state_at(int dfd, struct spool_state *st)
{
	char store[2048];
	struct json js;
	struct buf b, v;
	long long n;
	int fd, t, rc;

	memset(st, 0, sizeof *st);
	if ((fd = openat(dfd, SPOOL_STATE, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) == -1)
		return -1;
	buf_init(&b, store, sizeof store);
	if (buf_read_fd(&b, fd) != 0 || json_parse_object(&js, b.p, b.len) != JSON_OK)
		return -1;
#define SPOOL_INT(key, field, max) do {					\
	if ((t = json_obj_get(&js, 0, key)) != -1 &&			\
	    json_get_int(&js, t, 0, max, &n) == 0)				\
		st->field = n;						\
} while (0)
#define SPOOL_STR(key, field) do {					\
	buf_init(&v, st->field, sizeof st->field);			\
	if ((t = json_obj_get(&js, 0, key)) != -1 &&			\
	    (json_get_str(&js, t, &v) == -1 || v.err))			\
		buf_reset(&v);						\
} while (0)
	SPOOL_INT("pid", pid, 1LL << 31);
	SPOOL_INT("started", started, 1LL << 40);
	SPOOL_INT("outage_since", outage_since, 1LL << 40);
	SPOOL_INT("last_attempt", last_attempt, 1LL << 40);
	SPOOL_INT("last_status", last_status, 999);
	SPOOL_INT("last_exit", last_exit, 255);
	SPOOL_INT("delivered", delivered, 1LL << 62);
	SPOOL_STR("last_error", last_error);
	SPOOL_STR("salt", salt);
	SPOOL_STR("fingerprint", fingerprint);
#undef SPOOL_INT
#undef SPOOL_STR
	rc = 0;
	json_free(&js);
	return rc;
}

/* see spool.h */
int
spool_state_read(const struct spool *s, struct spool_state *st)
{
	return spool_state_at(s->dfd, st);
}

/* see spool.h */
int
spool_state_write(struct spool *s, const struct spool_state *st)
{
	char store[2048];
	struct buf b;
	struct jw w;

	buf_init(&b, store, sizeof store);
	jw_init(&w, &b, 0);
	jw_obj(&w);
	jw_key(&w, "pid");
	jw_int(&w, st->pid);
	jw_key(&w, "started");
	jw_int(&w, st->started);
	jw_key(&w, "outage_since");
	jw_int(&w, st->outage_since);
	jw_key(&w, "last_attempt");
	jw_int(&w, st->last_attempt);
	jw_key(&w, "last_status");
	jw_int(&w, st->last_status);
	jw_key(&w, "last_exit");
	jw_int(&w, st->last_exit);
	jw_key(&w, "last_error");
	jw_str(&w, st->last_error);
	jw_key(&w, "delivered");
	jw_int(&w, (long long)st->delivered);
	jw_key(&w, "salt");
	jw_str(&w, st->salt);
	jw_key(&w, "fingerprint");
	jw_str(&w, st->fingerprint);
	jw_end(&w);
	buf_putc(&b, '\n');
	if (!jw_ok(&w) || b.err) {
		errno = EOVERFLOW;
		return -1;
	}
	return file_write_at(s->dfd, SPOOL_STATE, b.p, b.len, "", 0, 0640);
}

/* 1 if the drainer's lock in folder dfd is held by a process. */
static int
spool_lock_held(int dfd)
{
	int fd, held = 0;

	if ((fd = openat(dfd, SPOOL_LOCK, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) == -1)
		return 0;
	if (flock(fd, LOCK_EX | LOCK_NB) == -1)
		held = errno == EWOULDBLOCK;
	else
		(void)flock(fd, LOCK_UN);
	close(fd);
	return held;
}

/* see spool.h */
int
spool_status(const char *root, int json, int fd, time_t now, char *why,
    size_t cap)
{
	struct spool_stats q, dq;
	struct spool_state st;
	struct dirent *de;
	struct spool s;
	struct buf out;
	struct jw w;
	char *store, ids[1][SPOOL_ID_MAX];
	size_t n, cnt = 0;
	DIR *d;
	int held, rc = 0;

	if ((d = opendir(root)) == NULL) {
		snprintf(why, cap, "spool root %.900s: %s", root, strerror(errno));
		return -1;
	}
	if ((store = malloc(1 << 20)) == NULL) {
		closedir(d);
		snprintf(why, cap, "out of memory");
		return -1;
	}
	buf_init(&out, store, 1 << 20);
	if (json) {
		jw_init(&w, &out, 0);
		jw_obj(&w);
		jw_key(&w, "spool_root");
		jw_str(&w, root);
		jw_key(&w, "integrations");
		jw_arr(&w);
	} else
		buf_printf(&out, "%-24s %8s %12s %10s %6s %-8s %s\n", "INTEGRATION",
		    "QUEUED", "BYTES", "OLDEST", "DEAD", "DRAINER", "LAST ERROR");
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		memset(&s, 0, sizeof s);
		s.lockfd = -1;
		if ((s.dfd = openat(dirfd(d), de->d_name, O_RDONLY | O_DIRECTORY |
		    O_CLOEXEC)) == -1)
			continue;
		if ((s.qfd = openat(s.dfd, "q", O_RDONLY | O_DIRECTORY |
		    O_CLOEXEC)) == -1 || (s.deadfd = openat(s.dfd, "dead",
		    O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1 ||
		    spool_list(&s, 0, ids, 0, &n, &q) == -1 ||
		    spool_list(&s, 1, ids, 0, &n, &dq) == -1) {
			spool_close(&s);
			continue;
		}
		held = spool_lock_held(s.dfd);
		(void)spool_state_at(s.dfd, &st);
		cnt++;
		if (json) {
			jw_obj(&w);
			jw_key(&w, "name");
			jw_str(&w, de->d_name);
			jw_key(&w, "queued");
			jw_int(&w, (long long)q.count);
			jw_key(&w, "bytes");
			jw_int(&w, (long long)q.bytes);
			jw_key(&w, "oldest_age_seconds");
			jw_int(&w, q.oldest != 0 ? (long long)now - q.oldest : 0);
			jw_key(&w, "dead");
			jw_int(&w, (long long)dq.count);
			jw_key(&w, "drainer");
			jw_bool(&w, held);
			jw_key(&w, "drainer_pid");
			jw_int(&w, held ? st.pid : 0);
			jw_key(&w, "last_status");
			jw_int(&w, st.last_status);
			jw_key(&w, "last_error");
			jw_str(&w, st.last_error);
			jw_end(&w);
		} else
			buf_printf(&out, "%-24.64s %8zu %12llu %9llds %6zu %-8s %.120s\n",
			    de->d_name, q.count, q.bytes, q.oldest != 0 ?
			    (long long)now - q.oldest : 0LL, dq.count,
			    held ? "running" : "-", st.last_error[0] != '\0' ?
			    st.last_error : "-");
		spool_close(&s);
	}
	closedir(d);
	if (json) {
		jw_end(&w);
		jw_end(&w);
		buf_putc(&out, '\n');
	} else if (cnt == 0)
		buf_puts(&out, "(no integration has spooled anything)\n");
	if (out.err)
		rc = -1;
	else if (write(fd, out.p, out.len) != (ssize_t)out.len)
		rc = -1;
	if (rc == -1)
		snprintf(why, cap, "cannot write the status");
	free(store);
	return rc;
}
