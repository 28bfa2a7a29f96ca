/*
 * test_spool: the on-disk spool - order, round trips, torn entries,
 * bounds, dead letters, modes whatever the umask, folders that are not
 * ours, the lock across processes, the state file, status.  Scratch
 * folders under build/tmp/, removed at the end.  Run from the
 * repository root (as root in CI: the owner checks use chown).
 */
#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "t.h"
#include "json.h"
#include "spool.h"

static char root[400];

/* A fresh spool folder root/name. */
static void
dir_of(const char *name, char *out, size_t cap)
{
	snprintf(out, cap, "%s/%s", root, name);
}

static int
mode_of(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 ? (int)(st.st_mode & 0777) : -1;
}

/* Write raw bytes as entry name in folder dir/sub. */
static void
raw(const char *dir, const char *sub, const char *name, const char *bytes,
    size_t n)
{
	char p[1100];
	FILE *f;

	snprintf(p, sizeof p, "%s/%s/%s", dir, sub, name);
	if ((f = fopen(p, "wb")) == NULL) {
		T_OK(0, "fopen %s", p);
		return;
	}
	fwrite(bytes, 1, n, f);
	fclose(f);
}

static void
test_order_roundtrip(void)
{
	char dir[512], why[256], ids[8][SPOOL_ID_MAX], id[SPOOL_ID_MAX];
	char all[50][SPOOL_ID_MAX], *data, *p, path[1100];
	struct spool_meta m, got;
	struct spool_stats st;
	struct spool s;
	size_t n, len, i;
	mode_t old;

	dir_of("a/b/custom-iris", dir, sizeof dir);
	old = umask(077);
	T_EQ_INT(spool_open(&s, dir, 1, why, sizeof why), 0, why);
	umask(old);
	T_EQ_INT(mode_of(dir), 0750, "folder 0750 under umask 077");
	snprintf(path, sizeof path, "%s/q", dir);
	T_EQ_INT(mode_of(path), 0750, "q/ 0750");
	T_EQ_INT(spool_empty(&s), 1, "empty");
	memset(&m, 0, sizeof m);
	m.first_seen = 1700000000;
	snprintf(m.alert_id, sizeof m.alert_id, "1.2");
	snprintf(m.rule_id, sizeof m.rule_id, "5712");
	snprintf(m.reason, sizeof m.reason, "HTTP 503: \"busy\"\nline");
	for (i = 0; i < 50; i++) {
		char a[64];

		snprintf(a, sizeof a, "{\"id\":\"%zu\"}\n", i);
		old = umask(0);
		T_EQ_INT(spool_put(&s, a, strlen(a), &m, all[i]), 0, "put");
		umask(old);
		if (i > 0)
			T_OK(strcmp(all[i - 1], all[i]) < 0, "ids in order");
	}
	snprintf(path, sizeof path, "%s/q/%s.alert", dir, all[0]);
	T_EQ_INT(mode_of(path), 0640, "entry 0640 under umask 0");
	T_EQ_INT(spool_empty(&s), 0, "not empty");
	/* The 8 oldest of 50, in order, and the counts of all. */
	T_EQ_INT(spool_list(&s, 0, ids, 8, &n, &st), 0, "list");
	T_EQ_INT(n, 8, "list n");
	for (i = 0; i < 8; i++)
		T_EQ_STR(ids[i], all[i], "oldest first");
	T_EQ_INT(st.count, 50, "count");
	T_OK(st.bytes > 50 * 20, "bytes %llu", st.bytes);
	T_OK(st.oldest >= (long long)time(NULL) - 5, "oldest from the id");
	/* Read back exactly. */
	T_EQ_INT(spool_read(&s, all[3], &data, &len, &got), 0, "read");
	T_EQ_STR(data, "{\"id\":\"3\"}\n", "the alert's bytes");
	T_EQ_INT(got.first_seen, 1700000000, "first_seen");
	T_EQ_STR(got.alert_id, "1.2", "alert id");
	T_EQ_STR(got.reason, "HTTP 503: \"busy\"\nline", "reason round trip");
	free(data);
	/* Update the meta; done; dead; the header holds the reason. */
	got.attempts = 4;
	T_EQ_INT(spool_update(&s, all[3], "{\"id\":\"3\"}\n", 11, &got), 0, "update");
	T_EQ_INT(spool_read(&s, all[3], &data, &len, &got), 0, "read again");
	T_EQ_INT(got.attempts, 4, "attempts kept");
	free(data);
	T_EQ_INT(spool_done(&s, all[0]), 0, "done");
	T_EQ_INT(spool_read(&s, all[0], &data, &len, &got), -1, "done: gone");
	T_EQ_INT(errno, ENOENT, "ENOENT");
	snprintf(got.reason, sizeof got.reason, "HTTP 400: refused");
	T_EQ_INT(spool_dead(&s, all[1], NULL, 0, &got), 0, "dead");
	T_EQ_INT(spool_list(&s, 1, ids, 8, &n, &st), 0, "list dead");
	T_EQ_INT(n, 1, "one dead letter");
	snprintf(path, sizeof path, "%s/dead/%s.alert", dir, all[1]);
	if ((data = malloc(4096)) != NULL) {
		FILE *f = fopen(path, "rb");

		len = f != NULL ? fread(data, 1, 4095, f) : 0;
		data[len] = '\0';
		if (f != NULL)
			fclose(f);
		T_OK(strncmp(data, "WRSPOOL1 {", 10) == 0 &&
		    strstr(data, "\"reason\":\"HTTP 400: refused\"") != NULL &&
		    (p = strchr(data, '\n')) != NULL &&
		    strcmp(p + 1, "{\"id\":\"1\"}\n") == 0, "dead letter: %s", data);
		free(data);
	}
	T_EQ_INT(spool_retry_dead(&s), 1, "retry moves it back");
	T_EQ_INT(spool_read(&s, all[1], &data, &len, &got), 0, "back in q/");
	T_EQ_INT(got.attempts, 0, "attempts reset");
	T_EQ_STR(got.reason, "", "reason cleared");
	free(data);
	T_EQ_INT(spool_drop_all(&s), 49, "drop all");
	T_EQ_INT(spool_empty(&s), 1, "empty again");
	(void)id;
	spool_close(&s);
}

