/*
 * args: the command line, in integratord's positional layouts (Wazuh
 * 4.3 to 4.14) or in manual mode for operators.  integratord's layout
 * is recognised first (argc 4 to 9, argv[1] an existing absolute path
 * or empty, no known option after the key); otherwise an argument that
 * is exactly one of our options ("--to", ...) selects manual mode, so
 * a key that merely starts with "--" never does.  Nothing here logs or
 * echoes argv: it carries the api key; messages name positions.  The
 * key and the URL are wiped from argv once copied (ps, core dumps).
 */
#ifndef ARGS_H
#define ARGS_H

#include <stddef.h>

#define ARGS_MAX_SECRET	4096

struct args {
	int		 manual;	/* one of our options seen */
	const char	*alert_path;	/* NULL: none given */
	char		 api_key[ARGS_MAX_SECRET];	/* entity-decoded */
	char		 hook_url[ARGS_MAX_SECRET];	/* entity-decoded */
	int		 debug;
	const char	*options_path;	/* NULL: none */
	int		 timeout;	/* seconds, -1 unset */
	int		 retries;	/* -1 unset */
	/* manual mode only */
	const char	*to;		/* --to DEST */
	const char	*key_file;	/* --key-file F */
	const char	*spool_dir;	/* --spool-dir D */
	int		 dry_run;
	int		 help;
	int		 version;
};

/*
 * Parse argv.  Returns 0, or -1 with a one-line reason in why[cap]
 * (never containing argument values that could be secrets).
 */
int	args_parse(struct args *a, int argc, char *argv[], char *why, size_t cap);
/* Decode &amp; &lt; &gt; &quot; &apos; in place (ossec.conf leaves them). */
void	args_decode_entities(char *s);
/* 1 if s is a decimal number in 0..max, storing it in *out. */
int	args_number(const char *s, int max, int *out);
/* Wipe the secrets held in a. */
void	args_wipe(struct args *a);

#endif
