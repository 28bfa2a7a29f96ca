/*
 * t.h: a tiny table-friendly test harness for the unit tests.
 * Each T_* check counts once; failures print "FAIL file:line: ...".
 * t_done() prints "#T passed failed" (read by tests/run.sh) and returns
 * the exit status.
 */
#ifndef T_H
#define T_H

#include <stdio.h>
#include <string.h>

static int t_pass, t_fail;

#define T_OK(cond, ...) do {						\
	if (cond) t_pass++;						\
	else {								\
		t_fail++;						\
		printf("FAIL %s:%d: ", __FILE__, __LINE__);		\
		printf(__VA_ARGS__);					\
		printf("\n");						\
	}								\
} while (0)

#define T_EQ_INT(got, want, what) do {					\
	long long g_ = (long long)(got), w_ = (long long)(want);	\
	T_OK(g_ == w_, "%s: got %lld, want %lld", (what), g_, w_);	\
} while (0)

#define T_EQ_STR(got, want, what) do {					\
	const char *g_ = (got), *w_ = (want);				\
	T_OK(g_ != NULL && w_ != NULL && strcmp(g_, w_) == 0,		\
	    "%s: got \"%s\", want \"%s\"", (what),			\
	    g_ ? g_ : "(null)", w_ ? w_ : "(null)");			\
} while (0)

#define T_EQ_MEM(got, glen, want, wlen, what) do {			\
	size_t gl_ = (glen), wl_ = (wlen);				\
	T_OK(gl_ == wl_ && memcmp((got), (want), gl_) == 0,		\
	    "%s: got %zu bytes \"%.*s\", want %zu bytes \"%.*s\"",	\
	    (what), gl_, (int)(gl_ > 300 ? 300 : gl_), (const char *)(got), \
	    wl_, (int)(wl_ > 300 ? 300 : wl_), (const char *)(want));	\
} while (0)

static int
t_done(void)
{
	printf("#T %d %d\n", t_pass, t_fail);
	return t_fail == 0 ? 0 : 1;
}

#endif
