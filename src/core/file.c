/* see file.h */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "file.h"

#define FILE_APPEND	(O_WRONLY | O_APPEND | O_NOCTTY | O_CLOEXEC)

/* Close fd keeping errno; returns -1. */
static int
file_fail(int fd)
{
	int e = errno;

	if (fd != -1)
		close(fd);
	errno = e;
	return -1;
}

/*
 * Open the folder of path (O_DIRECTORY) and point *base at the last
 * component.  Returns the folder's descriptor or -1 with errno set.
 */
static int
file_dir(const char *path, const char **base)
{
	char dir[PATH_MAX];
	const char *slash = strrchr(path, '/');
	size_t n;

	if (slash == NULL) {
		*base = path;
		snprintf(dir, sizeof dir, ".");
	} else {
		n = slash == path ? 1 : (size_t)(slash - path);
		if (n >= sizeof dir) {
			errno = ENAMETOOLONG;
			return -1;
		}
		memcpy(dir, path, n);
		dir[n] = '\0';
		*base = slash + 1;
	}
	if (**base == '\0') {
		errno = EISDIR;
		return -1;
	}
	return open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
}

/*
 * base in dfd is a symlink.  Not root: follow it.  Root: only a link
 * root owns, one level (its target may not be a link itself).  The link
 * is read through a descriptor of the link itself, so it cannot be
 * swapped between the check and the open.
 */
static int
file_follow(int dfd, const char *base)
{
	char target[PATH_MAX];
	struct stat st;
	ssize_t n;
	int lfd;

	if (geteuid() != 0)
		return openat(dfd, base, FILE_APPEND);
	if ((lfd = openat(dfd, base, O_PATH | O_NOFOLLOW | O_CLOEXEC)) == -1)
		return -1;
	if (fstat(lfd, &st) == -1)
		return file_fail(lfd);
	if (!S_ISLNK(st.st_mode) || st.st_uid != 0) {
		close(lfd);
		errno = ELOOP;
		return -1;
	}
	n = readlinkat(lfd, "", target, sizeof target - 1);
	if (n <= 0)
		return file_fail(lfd);
	close(lfd);
	target[n] = '\0';
	return openat(dfd, target, FILE_APPEND | O_NOFOLLOW);
}

/* Create base in dfd: 0640, owner and group of the folder. */
static int
file_create(int dfd, const char *base)
{
	struct stat ds;
	int fd;

	if (fstat(dfd, &ds) == -1)
		return -1;
	fd = openat(dfd, base, FILE_APPEND | O_CREAT | O_EXCL | O_NOFOLLOW, 0640);
	if (fd == -1)
		return -1;
	(void)fchmod(fd, 0640);		/* whatever the umask */
	if (geteuid() == 0) {
		/* A root-owned log would lock out every later run as wazuh. */
		if (fchown(fd, ds.st_uid, ds.st_gid) == -1) {
			(void)unlinkat(dfd, base, 0);
			return file_fail(fd);
		}
	} else if (ds.st_gid != getegid())
		(void)fchown(fd, (uid_t)-1, ds.st_gid);	/* when a member */
	return fd;
}

/* see file.h */
int
file_open_append(const char *path)
{
	struct stat st;
	const char *base;
	int dfd, fd, tries;

	if ((dfd = file_dir(path, &base)) == -1)
		return -1;
	for (tries = 0; ; tries++) {
		fd = openat(dfd, base, FILE_APPEND | O_NOFOLLOW);
		if (fd == -1 && errno == ELOOP)
			fd = file_follow(dfd, base);
		if (fd == -1 && errno == ENOENT) {
			fd = file_create(dfd, base);
			/* Created meanwhile by another run: open that one. */
			if (fd == -1 && errno == EEXIST && tries == 0)
				continue;
		}
		break;
	}
	file_fail(dfd);
	if (fd == -1)
		return -1;
	if (fstat(fd, &st) == -1)
		return file_fail(fd);
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		errno = EINVAL;
		return -1;
	}
	/* A hard link planted to another file (no protected_hardlinks). */
	if (geteuid() == 0 && st.st_nlink > 1) {
		close(fd);
		errno = EMLINK;
		return -1;
	}
	return fd;
}

/* see file.h */
int
file_read_state(struct buf *b, const char *path)
{
	struct stat st;
	int fd;

	buf_reset(b);
	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)) == -1)
		return -1;
	if (fstat(fd, &st) == -1)
		return file_fail(fd);
	if (!S_ISREG(st.st_mode) || st.st_uid != geteuid() ||
	    (st.st_mode & (S_IWGRP | S_IWOTH)) != 0) {
		close(fd);
		return -2;
	}
	return buf_read_fd(b, fd);
}

/* Write all of p[len] to fd; 0 or -1. */
static int
file_write_all(int fd, const char *p, size_t len)
{
	ssize_t w;

	while (len > 0) {
		w = write(fd, p, len);
		if (w == -1 && errno == EINTR)
			continue;
		if (w <= 0) {
			if (w == 0)
				errno = EIO;
			return -1;
		}
		p += w;
		len -= (size_t)w;
	}
	return 0;
}

/* see file.h */
int
file_write_at(int dfd, const char *base, const void *d1, size_t l1,
    const void *d2, size_t l2, mode_t mode)
{
	char tmp[NAME_MAX + 1];
	int fd, n, e;

	n = snprintf(tmp, sizeof tmp, ".%s.%ld.tmp", base, (long)getpid());
	if (n < 0 || (size_t)n >= sizeof tmp) {
		errno = ENAMETOOLONG;
		return -1;
	}
	fd = openat(dfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
	    O_CLOEXEC, mode);
	if (fd == -1)
		return -1;
	(void)fchmod(fd, mode);
	if (file_write_all(fd, d1, l1) == -1 || file_write_all(fd, d2, l2) == -1 ||
	    fsync(fd) == -1) {
		e = errno;
		close(fd);
		goto fail;
	}
	if (close(fd) == -1 || renameat(dfd, tmp, dfd, base) == -1) {
		e = errno;
		goto fail;
	}
	(void)fsync(dfd);
	return 0;
fail:
	(void)unlinkat(dfd, tmp, 0);
	errno = e;
	return -1;
}

/* see file.h */
int
file_write_atomic(const char *path, const void *data, size_t len, mode_t mode)
{
	const char *base;
	struct stat ds;
	int dfd, rc;

	if ((dfd = file_dir(path, &base)) == -1)
		return -1;
	if (fstat(dfd, &ds) == -1)
		return file_fail(dfd);
	if (geteuid() == 0 && (ds.st_uid != 0 ||
	    (ds.st_mode & (S_IWGRP | S_IWOTH)) != 0)) {
		close(dfd);
		errno = EPERM;
		return -1;
	}
	rc = file_write_at(dfd, base, data, len, "", 0, mode);
	if (rc == -1)
		return file_fail(dfd);
	close(dfd);
	return 0;
}
