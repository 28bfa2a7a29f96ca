/*
 * file: the files we write or trust outside the alert itself: the log
 * we append to and the state files we keep (the Jira parent cache).
 *
 * Run as root, integratord's folders belong to user wazuh, who could
 * plant a symlink or a hard link where we write.  So, when the
 * effective uid is 0: a symlink is followed only when root owns it (an
 * administrator's link to another volume), a file with more than one
 * link is refused, and a file we create gets the owner and group of
 * the folder it is created in, never root's when the folder is not
 * root's.  State files we read must be owned by the effective uid and
 * not be group- or world-writable.  Nothing here logs.
 */
#ifndef FILE_H
#define FILE_H

#include <stddef.h>
#include <sys/types.h>

#include "buf.h"

/*
 * Open path for appending, creating it (mode 0640, the folder's owner
 * and group) when it does not exist; never creates a folder.  Returns
 * the descriptor, or -1 with errno set (ELOOP: a symlink root does not
 * own; EMLINK: several hard links; EISDIR/EINVAL: not a regular file).
 */
int	file_open_append(const char *path);
/*
 * Read the state file at path into b (at most b->cap - 1 bytes),
 * without following a symlink.  Returns 0; 1 when it is larger (b holds
 * its first bytes); -1 with errno set when it cannot be read (ENOENT:
 * none yet); -2 when it is not to be trusted: not a regular file, not
 * owned by the effective uid, or writable by group or others.
 */
int	file_read_state(struct buf *b, const char *path);
/*
 * Replace path with data[len] atomically: a temporary name in the same
 * folder (O_EXCL, mode), fsync, rename, fsync of the folder.  As root,
 * in a folder that another user owns or can write, nothing is written
 * (-1, EPERM): the next run as that user writes it.  Returns 0 or -1
 * with errno set; the temporary file never remains.
 */
int	file_write_atomic(const char *path, const void *data, size_t len,
	    mode_t mode);
/*
 * The same in the folder dfd (no owner check: the caller made sure of
 * the folder): base is replaced by d1[l1] then d2[l2].  The temporary
 * name is ".BASE.PID.tmp".  Returns 0 or -1 with errno set.
 */
int	file_write_at(int dfd, const char *base, const void *d1, size_t l1,
	    const void *d2, size_t l2, mode_t mode);

#endif
