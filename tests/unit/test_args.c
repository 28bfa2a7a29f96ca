/* argv layouts as wazuh-integratord 4.3 to 4.14 builds them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "t.h"
#include "args.h"

#define R "> /dev/null 2>&1"

struct layout {
	const char	*what;
	int		 argc;
	const char	*argv[10];
	int		 rc;
	const char	*alert, *key, *url, *options;
	int		 debug, timeout, retries;
};

static const struct layout layouts[] = {
	{ "4.8+ debug off", 9, { "integrations", "/tmp/custom-iris-1-2.alert",
	    "KEY", "http://h/alerts/add", "", "/tmp/custom-iris-1-2.options",
	    "10", "3", R }, 0, "/tmp/custom-iris-1-2.alert", "KEY",
	    "http://h/alerts/add", "/tmp/custom-iris-1-2.options", 0, 10, 3 },
	{ "4.8+ debug on", 8, { "integrations", "/tmp/a.alert", "KEY",
	    "http://h/", "debug", "/tmp/x.options", "25", "0" }, 0,
	    "/tmp/a.alert", "KEY", "http://h/", "/tmp/x.options", 1, 25, 0 },
	{ "4.8+ no options", 9, { "integrations", "/tmp/a.alert", "", "", "", "",
	    "10", "3", R }, 0, "/tmp/a.alert", "", "", NULL, 0, 10, 3 },
	{ "4.7 debug off", 7, { "integrations", "/tmp/a.alert", "KEY", "http://h/",
	    "", "/tmp/b.options", R }, 0, "/tmp/a.alert", "KEY", "http://h/",
	    "/tmp/b.options", 0, -1, -1 },
	{ "4.7 debug on", 6, { "integrations", "/tmp/a.alert", "KEY", "http://h/",
	    "debug", "" }, 0, "/tmp/a.alert", "KEY", "http://h/", NULL, 1, -1, -1 },
	{ "4.3-4.6 debug off", 5, { "integrations", "/tmp/a.alert", "KEY",
	    "http://h/", " > /dev/null 2>&1" }, 0, "/tmp/a.alert", "KEY",
	    "http://h/", NULL, 0, -1, -1 },
	{ "4.3-4.6 debug on", 5, { "integrations", "/tmp/a.alert", "KEY",
	    "http://h/", "debug" }, 0, "/tmp/a.alert", "KEY", "http://h/", NULL,
	    1, -1, -1 },
	{ "minimal 3 args", 4, { "integrations", "/tmp/a.alert", "K", "http://h/" },
	    0, "/tmp/a.alert", "K", "http://h/", NULL, 0, -1, -1 },
	{ "entities decoded", 9, { "integrations", "/tmp/a.alert",
	    "a&amp;b&lt;&gt;&quot;&apos;", "https://h/p?x=1&amp;sig=2&amp;amp;",
	    "", "", "10", "3", R }, 0, "/tmp/a.alert", "a&b<>\"'",
	    "https://h/p?x=1&sig=2&amp;", NULL, 0, 10, 3 },
	{ "non-numeric timeout ignored", 9, { "integrations", "/tmp/a.alert", "K",
	    "u", "", "", "ten", "3x", R }, 0, "/tmp/a.alert", "K", "u", NULL, 0,
	    -1, -1 },
	{ "zero timeout ignored", 8, { "integrations", "/tmp/a.alert", "K", "u",
	    "debug", "", "0", "2" }, 0, "/tmp/a.alert", "K", "u", NULL, 1, -1, 2 },
	{ "options found by suffix", 9, { "integrations", "/tmp/a.alert", "K",
	    "u", "", "/tmp/custom-iris.py-1--2.options", "5", "1", R }, 0,
	    "/tmp/a.alert", "K", "u", "/tmp/custom-iris.py-1--2.options", 0, 5, 1 },
	{ "empty alert path", 9, { "integrations", "", "K", "u", "", "", "10",
	    "3", R }, -1, NULL, NULL, NULL, NULL, 0, 0, 0 },
	{ "no arguments", 1, { "integrations" }, -1, NULL, NULL, NULL, NULL,
	    0, 0, 0 },
	{ "space in key shifts (debug off)", 9, { "integrations", "/tmp/a.alert",
	    "my", "key", "http://h/", "", "", "10", "3 > /dev/null 2>&1" }, -1,
	    NULL, NULL, NULL, NULL, 0, 0, 0 },
	{ "space in key shifts (debug on)", 9, { "integrations", "/tmp/a.alert",
	    "my", "key", "http://h/", "debug", "", "10", "3" }, -1,
	    NULL, NULL, NULL, NULL, 0, 0, 0 },
	{ "space in key shifts (10 args)", 10, { "integrations", "/tmp/a.alert",
	    "my", "key", "http://h/", "", "", "10", "3", R }, -1,
	    NULL, NULL, NULL, NULL, 0, 0, 0 },
};

static void
test_layouts(void)
{
	struct args a;
	char why[256], store[10][128];
	char *argv[11];
	size_t i;
	int j, rc;

	for (i = 0; i < sizeof layouts / sizeof layouts[0]; i++) {
		const struct layout *l = &layouts[i];

		/* Writable copies: the key and URL are wiped from argv. */
		for (j = 0; j < l->argc; j++) {
			snprintf(store[j], sizeof store[j], "%s", l->argv[j]);
			argv[j] = store[j];
		}
		argv[j] = NULL;
		rc = args_parse(&a, l->argc, argv, why, sizeof why);
		T_EQ_INT(rc, l->rc, l->what);
		if (rc != 0) {
			T_OK(why[0] != '\0', "%s: reason given", l->what);
			continue;
		}
		T_EQ_INT(a.manual, 0, l->what);
		T_EQ_STR(a.alert_path, l->alert, l->what);
		T_EQ_STR(a.api_key, l->key, l->what);
		T_EQ_STR(a.hook_url, l->url, l->what);
		if (l->options == NULL)
			T_OK(a.options_path == NULL, "%s: no options", l->what);
		else
			T_EQ_STR(a.options_path, l->options, l->what);
		T_EQ_INT(a.debug, l->debug, l->what);
		T_EQ_INT(a.timeout, l->timeout, l->what);
		T_EQ_INT(a.retries, l->retries, l->what);
	}
}

