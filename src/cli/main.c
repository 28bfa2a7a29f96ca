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

#include "run.h"

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
