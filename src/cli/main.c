/*
 * wazuh-relay: the one place that orchestrates and exits.
 *
 * Order of work (style.md 9.6): parse argv and options, read the alert
 * and the trust material, then connect; secrets are wiped before exit.
 */
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "deliver.h"
#include "net.h"
#include "relay.h"

#ifndef WR_VERSION
#define WR_VERSION "dev"
#endif

static const char usage[] =
"usage: wazuh-relay --to DEST --url URL [--key-file FILE] [--options FILE]\n"
"                   [--timeout S] [--retries N] [--debug] [--dry-run] ALERT_FILE\n"
"       wazuh-relay --help | --version\n"
"\n"
"Run by wazuh-integratord as integrations/custom-DEST, it reads its\n"
"arguments by position: ALERT_FILE API_KEY HOOK_URL [debug] [OPTIONS_FILE]\n"
"[TIMEOUT RETRIES].  Destinations: %s.\n"
"\n"
"  --to DEST        destination (else the options' \"destination\", the\n"
"                   alert file name, or the program name custom-DEST)\n"
"  --url URL        destination URL (hook_url)\n"
"  --key-file FILE  read the API key from FILE (not visible in ps)\n"
"  --options FILE   options JSON, as in <options>\n"
"  --timeout S      overall deadline in seconds (default 10)\n"
"  --retries N      further attempts on network errors, 429 and 5xx (default 3)\n"
"  --debug          log the request body\n"
"  --dry-run        print the request body on stdout and send nothing\n"
"\n"
"Exit: 0 delivered, 2 usage/options, 6 alert file missing, 7 invalid alert,\n"
"10 network, 11 timeout, 12 TLS, 13 HTTP 4xx, 14 HTTP 5xx/429, 15 bad response.\n";

/* Last path component. */
static const char *
relay_base(const char *p)
{
	const char *s = strrchr(p, '/');

	return s != NULL ? s + 1 : p;
}

/* 1 if dir/sub is a folder. */
static int
relay_is_dir(const char *dir, const char *sub)
{
	char p[1100];
	struct stat st;
	int n;

	n = snprintf(p, sizeof p, "%s/%s", dir, sub);
	return n > 0 && (size_t)n < sizeof p && stat(p, &st) == 0 &&
	    S_ISDIR(st.st_mode);
}

/*
 * The Wazuh home: integratord's working directory when it holds
 * integrations/ and logs/ (so an install through a symlink keeps its
 * log), else the parent of the folder holding the executable's real
 * path (/var/ossec/integrations/custom-iris -> /var/ossec), else "".
 */
static void
relay_home(struct run *r)
{
	char cwd[sizeof r->home];
	const char *slash;
	size_t n;

	if (getcwd(cwd, sizeof cwd) != NULL && relay_is_dir(cwd, "integrations") &&
	    relay_is_dir(cwd, "logs")) {
		memcpy(r->home, cwd, sizeof r->home);
		return;
	}
	r->home[0] = '\0';
	if (r->exe[0] != '/' || (slash = strrchr(r->exe, '/')) == NULL)
		return;
	n = (size_t)(slash - r->exe);		/* the executable's folder */
	while (n > 0 && r->exe[n - 1] != '/')
		n--;
	if (n <= 1 || n > sizeof r->home)
		return;				/* no parent above it */
	memcpy(r->home, r->exe, n - 1);
	r->home[n - 1] = '\0';
}

/*
 * The integration's name, for log lines: the program's own name when it
 * is installed as integrations/custom-*, else the name integratord put
 * in the alert file's name ("/tmp/%s-%d-%ld.alert": "custom-shuffle"
 * from "/tmp/custom-shuffle-1700000000--123.alert", for an install
 * through a symlink), else the program's name.
 */
