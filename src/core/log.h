/*
 * log: one line per event to integrations.log (or log_file), and the
 * same line on stderr, where integratord shows it in ossec.log at
 * integrator.debug=2 (stdout and stderr share its pipe).
 *
 * Lines are "YYYY-MM-DDTHH:MM:SSZ NAME: LEVEL: key=value ..." and the
 * pairs follow one quoting rule (logfmt): a value is written bare when
 * it is non-empty printable ASCII without space, '"', '=' or '\';
 * otherwise it is quoted, with '"' and '\' backslash-escaped and any
 * byte below 0x20 or 0x7f as \xNN (valid UTF-8 is kept).  Free text is
 * one msg="..." pair.  Nothing here ever sees a secret: callers pass
 * redacted values.
 */
#ifndef LOG_H
#define LOG_H

#include <stddef.h>

#include "buf.h"

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR };

struct logger {
	int	 fd;		/* log file, or -1 */
	int	 debug;		/* debug lines enabled */
	int	 quiet_stderr;	/* do not mirror to stderr (tests) */
	int	 open_errno;	/* why path could not be opened, or 0 */
	char	 name[64];	/* integration name, e.g. "custom-iris" */
	char	 path[512];	/* the log file in use or tried, or "" */
};

/*
 * Open the log: path if given, else HOME/logs/integrations.log when
 * home is set and holds a logs folder (no Wazuh home: stderr only).
 * The file is opened as file_open_append does (file.h: root never
 * follows a link it does not own; a file we create gets the folder's
 * owner and group).  Never fails: open_errno tells why no file is used.
 */
void	log_open(struct logger *l, const char *name, const char *path,
	    const char *home);
void	log_close(struct logger *l);
/*
 * Append " (log FILE not written: REASON)" to b when the log file could
 * not be opened, for the summary line integratord copies into ossec.log.
 */
void	log_open_note(const struct logger *l, struct buf *b);
/* Free text, as one msg="..." pair. */
void	log_info(struct logger *l, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
void	log_warn(struct logger *l, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
void	log_error(struct logger *l, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
void	log_debug(struct logger *l, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* A line of pairs built with log_kv (kv->p without the leading space). */
void	log_event(struct logger *l, int level, const struct buf *kv);
/*
 * Append " key=value" (no space when b is empty) with the value
 * s[0..len) quoted as described above.
 */
void	log_kv(struct buf *b, const char *key, const char *s, size_t len);
/* log_kv with a NUL-terminated value, "-" when s is NULL or empty. */
void	log_kvs(struct buf *b, const char *key, const char *s);
/*
 * Append text from a peer (or the alert) as one clean line: bytes below
 * 0x20 and 0x7f become spaces, invalid UTF-8 bytes '?', valid UTF-8 is
 * kept; at most max input bytes, cut at a character boundary, "..."
 * when cut.
 */
void	log_clean(struct buf *b, const char *s, size_t len, size_t max);

#endif
