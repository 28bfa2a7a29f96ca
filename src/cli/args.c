/* see args.h */
#include <sys/stat.h>

#include <stdio.h>
#include <string.h>

#include "args.h"

#define ARGS_MAX_TIMEOUT	3600
#define ARGS_MAX_RETRIES	100

static const struct {
	const char	*ent;
	char		 ch;
} args_ents[] = {
	{ "&amp;", '&' }, { "&lt;", '<' }, { "&gt;", '>' },
	{ "&quot;", '"' }, { "&apos;", '\'' },
};

void
args_decode_entities(char *s)
{
	char *r, *w;
	size_t i, n;

	for (r = w = s; *r != '\0'; ) {
		if (*r == '&') {
			for (i = 0; i < sizeof args_ents / sizeof args_ents[0]; i++) {
				n = strlen(args_ents[i].ent);
				if (strncmp(r, args_ents[i].ent, n) == 0)
					break;
			}
			if (i < sizeof args_ents / sizeof args_ents[0]) {
				*w++ = args_ents[i].ch;
				r += n;
				continue;
			}
		}
		*w++ = *r++;
	}
	*w = '\0';
}

int
args_number(const char *s, int max, int *out)
{
	long v = 0;

	if (s == NULL || *s == '\0')
		return 0;
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9')
			return 0;
		v = v * 10 + (*s - '0');
		if (v > max)
			return 0;
	}
	*out = (int)v;
	return 1;
}

/*
 * Copy the secret argument src into dst (entities decoded), then wipe
 * it in argv: /proc/PID/cmdline and a core dump no longer show it.
 */
static int
args_secret(char *dst, char *src, const char *what, char *why, size_t cap)
{
	size_t n = strlen(src);

	if (n >= ARGS_MAX_SECRET) {
		snprintf(why, cap, "%s is longer than %d bytes", what, ARGS_MAX_SECRET - 1);
		return -1;
	}
	memcpy(dst, src, n + 1);
	explicit_bzero(src, n);
	args_decode_entities(dst);
	return 0;
}

/* The trailing redirection integratord passes as a literal argument. */
static int
args_is_redirect(const char *s)
{
	while (*s == ' ')
		s++;
	return strncmp(s, "> /dev/null", 11) == 0;
}

static int
args_has_suffix(const char *s, const char *suf)
{
	size_t n = strlen(s), m = strlen(suf);

	return n >= m && strcmp(s + n - m, suf) == 0;
}

/*
 * integratord: argv[1] alert, [2] api_key, [3] hook_url, then debug or
 * "", the options file or "", timeout, retries, "> /dev/null 2>&1" —
 * cut short in older versions (4.3-4.6: 5 pieces, 4.7: 7).
 */
static int
args_positional(struct args *a, int argc, char *argv[], char *why, size_t cap)
{
	int i;

	if (argc < 2 || argv[1][0] == '\0') {
		snprintf(why, cap, "no alert file given (argument 1 is empty)");
		return -1;
	}
	if (argc > 9) {
		snprintf(why, cap, "%d arguments: integratord passes at most 8 "
		    "(a space in api_key or hook_url shifts them; ossec.conf "
		    "values cannot contain spaces)", argc - 1);
		return -1;
	}
	/*
	 * 4.8+ splits into at most 9 pieces, the last being the literal
	 * redirection (debug off) or retries (debug on, 8 pieces).  A 9th
	 * piece that is anything else means a space moved every field.
	 */
	if (argc == 9 && strcmp(argv[8], "> /dev/null 2>&1") != 0) {
		snprintf(why, cap, "arguments are shifted: api_key or hook_url "
		    "contains a space (integratord splits on spaces; remove it, "
		    "or use api_key_file in <options>)");
		return -1;
	}
	a->alert_path = argv[1];
	if (argc > 2 && args_secret(a->api_key, argv[2], "api_key", why, cap) == -1)
		return -1;
	if (argc > 3 && args_secret(a->hook_url, argv[3], "hook_url", why, cap) == -1)
		return -1;
	for (i = 4; i < argc; i++) {
		if (args_is_redirect(argv[i]))
			continue;
		if (i == 4 && strcmp(argv[i], "debug") == 0)
			a->debug = 1;
		else if (a->options_path == NULL && args_has_suffix(argv[i], "options"))
			a->options_path = argv[i];
	}
	/* 4.8+: timeout and retries at 6 and 7, used only when numeric. */
	if (argc > 7) {
		int t, r;

		if (args_number(argv[6], ARGS_MAX_TIMEOUT, &t) && t > 0)
			a->timeout = t;
		if (args_number(argv[7], ARGS_MAX_RETRIES, &r))
			a->retries = r;
	}
	return 0;
}

/* The options manual mode knows; nothing else can switch to it. */
static const char *const args_options[] = {
	"--to", "--url", "--key-file", "--options", "--timeout", "--retries",
	"--spool-dir", "--debug", "--dry-run", "--help", "-h", "--version",
	"--", NULL
};
/* The first ARGS_NVALUED of them take a value. */
#define ARGS_NVALUED	7

