/* argv layouts as wazuh-integratord 4.3 to 4.14 builds them. */
#include <string.h>

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
	char why[256];
	char *argv[11];
	size_t i;
	int j, rc;

	for (i = 0; i < sizeof layouts / sizeof layouts[0]; i++) {
		const struct layout *l = &layouts[i];

		for (j = 0; j < l->argc; j++)
			argv[j] = (char *)l->argv[j];
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

static void
test_manual(void)
{
	struct args a;
	char why[256];
	char *ok[] = { "wazuh-relay", "--to", "iris", "--url",
	    "http://127.0.0.1:8/alerts/add", "--key-file", "/k", "--options",
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

	T_EQ_INT(args_parse(&a, 16, ok, why, sizeof why), 0, "manual ok");
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
	T_EQ_INT(args_parse(&a, 2, help, why, sizeof why), 0, "--help");
	T_EQ_INT(a.help, 1, "help flag");
	T_EQ_INT(args_parse(&a, 2, ver, why, sizeof why), 0, "--version");
	T_EQ_INT(a.version, 1, "version flag");
	T_EQ_INT(args_parse(&a, 3, bad1, why, sizeof why), -1, "unknown option");
	T_OK(strstr(why, "--bogus") != NULL, "names the option: %s", why);
	T_EQ_INT(args_parse(&a, 2, bad2, why, sizeof why), -1, "missing value");
	T_EQ_INT(args_parse(&a, 3, bad3, why, sizeof why), -1, "no alert");
	T_EQ_INT(args_parse(&a, 4, bad4, why, sizeof why), -1, "zero timeout");
	T_EQ_INT(args_parse(&a, 5, bad5, why, sizeof why), -1, "two alerts");
	T_EQ_INT(args_parse(&a, 5, dd, why, sizeof why), 0, "-- then file");
	T_EQ_STR(a.alert_path, "-odd-name", "file after --");
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
	test_entities();
	test_number();
	return t_done();
}
