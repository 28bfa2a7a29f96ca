/*
 * relay: the run context passed explicitly to every stage (no mutable
 * globals), the exit codes, and the destination table.
 */
#ifndef RELAY_H
#define RELAY_H

#include <stdint.h>

#include "alert.h"
#include "args.h"
#include "http.h"
#include "log.h"
#include "opts.h"
#include "tls.h"
#include "url.h"

/* Exit codes (README "Exit codes").  Never 127: integratord then logs argv. */
enum relay_exit {
	EX_OK = 0,		/* delivered (or skipped by policy) */
	EX_INTERNAL = 1,	/* out of memory, internal error */
	EX_USAGE = 2,		/* bad arguments or options */
	EX_NOALERT = 6,		/* alert file missing or unreadable */
	EX_BADALERT = 7,	/* alert is not one valid JSON object */
	EX_NET = 10,		/* DNS, connect, reset, proxy */
	EX_TIMEOUT = 11,	/* the overall deadline passed */
	EX_TLS = 12,		/* handshake or certificate refused */
	EX_HTTP4XX = 13,	/* the destination refused the request */
	EX_HTTP5XX = 14,	/* server error or 429 after all retries */
	EX_HTTPBAD = 15		/* redirect or malformed response */
};

#define RELAY_DEFAULT_TIMEOUT	10
#define RELAY_DEFAULT_RETRIES	3
#define RELAY_MAX_HDRS		24
#define RELAY_HDR_STORE		8192

struct run;

struct dest {
	const char		*name;
	const char *const	*keys;	/* the option keys it reads */
	int			 strict;/* options are settings only: an
					   unknown key is an error */
	int			(*run)(struct run *r);	/* returns an exit code */
};

/* Option keys every destination understands (settings, not payload). */
extern const char *const relay_common_keys[];

/* The destination called name, or NULL. */
const struct dest *dest_find(const char *name);
/* "iris, jira, shuffle, webhook" */
const char *dest_names(void);

struct run {
	struct logger		 log;
	struct args		 args;
	struct opts		 opts;
	struct alert		 alert;
	const struct dest	*dest;
	char			 exe[1024];	/* our own path */
	char			 name[64];	/* integration name for logs */
	char			 api_key[ARGS_MAX_SECRET];
	struct url		 url;		/* hook_url */
	int			 timeout;	/* seconds */
	int			 retries;
	int64_t			 start;		/* ms, monotonic */
	int64_t			 deadline;	/* ms, monotonic */
	/* extra headers from the "headers" option */
	struct http_hdr		 hdrs[RELAY_MAX_HDRS];
	int			 nhdrs;
	char			 hdrstore[RELAY_HDR_STORE];
	/* TLS and proxy */
	struct tls_conf		 tls;
	char			 ca_file[1024];
	struct tls_trust	*trust;
	int			 trust_loaded;
	struct url		 proxy;
	int			 use_proxy;
	/* for the summary line */
	char			 alert_id[64];
	char			 rule_id[32];
	char			 extra[256];	/* log pairs a destination adds */
	int			 warned_plain;	/* cleartext credential warning given */
	char			 home[512];	/* the Wazuh home, or "" */
};

/*
 * The server's short message for logs (IRIS/Shuffle "message"/"reason",
 * Jira "errorMessages"/"errors", else the body): sanitized, <= max bytes.
 */
void	relay_resp_snippet(const struct http_resp *resp, struct buf *b, size_t max);
/*
 * The per-alert log line and the last stdout line (integratord copies it
 * into ossec.log on failure).  reason (may be NULL) is why it failed, or
 * on success a note (note="..."); r->extra is appended on success.
 * Returns code.
 */
int	relay_report(struct run *r, int code, int status, int attempts,
	    const char *reason);
/* A deliberately skipped alert: log line and summary; returns EX_OK. */
int	relay_skip(struct run *r, const char *why);
/* --dry-run: exactly the body on stdout. */
void	relay_dry_run(struct run *r, const struct buf *body);

#endif