static void
relay_name(struct run *r, const char *alert_path)
{
	const char *b, *e;

	b = relay_base(r->exe[0] != '\0' ? r->exe : "wazuh-relay");
	if (strncmp(b, "custom-", 7) != 0 && alert_path != NULL) {
		const char *a = relay_base(alert_path);
		size_t n = strlen(a);
		int k;

		if (n > 6 && strcmp(a + n - 6, ".alert") == 0) {
			e = a + n - 6;
			/* -<random> (possibly negative: "--123"), then -<time> */
			for (k = 0; k < 2 && e > a; k++) {
				const char *d = e;

				while (d > a && d[-1] >= '0' && d[-1] <= '9')
					d--;
				if (d == e || d == a || d[-1] != '-')
					break;
				e = d - 1;
				if (k == 0 && e > a && e[-1] == '-')
					e--;
			}
			if (k == 2 && e > a) {
				snprintf(r->name, sizeof r->name, "%.*s",
				    (int)(e - a), a);
				return;
			}
		}
	}
	snprintf(r->name, sizeof r->name, "%.63s", b);
}

/*
 * The destination named by a file or program name: "custom-iris",
 * "custom-iris.py-1700000000-123.alert", "custom-iris-prod-...".
 */
static const struct dest *
relay_dest_from_name(const char *path)
{
	const char *b = relay_base(path), *s;
	char word[32];
	size_t n;

	if (strncmp(b, "custom-", 7) != 0)
		return NULL;
	s = b + 7;
	n = strcspn(s, "-._");
	if (n == 0 || n >= sizeof word)
		return NULL;
	memcpy(word, s, n);
	word[n] = '\0';
	return dest_find(word);
}

/* Edit distance of a and b (both at most 64 bytes are compared). */
static size_t
relay_distance(const char *a, const char *b)
{
	size_t row[65], i, j, n = strlen(b), m = strlen(a), diag, up;

	if (n > 64)
		n = 64;
	if (m > 64)
		m = 64;
	for (j = 0; j <= n; j++)
		row[j] = j;
	for (i = 1; i <= m; i++) {
		diag = row[0];
		row[0] = i;
		for (j = 1; j <= n; j++) {
			up = row[j];
			row[j] = diag + (a[i - 1] != b[j - 1]);
			if (up + 1 < row[j])
				row[j] = up + 1;
			if (row[j - 1] + 1 < row[j])
				row[j] = row[j - 1] + 1;
			diag = up;
		}
	}
	return row[n];
}

struct relay_unknown {
	const char *const *const *known;
	char	 key[80];	/* the first unknown key, cleaned */
	const char *best;	/* the known key closest to it */
};

/* opts_unknown callback: remember the first unknown key and its neighbour. */
static void
relay_unknown_key(void *ctx, const char *key)
{
	struct relay_unknown *u = ctx;
	struct buf b;
	size_t l, m, d, best = (size_t)-1;

	if (u->key[0] != '\0')
		return;
	buf_init(&b, u->key, sizeof u->key);
	log_clean(&b, key, strlen(key), 64);
	for (l = 0; u->known[l] != NULL; l++)
		for (m = 0; u->known[l][m] != NULL; m++)
			if ((d = relay_distance(key, u->known[l][m])) < best) {
				best = d;
				u->best = u->known[l][m];
			}
}

/* Read the API key from a file: first line, trailing CR/LF/space cut. */
static int
relay_key_file(struct run *r, const char *path, char *why, size_t cap)
{
	struct buf b;
	size_t len;
	int rc;

	buf_init(&b, r->api_key, sizeof r->api_key);
	if ((rc = buf_read_file(&b, path, 0)) != 0) {
		explicit_bzero(r->api_key, sizeof r->api_key);
		snprintf(why, cap, "API key file %s: %s", path,
		    rc == 1 ? "too long" : strerror(errno));
		return -1;
	}
	len = strcspn(r->api_key, "\r\n");
	while (len > 0 && (r->api_key[len - 1] == ' ' || r->api_key[len - 1] == '\t'))
		len--;
	r->api_key[len] = '\0';
	return 0;
}