static void
test_torn(void)
{
	static const char *const bad[] = {
		"",					/* empty */
		"WRSPOOL1 {\"first_seen\":1,\"attempts\":0}",	/* no newline */
		"WRSPOOL1 {\"first_seen\":1,\"attempts\":0}\n",	/* no alert */
		"WRSPOOL1 {\"first_seen\":1}\n{}\n",		/* no attempts */
		"WRSPOOL1 {\"first_seen\":1,\"attempts\":0} x\n{}\n", /* trailing */
		"WRSPOOL1 {torn\n{}\n",
		"WRSPOOL2 {\"first_seen\":1,\"attempts\":0}\n{}\n",
		"{\"id\":\"plain alert, no header\"}\n",
	};
	char dir[512], why[256], name[64], *data;
	struct spool_meta m;
	struct spool s;
	size_t i, len;

	dir_of("torn", dir, sizeof dir);
	T_EQ_INT(spool_open(&s, dir, 1, why, sizeof why), 0, why);
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		snprintf(name, sizeof name, "00000000000000%02zx-00000001-0000.alert", i);
		raw(dir, "q", name, bad[i], strlen(bad[i]));
		name[strlen(name) - 6] = '\0';
		T_EQ_INT(spool_read(&s, name, &data, &len, &m), -2, bad[i]);
		T_EQ_INT(len, strlen(bad[i]), "raw bytes kept");
		T_EQ_INT(spool_dead(&s, name, data, len, &m), 0, "torn to dead/");
		free(data);
	}
	T_EQ_INT(spool_empty(&s), 1, "all torn entries left the queue");
	/* Names not of the id shape and dotfiles are not entries. */
	raw(dir, "q", "junk.alert", "x", 1);
	raw(dir, "q", ".0000000000000001-00000001-0000.alert.1.tmp", "x", 1);
	T_EQ_INT(spool_empty(&s), 1, "junk and dotfiles are not entries");
	spool_close(&s);
}

static void
test_trim(void)
{
	char dir[512], why[256], id[SPOOL_ID_MAX], p[1100], first[SPOOL_ID_MAX];
	struct spool_meta m;
	struct spool s;
	struct timespec ts[2];
	char big[10000];
	long n;
	int i;

	dir_of("trim", dir, sizeof dir);
	T_EQ_INT(spool_open(&s, dir, 1, why, sizeof why), 0, why);
	memset(&m, 0, sizeof m);
	memset(big, 'x', sizeof big);
	big[0] = '{';
	big[sizeof big - 1] = '}';
	for (i = 0; i < 10; i++) {
		T_EQ_INT(spool_put(&s, big, sizeof big, &m, id), 0, "put");
		if (i == 0)
			memcpy(first, id, sizeof first);
	}
	n = spool_trim(&s, 5 * (sizeof big + 200), 0, time(NULL), NULL, NULL);
	T_EQ_INT(n, 5, "trim by bytes drops the 5 oldest");
	snprintf(p, sizeof p, "%s/q/%s.alert", dir, first);
	T_EQ_INT(access(p, F_OK), -1, "the oldest went first");
	T_EQ_INT(spool_trim(&s, 0, 1, time(NULL) + 5, NULL, NULL), 5,
	    "trim by age drops what is older");
	/* A stale dotfile goes, a fresh one stays. */
	raw(dir, "q", ".x.1.tmp", "x", 1);
	raw(dir, "q", ".y.1.tmp", "y", 1);
	snprintf(p, sizeof p, "%s/q/.x.1.tmp", dir);
	ts[0].tv_sec = ts[1].tv_sec = time(NULL) - 120;
	ts[0].tv_nsec = ts[1].tv_nsec = 0;
	T_EQ_INT(utimensat(AT_FDCWD, p, ts, 0), 0, "utimensat");
	spool_trim(&s, 0, 0, time(NULL), NULL, NULL);
	T_EQ_INT(access(p, F_OK), -1, "stale dotfile removed");
	snprintf(p, sizeof p, "%s/q/.y.1.tmp", dir);
	T_EQ_INT(access(p, F_OK), 0, "fresh dotfile kept");
	spool_close(&s);
}

