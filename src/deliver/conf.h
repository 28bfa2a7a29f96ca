/*
 * conf: one integration's configuration, loaded and checked once, then
 * read-only: the destination, URL, key, headers, TLS trust, proxy,
 * limits and the spool settings.  A run, the drainer it starts and (in
 * time) a follow worker all deliver with a const struct conf.  It holds
 * secrets (the key, header values, proxy credentials): conf_free wipes
 * them.
 */
#ifndef CONF_H
#define CONF_H

#include <stddef.h>

#include "args.h"
#include "http.h"
#include "log.h"
#include "opts.h"
#include "tls.h"
#include "url.h"

#define CONF_DEFAULT_TIMEOUT	10
#define CONF_DEFAULT_RETRIES	3
#define CONF_MAX_HDRS		24
#define CONF_HDR_STORE		8192
#define CONF_SPOOL_MAX_MB	512	/* spool_max_mb default */
#define CONF_SPOOL_MAX_DAYS	7	/* spool_max_age_days default */

struct dest;

struct conf {
	const struct dest	*dest;
	char			 name[64];	/* integration name, for logs */
	char			 home[512];	/* the Wazuh home, or "" */
	char			 exe[1024];	/* our own path */
	struct opts		 opts;		/* owned; templates point in */
	void			*dconf;		/* the destination's (dest->load) */
	char			 api_key[ARGS_MAX_SECRET];
	struct url		 url;		/* hook_url (not set for dry runs) */
	int			 timeout;	/* seconds per attempt */
	int			 retries;	/* inline retries (no spool) */
	int			 debug;
	int			 dry_run;
	int			 manual;	/* run by an operator, not integratord */
	/* extra headers from the "headers" option */
	struct http_hdr		 hdrs[CONF_MAX_HDRS];
	int			 nhdrs;
	char			 hdrstore[CONF_HDR_STORE];
	/* TLS and proxy */
	struct tls_conf		 tls;
	char			 ca_file[1024];
	struct tls_trust	*trust;
	struct url		 proxy;
	int			 use_proxy;
	/* the spool */
	int			 spool;		/* on */
	char			 spool_dir[1024];	/* the integration's folder */
	unsigned long long	 spool_max_bytes;	/* 0: no bound */
	long long		 spool_max_age;	/* seconds, 0: no bound */
	char			 log_file[512];	/* "log_file", or "" */
};

/* Option keys every destination understands (settings, not payload). */
extern const char *const conf_common_keys[];

/*
 * Start c from argv: name, home, exe, key, debug, timeout and retries
 * from integratord's arguments, then load the options file (its errors
 * are -1 with why; a missing file is 1 with why, which the caller warns
 * about and goes on), and read log_file.  Returns 0, 1 or -1.
 */
int	conf_begin(struct conf *c, const struct args *a, const char *exe,
	    const char *home, const char *name, char *why, size_t cap);
/*
 * Finish c once the log is open (it warns there: insecure TLS, the CN
 * fallback): the destination, unknown keys, limits, the key file,
 * headers, the destination's own options, the spool settings, then
 * (not for a dry run) the URL, proxy and TLS trust.  Returns EX_OK or an
 * exit code with a one-line reason in why.
 */
int	conf_finish(struct conf *c, const struct args *a, struct logger *log,
	    char *why, size_t cap);
/*
 * The spool folder c would use, without the options (when they did not
 * load): spool_dir as loaded, else HOME/queue/wazuh-relay/NAME when the
 * home has a queue/ folder (as a Wazuh manager's has), else "".
 */
void	conf_spool_default(struct conf *c);
/* Wipe the secrets and free what c owns; c may be half loaded. */
void	conf_free(struct conf *c);
/*
 * HMAC-SHA256 of everything that makes c deliver the way it does (the
 * destination, URL, key, options text, headers, proxy, trust settings),
 * under salt[32]: the drainer's fingerprint, comparable across
 * processes, revealing nothing of the key without the salt.
 */
void	conf_fingerprint(const struct conf *c, const unsigned char salt[32],
	    unsigned char out[32]);

#endif