/* "headers": {"Name": "value", ...}; CR/LF refused. */
static int
relay_headers(struct run *r, char *why, size_t cap)
{
	const struct json *js = &r->opts.js;
	struct buf st;
	size_t name_at, value_at;
	int h, i, k;

	if ((h = opts_get(&r->opts, "headers")) == -1)
		return 0;
	if (!json_is_obj(js, h)) {
		snprintf(why, cap, "options: \"headers\" must be an object of "
		    "\"Name\": \"value\" strings");
		return -1;
	}
	buf_init(&st, r->hdrstore, sizeof r->hdrstore);
	i = h + 1;
	for (k = 0; k < js->t[h].size; k++) {
		if (r->nhdrs >= RELAY_MAX_HDRS) {
			snprintf(why, cap, "options: more than %d headers",
			    RELAY_MAX_HDRS);
			return -1;
		}
		name_at = st.len;
		json_get_str(js, i, &st);
		buf_putc(&st, '\0');
		value_at = st.len;
		if (!json_is_str(js, i + 1)) {
			snprintf(why, cap, "options: header values must be strings");
			return -1;
		}
		json_get_str(js, i + 1, &st);
		buf_putc(&st, '\0');
		if (st.err) {
			snprintf(why, cap, "options: \"headers\" too large");
			return -1;
		}
		r->hdrs[r->nhdrs].name = r->hdrstore + name_at;
		r->hdrs[r->nhdrs].value = r->hdrstore + value_at;
		if (http_hdr_check(r->hdrs[r->nhdrs].name, r->hdrs[r->nhdrs].value) == -1) {
			snprintf(why, cap, "options: header \"%.64s\" has an invalid "
			    "name or a CR, LF or control byte in its value",
			    r->hdrs[r->nhdrs].name);
			return -1;
		}
		r->nhdrs++;
		if ((i = json_skip(js, i + 1)) == -1)
			break;
	}
	return 0;
}

static const struct dest *
relay_pick_dest(struct run *r, char *why, size_t cap)
{
	const struct dest *d;
	char name[64];
	int rc;

	if (r->args.to != NULL) {
		if ((d = dest_find(r->args.to)) == NULL)
			snprintf(why, cap, "unknown destination \"%.32s\" "
			    "(known: %s)", r->args.to, dest_names());
		return d;
	}
	rc = opts_str(&r->opts, "destination", name, sizeof name, why, cap);
	if (rc == -1)
		return NULL;
	if (rc == 1) {
		if ((d = dest_find(name)) == NULL)
			snprintf(why, cap, "options: unknown destination \"%.32s\" "
			    "(known: %s)", name, dest_names());
		return d;
	}
	if (r->args.alert_path != NULL &&
	    (d = relay_dest_from_name(r->args.alert_path)) != NULL)
		return d;
	if (r->exe[0] != '\0' && (d = relay_dest_from_name(r->exe)) != NULL)
		return d;
	snprintf(why, cap, "cannot tell the destination: install as "
	    "integrations/custom-DEST, or set \"destination\" in <options> "
	    "(known: %s)", dest_names());
	return NULL;
}

/*
 * no_proxy: comma-separated host suffixes ("example.com" also matches
 * "a.example.com"; a leading dot is allowed), exact IP literals, or "*".
 */
static int
relay_no_proxy(const char *list, const char *host)
{
	const char *p, *e;
	size_t n, hl = strlen(host);

	for (p = list; *p != '\0'; p = *e != '\0' ? e + 1 : e) {
		e = p + strcspn(p, ",");
		while (p < e && (*p == ' ' || *p == '\t'))
			p++;
		n = (size_t)(e - p);
		while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
			n--;
		if (n == 1 && *p == '*')
			return 1;
		if (n > 0 && *p == '.')
			p++, n--;
		if (n == 0 || n > hl)
			continue;
		if (strncasecmp(host + hl - n, p, n) == 0 &&
		    (n == hl || host[hl - n - 1] == '.'))
			return 1;
	}
	return 0;
}

