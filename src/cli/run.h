/*
 * run: the commands of the command line - one alert as integratord (or
 * an operator) hands it over, the spool commands, usage.
 */
#ifndef RUN_H
#define RUN_H

#include <stddef.h>

/*
 * Deliver one alert: argv as integratord passes it, or manual mode.
 * exe is our own path.  Returns the exit code.
 */
int	run_alert(int argc, char *argv[], const char *exe);
/*
 * wazuh-relay spool status [--json] [--root DIR] | retry NAME | drop NAME
 * --yes: argv[0] is "spool".  Returns the exit code.
 */
int	run_spool(int argc, char *argv[], const char *exe);
/* --help (version 0) or --version (1) on stdout; returns 0. */
int	run_usage(int version);
/*
 * The Wazuh home: integratord's working directory when it holds
 * integrations/ and logs/, else the parent of the folder holding exe,
 * else "".
 */
void	run_home(const char *exe, char *home, size_t cap);

#endif
