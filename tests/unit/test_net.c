/*
 * test_net: what net_connect says about where it stopped, so a timeout
 * names the real phase ("before connecting to 127.0.0.1", not "resolving"
 * an IP literal), and that IP literals never reach the resolver.
 */
#include <string.h>

#include "t.h"
#include "net.h"

int
main(void)
{
	struct net_conn c;
	int64_t now = net_now();

	/* The deadline has passed before anything starts. */
	T_EQ_INT(net_connect(&c, "127.0.0.1", 9, now - 1), -1, "past deadline");
	T_EQ_INT(c.timed_out, 1, "past deadline: timed out");
	T_EQ_INT(c.phase, NET_PH_START, "past deadline: phase start");
	T_EQ_INT(net_connect(&c, "example.invalid", 9, now - 1), -1,
	    "past deadline (name)");
	T_EQ_INT(c.phase, NET_PH_START, "past deadline (name): not resolving");
	/* An IP literal goes straight to connecting (refused on port 9). */
	T_EQ_INT(net_connect(&c, "127.0.0.1", 9, net_now() + 2000), -1,
	    "refused");
	T_EQ_INT(c.timed_out, 0, "refused: no timeout");
	T_EQ_INT(c.phase, NET_PH_CONNECT, "IP literal: connect phase, no lookup");
	T_EQ_STR(c.peer, "127.0.0.1", "peer");
	T_EQ_STR(net_strerror(&c), "connection refused", "message");
	/* A name that does not resolve stops in the resolver. */
	T_EQ_INT(net_connect(&c, "name.invalid", 9, net_now() + 3000), -1,
	    "no such name");
	T_EQ_INT(c.phase, NET_PH_RESOLVE, "name: resolve phase");
	return t_done();
}