/* The proxy: the "proxy" option, else https_proxy/HTTPS_PROXY (https) or http_proxy. */
static int
relay_proxy(struct run *r, char *why, size_t cap)
{
	char opt[1024];
	const char *p = NULL, *np, *u;
	int rc;

	if ((rc = opts_str(&r->opts, "proxy", opt, sizeof opt, why, cap)) == -1)
		return EX_USAGE;
	if (rc == 1) {
		if (opt[0] == '\0')
			return EX_OK;	/* "proxy": "" turns the environment off */
		p = opt;
	} else {
		if (r->url.https) {
			p = getenv("https_proxy");
			if (p == NULL || *p == '\0')
				p = getenv("HTTPS_PROXY");
		} else
			p = getenv("http_proxy");	/* not HTTP_PROXY (httpoxy) */
		if (p == NULL || *p == '\0')
			return EX_OK;
		np = getenv("no_proxy");
		if (np == NULL || *np == '\0')
			np = getenv("NO_PROXY");
		if (np != NULL && relay_no_proxy(np, r->url.host))
			return EX_OK;
	}
	if (url_parse_proxy(&r->proxy, p, &u) == -1) {
		explicit_bzero(opt, sizeof opt);
		snprintf(why, cap, "proxy %s is not usable: %s (expected "
		    "http://[user:pass@]host:port)", rc == 1 ? "option" :
		    "variable", u);
		return EX_USAGE;
	}
	explicit_bzero(opt, sizeof opt);
	r->use_proxy = 1;
	log_debug(&r->log, "using proxy %s port %d%s", r->proxy.host,
	    r->proxy.port, r->proxy.userinfo[0] != '\0' ? " with credentials" : "");
	return EX_OK;
}

/* ca_file, pin_sha256 (string or array), insecure, tls_legacy; load trust. */
static int
relay_tls(struct run *r, char *why, size_t cap)
{
	const struct json *js = &r->opts.js;
	char pin[256];
	struct buf pb;
	const char *u, *used = "";
	int t, e, rc;

	if ((rc = opts_str(&r->opts, "ca_file", r->ca_file, sizeof r->ca_file,
	    why, cap)) == -1)
		return EX_USAGE;
	if (rc == 1) {
		if (r->ca_file[0] == '\0') {
			snprintf(why, cap, "options: \"ca_file\" is empty (a "
			    "missing CA file never turns verification off)");
			return EX_USAGE;
		}
		r->tls.ca_file = r->ca_file;
	}
	if ((t = opts_get(&r->opts, "pin_sha256")) != -1) {
		if (json_is_str(js, t))
			e = t;
		else if (json_is_arr(js, t))
			e = json_arr_first(js, t);
		else {
			snprintf(why, cap, "options: \"pin_sha256\" must be "
			    "a string or an array of strings");
			return EX_USAGE;
		}
		for (; e != -1; e = e == t ? -1 : json_arr_next(js, t, e)) {
			buf_init(&pb, pin, sizeof pin);
			if (!json_is_str(js, e) || json_get_str(js, e, &pb) == -1 ||
			    pb.err || tls_parse_pins(&r->tls, pin, &u) == -1) {
				snprintf(why, cap, "options: \"pin_sha256\": %s "
				    "(expected sha256//BASE64 as curl's --pinnedpubkey)",
				    pb.err ? "too long" : u);
				return EX_USAGE;
			}
		}
	}
	if (opts_bool(&r->opts, "insecure", &r->tls.insecure, why, cap) == -1 ||
	    opts_bool(&r->opts, "tls_legacy", &r->tls.legacy, why, cap) == -1 ||
	    opts_bool(&r->opts, "tls_cn_fallback", &r->tls.cn_fallback, why,
	    cap) == -1)
		return EX_USAGE;
	if (tls_trust_load(&r->trust, &r->tls, &used, why, cap) == -1)
		return r->tls.ca_file != NULL ? EX_USAGE : EX_TLS;
	if (r->tls.insecure)
		log_warn(&r->log, "TLS certificate verification is DISABLED for "
		    "%s (\"insecure\": true): anyone on the path can read and "
		    "change this alert; use ca_file or pin_sha256 instead",
		    r->url.host);
	else if (r->tls.cn_fallback && (r->tls.npins == 0 || r->tls.ca_file != NULL))
		/* Pin-only mode never looks at names: nothing to warn about. */
		log_warn(&r->log, "TLS: a certificate without a subjectAltName "
		    "is accepted by its CN for %s (\"tls_cn_fallback\": true); "
		    "reissue it with subjectAltName=DNS:%s and remove the option",
		    r->url.host, r->url.host);
	if (!r->tls.insecure)
		log_debug(&r->log, "TLS trust: %s%s", used[0] ? used : "pins only",
		    r->tls.npins > 0 ? " + public-key pin" : "");
	return EX_OK;
}