/* args_parse on writable copies of v (the key and URL are wiped). */
static int
t_args(struct args *a, int argc, char **v, char *why, size_t cap)
{
	static char store[16][160];
	static char *argv[17];
	int i;

	for (i = 0; i < argc && i < 16; i++) {
		snprintf(store[i], sizeof store[i], "%s", v[i]);
		argv[i] = store[i];
	}
	argv[i] = NULL;
	return args_parse(a, argc, argv, why, cap);
}

static void
test_manual(void)
{
	struct args a;
	char why[256];
	char url[] = "http://127.0.0.1:8/alerts/add";
	char *ok[] = { "wazuh-relay", "--to", "iris", "--url", url, "--key-file", "/k", "--options",
	    "/o.options", "--timeout", "7", "--retries", "2", "--debug",
	    "--dry-run", "alert.json", NULL };
	char *help[] = { "wazuh-relay", "--help", NULL };
	char *ver[] = { "wazuh-relay", "--version", NULL };
	char *bad1[] = { "wazuh-relay", "--bogus", "a", NULL };
	char *bad2[] = { "wazuh-relay", "--to", NULL };
	char *bad3[] = { "wazuh-relay", "--to", "iris", NULL };
	char *bad4[] = { "wazuh-relay", "--timeout", "0", "a", NULL };
	char *bad5[] = { "wazuh-relay", "--to", "iris", "a", "b", NULL };
	char *dd[] = { "wazuh-relay", "--to", "iris", "--", "-odd-name", NULL };

	T_EQ_INT(t_args(&a, 16, ok, why, sizeof why), 0, "manual ok");
	T_EQ_INT(a.manual, 1, "manual flag");
	T_EQ_STR(a.to, "iris", "--to");
	T_EQ_STR(a.hook_url, "http://127.0.0.1:8/alerts/add", "--url");
	T_EQ_STR(a.key_file, "/k", "--key-file");
	T_EQ_STR(a.options_path, "/o.options", "--options");
	T_EQ_INT(a.timeout, 7, "--timeout");
	T_EQ_INT(a.retries, 2, "--retries");
	T_EQ_INT(a.debug, 1, "--debug");
	T_EQ_INT(a.dry_run, 1, "--dry-run");
	T_EQ_STR(a.alert_path, "alert.json", "alert path");
	T_EQ_INT(t_args(&a, 2, help, why, sizeof why), 0, "--help");
	T_EQ_INT(a.help, 1, "help flag");
	T_EQ_INT(t_args(&a, 2, ver, why, sizeof why), 0, "--version");
	T_EQ_INT(a.version, 1, "version flag");
	T_EQ_INT(t_args(&a, 3, bad1, why, sizeof why), 0, "not an option: "
	    "integratord's layout");
	T_EQ_INT(a.manual, 0, "--bogus alone is no option");
	T_EQ_INT(t_args(&a, 2, bad2, why, sizeof why), -1, "missing value");
	T_EQ_INT(t_args(&a, 3, bad3, why, sizeof why), -1, "no alert");
	T_EQ_INT(t_args(&a, 4, bad4, why, sizeof why), -1, "zero timeout");
	T_EQ_INT(t_args(&a, 5, bad5, why, sizeof why), -1, "two alerts");
	T_EQ_INT(t_args(&a, 5, dd, why, sizeof why), 0, "-- then file");
	T_EQ_STR(a.alert_path, "-odd-name", "file after --");
}

/*
 * A key that starts with "--" (1 IRIS key in 3,600) never switches to
 * manual mode, in any integratord layout, and no message quotes an
 * argument.  argv[1] must exist for the layout to be recognised first.
 */
