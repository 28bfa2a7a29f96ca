/*
 * wazuh-relay: the command table, and the one place that exits.
 *
 * argv[1] names a command ("spool ...") or, as integratord passes it,
 * the alert file (an absolute path, so no command name clashes).
 * Before anything is read: no core dump, no ptrace by our own user, the
 * keys live in this process.
 */
#include <sys/prctl.h>
#include <sys/resource.h>

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "dest.h"
#include "run.h"

#ifndef WR_VERSION
#define WR_VERSION "dev"
#endif

static const char usage[] =
"usage: wazuh-relay --to DEST --url URL [--key-file FILE] [--options FILE]\n"
"                   [--timeout S] [--retries N] [--spool-dir DIR] [--debug]\n"
"                   [--dry-run] ALERT_FILE\n"
"       wazuh-relay spool status [--json] [--root DIR]\n"
"       wazuh-relay spool retry NAME [--root DIR]\n"
"       wazuh-relay spool drop NAME --yes [--root DIR]\n"
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
"  --timeout S      deadline of an attempt in seconds (default 10)\n"
"  --retries N      further attempts on network errors, 429 and 5xx (default 3)\n"
"  --spool-dir DIR  keep what fails in DIR and deliver it by a drainer\n"
"  --debug          log the request body\n"
"  --dry-run        print the request body on stdout and send nothing\n"
"\n"
"  spool status     queued and dead alerts of every integration, drainers\n"
"  spool retry      move an integration's dead letters back into its queue\n"
"  spool drop       delete an integration's queued and dead alerts\n"
"\n"
"Exit: 0 delivered or spooled, 2 usage/options, 6 alert file missing,\n"
"7 invalid alert, 10 network, 11 timeout, 12 TLS, 13 HTTP 4xx, 14 HTTP\n"
"5xx/429, 15 bad response.\n";

/* see run.h */
int
run_usage(int version)
{
	if (version)
		printf("wazuh-relay %s\n", WR_VERSION);
	else
		printf(usage, dest_names());
	fflush(stdout);
	return 0;
}

int
main(int argc, char *argv[])
{
	struct rlimit rl;
	char exe[1024];
	ssize_t n;

	rl.rlim_cur = rl.rlim_max = 0;
	(void)setrlimit(RLIMIT_CORE, &rl);
	(void)prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	signal(SIGPIPE, SIG_IGN);
	n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0)
		exe[n] = '\0';
	else
		snprintf(exe, sizeof exe, "%s", argc > 0 && argv[0] != NULL ?
		    argv[0] : "");
	if (argc > 1 && strcmp(argv[1], "spool") == 0)
		return run_spool(argc - 1, argv + 1, exe);
	return run_alert(argc, argv, exe);
}