/* Index of s in args_options, or -1. */
static int
args_option(const char *s)
{
	int i;

	for (i = 0; args_options[i] != NULL; i++)
		if (strcmp(s, args_options[i]) == 0)
			return i;
	return -1;
}

/*
 * Is this integratord's positional layout?  argc 4 to 9, argv[1] empty
 * (integratord could not write the file) or an existing absolute path,
 * and no known option after argv[2] (argv[2] is the key: it may be
 * anything, "--to" included).
 */
static int
args_is_integratord(int argc, char *argv[])
{
	struct stat st;
	int i;

	if (argc < 4 || argc > 9)
		return 0;
	if (argv[1][0] != '\0' && (argv[1][0] != '/' || stat(argv[1], &st) == -1))
		return 0;
	for (i = 3; i < argc; i++)
		if (args_option(argv[i]) != -1)
			return 0;
	return 1;
}

/*
 * Manual mode.  Messages name an argument by its position, never by
 * its text: an element that is not an option may be a secret.
 */
static int
args_manual(struct args *a, int argc, char *argv[], char *why, size_t cap)
{
	const char *opt;
	char *val;
	int i, o;

	for (i = 1; i < argc; i++) {
		opt = argv[i];
		o = args_option(opt);
		if (o == -1 && (opt[0] != '-' || opt[1] == '\0')) {
			if (a->alert_path != NULL) {
				snprintf(why, cap, "more than one alert file given "
				    "(argument %d)", i);
				return -1;
			}
			a->alert_path = opt;
			continue;
		}
		if (o == -1) {
			snprintf(why, cap, "argument %d is not an option "
			    "wazuh-relay knows (see --help)", i);
			return -1;
		}
		if (strcmp(opt, "--help") == 0 || strcmp(opt, "-h") == 0)
			a->help = 1;
		else if (strcmp(opt, "--version") == 0)
			a->version = 1;
		else if (strcmp(opt, "--debug") == 0)
			a->debug = 1;
		else if (strcmp(opt, "--dry-run") == 0)
			a->dry_run = 1;
		else if (strcmp(opt, "--") == 0) {
			if (i + 2 == argc && a->alert_path == NULL) {
				a->alert_path = argv[i + 1];
				break;
			}
			snprintf(why, cap, "expected one alert file after --");
			return -1;
		}
		if (o >= ARGS_NVALUED)
			continue;
		if (i + 1 >= argc) {
			snprintf(why, cap, "%s needs a value", opt);
			return -1;
		}
		val = argv[++i];
		if (strcmp(opt, "--to") == 0)
			a->to = val;
		else if (strcmp(opt, "--url") == 0) {
			if (args_secret(a->hook_url, val, "--url", why, cap) == -1)
				return -1;
		} else if (strcmp(opt, "--key-file") == 0)
			a->key_file = val;
		else if (strcmp(opt, "--options") == 0)
			a->options_path = val;
		else if (strcmp(opt, "--spool-dir") == 0)
			a->spool_dir = val;
		else if (strcmp(opt, "--timeout") == 0) {
			if (!args_number(val, ARGS_MAX_TIMEOUT, &a->timeout) ||
			    a->timeout == 0) {
				snprintf(why, cap, "--timeout: expected seconds, 1 to %d",
				    ARGS_MAX_TIMEOUT);
				return -1;
			}
		} else if (!args_number(val, ARGS_MAX_RETRIES, &a->retries)) {
			snprintf(why, cap, "--retries: expected a number, 0 to %d",
			    ARGS_MAX_RETRIES);
			return -1;
		}
	}
	if (a->help || a->version)
		return 0;
	if (a->alert_path == NULL) {
		snprintf(why, cap, "no alert file given (see --help)");
		return -1;
	}
	return 0;
}

int
args_parse(struct args *a, int argc, char *argv[], char *why, size_t cap)
{
	int i;

	memset(a, 0, sizeof *a);
	a->timeout = -1;
	a->retries = -1;
	why[0] = '\0';
	/*
	 * argv[0] means nothing: integratord passes the word "integrations".
	 * integratord's layout is recognised first, and only an argument
	 * that is exactly one of our options switches to manual mode: an
	 * API key may start with "--" (1 IRIS key in 3,600 does).
	 */
	if (args_is_integratord(argc, argv))
		return args_positional(a, argc, argv, why, cap);
	for (i = 1; i < argc; i++)
		if (args_option(argv[i]) != -1) {
			a->manual = 1;
			return args_manual(a, argc, argv, why, cap);
		}
	return args_positional(a, argc, argv, why, cap);
}

void
args_wipe(struct args *a)
{
	explicit_bzero(a->api_key, sizeof a->api_key);
	explicit_bzero(a->hook_url, sizeof a->hook_url);
}
