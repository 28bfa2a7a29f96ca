/*
 * spoolcmd: the operator's spool commands (run.h run_spool).  The spool
 * root is HOME/queue/wazuh-relay (run_home), or --root DIR for
 * integrations with their own spool_dir parent.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "run.h"
#include "spool.h"
#include "verdict.h"

/* A name of one path component, no dot start: "custom-iris". */
static int
spoolcmd_name_ok(const char *s)
{
	return s[0] != '\0' && s[0] != '.' && strchr(s, '/') == NULL &&
	    strlen(s) < 64;
}

/* see run.h */
int
run_spool(int argc, char *argv[], const char *exe)
{
	char home[512], root[1024], dir[1200], why[600];
	const char *verb = argc > 1 ? argv[1] : "", *name = NULL;
	struct spool s;
	int i, json = 0, yes = 0;
	long n;

	root[0] = '\0';
	for (i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0)
			json = 1;
		else if (strcmp(argv[i], "--yes") == 0)
			yes = 1;
		else if (strcmp(argv[i], "--root") == 0 && i + 1 < argc)
			snprintf(root, sizeof root, "%s", argv[++i]);
		else if (argv[i][0] != '-' && name == NULL)
			name = argv[i];
		else {
			fprintf(stdout, "wazuh-relay: spool: argument %d is not "
			    "understood (see --help)\n", i + 1);
			return EX_USAGE;
		}
	}
	if (root[0] == '\0') {
		run_home(exe, home, sizeof home);
		if (home[0] == '\0') {
			printf("wazuh-relay: spool: no Wazuh home found: run it "
			    "from /var/ossec or give --root DIR\n");
			return EX_USAGE;
		}
		snprintf(root, sizeof root, "%s/queue/wazuh-relay", home);
	}
	if (strcmp(verb, "status") == 0) {
		if (name != NULL) {
			printf("wazuh-relay: spool status takes no name\n");
			return EX_USAGE;
		}
		if (spool_status(root, json, 1, time(NULL), why, sizeof why) == -1) {
			printf("wazuh-relay: spool: %s\n", why);
			return EX_USAGE;
		}
		return EX_OK;
	}
	if (strcmp(verb, "retry") != 0 && strcmp(verb, "drop") != 0) {
		printf("wazuh-relay: spool: expected status, retry or drop "
		    "(see --help)\n");
		return EX_USAGE;
	}
	if (name == NULL || !spoolcmd_name_ok(name)) {
		printf("wazuh-relay: spool %s: name the integration (as in "
		    "\"spool status\")\n", verb);
		return EX_USAGE;
	}
	if (strcmp(verb, "drop") == 0 && !yes) {
		printf("wazuh-relay: spool drop %s deletes its queued and dead "
		    "alerts: add --yes\n", name);
		return EX_USAGE;
	}
	snprintf(dir, sizeof dir, "%s/%s", root, name);
	if (spool_open(&s, dir, 0, why, sizeof why) == -1) {
		printf("wazuh-relay: spool: %s\n", why);
		return EX_USAGE;
	}
	n = strcmp(verb, "retry") == 0 ? spool_retry_dead(&s) : spool_drop_all(&s);
	spool_close(&s);
	if (n < 0) {
		printf("wazuh-relay: spool %s %s: %s\n", verb, name, strerror(errno));
		return EX_INTERNAL;
	}
	printf("wazuh-relay: spool %s %s: %ld alert%s %s\n", verb, name, n,
	    n == 1 ? "" : "s", strcmp(verb, "retry") == 0 ?
	    "moved back into the queue (the next run's drainer sends them)" :
	    "deleted");
	return EX_OK;
}