/* Everything before the destination's own step.  Returns EX_OK or a code. */
static int
relay_setup(struct run *r)
{
	char why[600], keyfile[1024];
	long long v;
	const char *u;
	int rc;

	why[0] = '\0';
	if ((r->dest = relay_pick_dest(r, why, sizeof why)) == NULL)
		return relay_report(r, EX_USAGE, 0, 0, why);
	/*
	 * Settings-only destinations refuse a key they do not know: a typo
	 * ("custmer_id") would deliver with a default (another tenant).
	 * Shuffle merges unknown keys into the body, as shuffle.py does.
	 */
	if (r->dest->strict) {
		const char *const *known[3];
		struct relay_unknown uk;

		known[0] = relay_common_keys;
		known[1] = r->dest->keys;
		known[2] = NULL;
		memset(&uk, 0, sizeof uk);
		uk.known = known;
		opts_unknown(&r->opts, known, relay_unknown_key, &uk);
		if (uk.key[0] != '\0') {
			snprintf(why, sizeof why, "options: unknown key \"%s\" for "
			    "%s (did you mean \"%s\"?)", uk.key, r->dest->name,
			    uk.best != NULL ? uk.best : "?");
			return relay_report(r, EX_USAGE, 0, 0, why);
		}
	}

	/* Options win over argv: argv always carries integratord's defaults. */
	r->timeout = r->args.timeout > 0 ? r->args.timeout : RELAY_DEFAULT_TIMEOUT;
	r->retries = r->args.retries >= 0 ? r->args.retries : RELAY_DEFAULT_RETRIES;
	if ((rc = opts_int(&r->opts, "timeout", 1, 3600, &v, why, sizeof why)) == -1)
		return relay_report(r, EX_USAGE, 0, 0, why);
	if (rc == 1 && !(r->args.manual && r->args.timeout > 0))
		r->timeout = (int)v;
	if ((rc = opts_int(&r->opts, "retries", 0, 100, &v, why, sizeof why)) == -1)
		return relay_report(r, EX_USAGE, 0, 0, why);
	if (rc == 1 && !(r->args.manual && r->args.retries >= 0))
		r->retries = (int)v;

	memcpy(r->api_key, r->args.api_key, sizeof r->api_key);
	if (r->args.key_file != NULL) {
		if (relay_key_file(r, r->args.key_file, why, sizeof why) == -1)
			return relay_report(r, EX_USAGE, 0, 0, why);
	} else if ((rc = opts_str(&r->opts, "api_key_file", keyfile,
	    sizeof keyfile, why, sizeof why)) != 0) {
		if (rc == -1 || relay_key_file(r, keyfile, why, sizeof why) == -1)
			return relay_report(r, EX_USAGE, 0, 0, why);
	}
	if (relay_headers(r, why, sizeof why) == -1)
		return relay_report(r, EX_USAGE, 0, 0, why);

	if (r->args.dry_run)
		return EX_OK;
	if (r->args.hook_url[0] == '\0')
		return relay_report(r, EX_USAGE, 0, 0, "no destination URL: set "
		    "<hook_url> in the <integration> block (or --url)");
	if (url_parse(&r->url, r->args.hook_url, &u) == -1) {
		snprintf(why, sizeof why, "hook_url is not a usable URL: %s", u);
		return relay_report(r, EX_USAGE, 0, 0, why);
	}
	if ((rc = relay_proxy(r, why, sizeof why)) != EX_OK)
		return relay_report(r, rc, 0, 0, why);
	if (r->url.https && (rc = relay_tls(r, why, sizeof why)) != EX_OK)
		return relay_report(r, rc, 0, 0, why);
	return EX_OK;
}

