/*
 * bench-run: run a command once and print "wall_ms cpu_ms maxrss_kib".
 * A tiny static launcher, so the child's peak RSS is its own and not a
 * copy of a large parent (Python's) made by fork before exec.
 */
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <fcntl.h>
#include <unistd.h>

int
main(int argc, char *argv[])
{
	struct timespec t0, t1;
	struct rusage ru;
	int status, fd;
	pid_t pid;

	if (argc < 2)
		return 2;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if ((pid = fork()) == -1)
		return 2;
	if (pid == 0) {
		/* Quiet child: stdout and stderr to /dev/null. */
		if ((fd = open("/dev/null", 1)) != -1) {
			dup2(fd, 1);
			dup2(fd, 2);
		}
		execv(argv[1], argv + 1);
		_exit(127);
	}
	if (wait4(pid, &status, 0, &ru) == -1)
		return 2;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("%.3f %.3f %ld\n",
	    (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6,
	    (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
	    (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3,
	    ru.ru_maxrss);
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1;
}