static void
test_owner_lock_state(void)
{
	char dir[512], why[256], out[8192], p[1100];
	struct spool_state st, got;
	struct spool s, s2;
	struct json js;
	pid_t pid;
	int pfd[2], status, e, fd;
	ssize_t n;

	dir_of("gw", dir, sizeof dir);
	mkdir(dir, 0770);
	chmod(dir, 0770);
	T_EQ_INT(spool_open(&s, dir, 1, why, sizeof why), -1, "group-writable "
	    "folder refused");
	T_OK(strstr(why, "writable by group or others") != NULL, "%s", why);
	if (geteuid() == 0) {
		dir_of("other", dir, sizeof dir);
		mkdir(dir, 0750);
		T_EQ_INT(chown(dir, 65534, 65534), 0, "chown");
		T_EQ_INT(spool_open(&s, dir, 1, why, sizeof why), -1, "a folder "
		    "another uid owns refused");
	}
	/* The lock: a child holds it, we see 1, then take it. */
	dir_of("lock", dir, sizeof dir);
	T_EQ_INT(spool_open(&s, dir, 1, why, sizeof why), 0, why);
	T_EQ_INT(pipe(pfd), 0, "pipe");
	if ((pid = fork()) == 0) {
		char c;

		close(pfd[1]);
		if (spool_open(&s2, dir, 0, why, sizeof why) != 0 ||
		    spool_lock(&s2, 0) != 0)
			_exit(1);
		(void)read(pfd[0], &c, 1);	/* until the parent says */
		_exit(0);
	}
	close(pfd[0]);
	usleep(200000);
	T_EQ_INT(spool_lock(&s, 0), 1, "held by the child");
	close(pfd[1]);
	waitpid(pid, &status, 0);
	T_EQ_INT(WEXITSTATUS(status), 0, "child held it");
	T_EQ_INT(spool_lock(&s, 0), 0, "taken after it exits");
	spool_unlock(&s);
	/* State round trip. */
	memset(&st, 0, sizeof st);
	st.pid = 4242;
	st.last_exit = 13;
	st.delivered = 99;
	snprintf(st.last_error, sizeof st.last_error, "HTTP 401: \"no\"");
	snprintf(st.salt, sizeof st.salt, "%064d", 0);
	T_EQ_INT(spool_state_write(&s, &st), 0, "state write");
	T_EQ_INT(spool_state_read(&s, &got), 0, "state read");
	T_EQ_INT(got.pid, 4242, "pid");
	T_EQ_INT(got.last_exit, 13, "last_exit");
	T_EQ_INT((long long)got.delivered, 99, "delivered");
	T_EQ_STR(got.last_error, st.last_error, "last_error");
	T_EQ_STR(got.salt, st.salt, "salt");
	snprintf(p, sizeof p, "%s/state", dir);
	T_EQ_INT(mode_of(p), 0640, "state 0640");
	/* Status as JSON, parsed back. */
	fd = open("build/tmp/test_spool.status", O_RDWR | O_CREAT | O_TRUNC, 0600);
	T_EQ_INT(spool_status(root, 1, fd, time(NULL), why, sizeof why), 0, why);
	lseek(fd, 0, SEEK_SET);
	n = read(fd, out, sizeof out - 1);
	close(fd);
	unlink("build/tmp/test_spool.status");
	out[n > 0 ? n : 0] = '\0';
	e = json_parse_object(&js, out, strlen(out));
	T_EQ_INT(e, JSON_OK, "status JSON parses");
	if (e == JSON_OK) {
		T_OK(json_obj_get(&js, 0, "integrations") != -1, "integrations");
		T_OK(strstr(out, "\"name\":\"lock\"") != NULL &&
		    strstr(out, "\"last_error\":\"HTTP 401: \\\"no\\\"\"") != NULL,
		    "the lock folder's entry: %s", out);
		json_free(&js);
	}
	spool_close(&s);
}

int
main(void)
{
	char cmd[700], cwd[300];

	(void)mkdir("build", 0755);
	(void)mkdir("build/tmp", 0755);
	snprintf(root, sizeof root, "%s/build/tmp/test_spool.%ld",
	    getcwd(cwd, sizeof cwd) != NULL ? cwd : ".", (long)getpid());
	test_order_roundtrip();
	test_torn();
	test_trim();
	test_owner_lock_state();
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
	(void)system(cmd);
	return t_done();
}