int
main(int argc, char *argv[])
{
	struct rlimit rl;
	struct run *r;
	char why[600], logfile[512];
	ssize_t n;
	int code, rc;

	/*
	 * Keys live in this process: no core dump, no ptrace by the same
	 * user, before anything is read.
	 */
	rl.rlim_cur = rl.rlim_max = 0;
	(void)setrlimit(RLIMIT_CORE, &rl);
	(void)prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	signal(SIGPIPE, SIG_IGN);
	if ((r = calloc(1, sizeof *r)) == NULL) {
		fputs("wazuh-relay: out of memory\n", stdout);
		return EX_INTERNAL;
	}
	r->start = net_now();
	n = readlink("/proc/self/exe", r->exe, sizeof r->exe - 1);
	if (n > 0)
		r->exe[n] = '\0';
	else if (argc > 0 && argv[0] != NULL)
		snprintf(r->exe, sizeof r->exe, "%s", argv[0]);
	relay_home(r);

	why[0] = '\0';
	rc = args_parse(&r->args, argc, argv, why, sizeof why);
	relay_name(r, rc == 0 ? r->args.alert_path : (argc > 1 ? argv[1] : NULL));
	if (rc == -1) {
		log_open(&r->log, r->name, NULL, r->home);
		code = relay_report(r, EX_USAGE, 0, 0, why);
		goto out;
	}
	if (r->args.help) {
		printf(usage, dest_names());
		code = EX_OK;
		goto out;
	}
	if (r->args.version) {
		printf("wazuh-relay %s\n", WR_VERSION);
		code = EX_OK;
		goto out;
	}

	rc = opts_load(&r->opts, r->args.options_path, why, sizeof why);
	logfile[0] = '\0';
	if (rc == 0 && opts_str(&r->opts, "log_file", logfile, sizeof logfile,
	    why, sizeof why) == -1)
		rc = -1;
	log_open(&r->log, r->name, logfile, r->home);
	r->log.debug = r->args.debug;
	if (rc == -1) {
		code = relay_report(r, EX_USAGE, 0, 0, why);
		goto out;
	}
	if (rc == 1)
		log_warn(&r->log, "%s; going on without options", why);

	rc = alert_load(&r->alert, r->args.alert_path, why, sizeof why);
	if (rc != ALERT_OK) {
		code = relay_report(r, rc == ALERT_E_NOTFOUND ? EX_NOALERT :
		    rc == ALERT_E_NOMEM ? EX_INTERNAL : EX_BADALERT, 0, 0, why);
		goto out;
	}
	{
		struct buf b;

		buf_init(&b, r->alert_id, sizeof r->alert_id);
		if (alert_text(&r->alert, "id", &b) == 0 || b.err)
			buf_reset(&b);
		buf_init(&b, r->rule_id, sizeof r->rule_id);
		if (alert_text(&r->alert, "rule.id", &b) == 0 || b.err)
			buf_reset(&b);
	}
	if ((code = relay_setup(r)) != EX_OK)
		goto out;
	r->deadline = r->start + (int64_t)r->timeout * 1000;
	code = r->dest->run(r);
out:
	tls_trust_free(r->trust);
	/* Every copy of a secret: key, URL (its query), headers, proxy. */
	args_wipe(&r->args);
	explicit_bzero(r->api_key, sizeof r->api_key);
	explicit_bzero(r->hdrstore, sizeof r->hdrstore);
	explicit_bzero(&r->url, sizeof r->url);
	explicit_bzero(&r->proxy, sizeof r->proxy);
	alert_free(&r->alert);
	opts_free(&r->opts);
	log_close(&r->log);
	free(r);
	return code;
}