static void
test_dashdash_key(void)
{
	static const char *keys[] = { "--Zm9vYmFyYmF6cXV4LXNlY3JldC1rZXktMTIzNDU2Nzg",
	    "--", "--to", "--help", "-h", "--debug", "--url" };
	char path[] = "/tmp/custom-iris-1700000000--12345-wrtest.XXXXXX";
	char key[128], url[64], why[256], *argv[10];
	const int argcs[] = { 4, 5, 6, 7, 8, 9 };
	struct args a;
	size_t k, j;
	int fd, argc;

	if ((fd = mkstemp(path)) == -1) {
		T_OK(0, "mkstemp");
		return;
	}
	close(fd);
	for (k = 0; k < sizeof keys / sizeof keys[0]; k++) {
		for (j = 0; j < sizeof argcs / sizeof argcs[0]; j++) {
			argc = argcs[j];
			snprintf(key, sizeof key, "%s", keys[k]);
			snprintf(url, sizeof url, "http://h/alerts/add");
			argv[0] = "integrations";
			argv[1] = path;
			argv[2] = key;
			argv[3] = url;
			argv[4] = argc == 5 ? " > /dev/null 2>&1" : "";
			argv[5] = argc == 7 ? "/tmp/x.options" : "";
			argv[6] = argc == 7 ? R : "10";
			argv[7] = "3";
			argv[8] = R;
			argv[argc] = NULL;
			T_EQ_INT(args_parse(&a, argc, argv, why, sizeof why), 0,
			    keys[k]);
			T_EQ_INT(a.manual, 0, keys[k]);
			T_EQ_STR(a.api_key, keys[k], keys[k]);
			T_EQ_STR(a.alert_path, path, keys[k]);
			T_EQ_STR(a.hook_url, "http://h/alerts/add", keys[k]);
			/* Copied, then wiped from argv. */
			T_EQ_INT(key[0], 0, "key wiped from argv");
			T_EQ_INT(url[0], 0, "url wiped from argv");
		}
	}
	/* A shifted layout's message names no argument's text. */
	snprintf(key, sizeof key, "--secret-part");
	argv[0] = "integrations"; argv[1] = path; argv[2] = key;
	argv[3] = "two"; argv[4] = "http://h/"; argv[5] = ""; argv[6] = "";
	argv[7] = "10"; argv[8] = "3"; argv[9] = NULL;
	T_EQ_INT(args_parse(&a, 9, argv, why, sizeof why), -1, "shifted");
	T_OK(strstr(why, "secret") == NULL && strstr(why, "two") == NULL,
	    "no argument quoted: %s", why);
	unlink(path);
}

/* Manual mode names an unknown argument by position, never its text. */
static void
test_manual_positions(void)
{
	struct args a;
	char why[256];
	char *v1[] = { "wazuh-relay", "--to", "iris", "--secret-token-x", "a",
	    NULL };
	char *v2[] = { "wazuh-relay", "--to", "iris", "a", "--", "b", NULL };
	char *v3[] = { "wazuh-relay", "a.json", "--to", "iris", "--dry-run",
	    NULL };

	T_EQ_INT(t_args(&a, 5, v1, why, sizeof why), -1, "unknown option");
	T_OK(strstr(why, "secret") == NULL, "not quoted: %s", why);
	T_OK(strstr(why, "argument 3") != NULL, "position named: %s", why);
	T_EQ_INT(t_args(&a, 6, v2, why, sizeof why), -1, "-- after a file");
	T_EQ_INT(t_args(&a, 5, v3, why, sizeof why), 0, "file first");
	T_EQ_INT(a.manual, 1, "file first: manual");
	T_EQ_STR(a.alert_path, "a.json", "file first: path");
	T_EQ_INT(a.dry_run, 1, "file first: --dry-run");
}

static void
test_entities(void)
{
	static const struct {
		const char *in, *out;
	} v[] = {
		{ "", "" }, { "plain", "plain" }, { "&amp;", "&" },
		{ "&amp;amp;", "&amp;" }, { "&lt;&gt;", "<>" },
		{ "&quot;&apos;", "\"'" }, { "&unknown;", "&unknown;" },
		{ "a&b", "a&b" }, { "&amp", "&amp" }, { "x&#38;y", "x&#38;y" },
	};
	char s[64];
	size_t i;

	for (i = 0; i < sizeof v / sizeof v[0]; i++) {
		snprintf(s, sizeof s, "%s", v[i].in);
		args_decode_entities(s);
		T_EQ_STR(s, v[i].out, v[i].in);
	}
}

static void
test_number(void)
{
	int n = -1;

	T_EQ_INT(args_number("10", 3600, &n), 1, "10");
	T_EQ_INT(n, 10, "value");
	T_EQ_INT(args_number("", 3600, &n), 0, "empty");
	T_EQ_INT(args_number("-1", 3600, &n), 0, "negative");
	T_EQ_INT(args_number("3601", 3600, &n), 0, "over max");
	T_EQ_INT(args_number("99999999999999999999", 3600, &n), 0, "overflow");
	T_EQ_INT(args_number("1 ", 3600, &n), 0, "trailing space");
}

int
main(void)
{
	test_layouts();
	test_manual();
	test_dashdash_key();
	test_manual_positions();
	test_entities();
	test_number();
	return t_done();
}
