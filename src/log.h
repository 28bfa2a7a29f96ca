/*
 * log: one line per event to integrations.log (or log_file, or stderr
 * when neither can be opened), and stderr mirroring for ossec.log at
 * integrator.debug=2.  Lines are "YYYY-MM-DDTHH:MM:SSZ NAME: LEVEL: text".
 * Nothing here ever sees a secret: callers pass redacted values.
 */
#ifndef LOG_H
#define LOG_H

#include <stddef.h>

#include "buf.h"

struct logger {
	int	 fd;		/* log file, or -1 */
	int	 debug;		/* debug lines enabled */
	int	 quiet_stderr;	/* do not mirror to stderr (tests) */
	char	 name[64];	/* integration name, e.g. "custom-iris" */
	char	 path[512];	/* the log file path in use, or "" */
};

/*
 * Open the log: explicit path if given, else HOME/logs/integrations.log
 * where HOME is the parent of the executable's folder.  Falls back to
 * stderr only.  Never fails.
 */
void	log_open(struct logger *l, const char *name, const char *path,
	    const char *exe_path);
void	log_close(struct logger *l);
void	log_info(struct logger *l, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
void	log_warn(struct logger *l, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
void	log_error(struct logger *l, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
void	log_debug(struct logger *l, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/*
 * Append peer-supplied bytes to b for logging: printable ASCII kept,
 * '"' and '\\' and everything else as \xNN, at most max input bytes,
 * "..." when cut.
 */
void	log_sanitize(struct buf *b, const char *s, size_t len, size_t max);

#endif
