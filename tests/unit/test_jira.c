/* Jira builders: JQL quoting and search text, URL encoding, UTF-16 summary
 * cut, search-result matching and paging, the parent cache. */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "t.h"
#include "jira.h"
#include "json.h"

static void
conf(struct jira_conf *c, struct opts *o, const char *opts, const char *url)
{
	struct url u;
	const char *why;
	char w[256];

	memset(o, 0, sizeof *o);
	T_EQ_INT(opts_load_mem(o, opts, strlen(opts), w, sizeof w), 0, opts);
	T_EQ_INT(url_parse(&u, url, &why), 0, url);
	T_EQ_INT(jira_conf_load(c, o, &u, w, sizeof w), 0, opts);
}

static void
test_quote(void)
{
	static const struct {
		const char *in, *out;
	} v[] = {
		{ "SOC", "\"SOC\"" }, { "a\"b", "\"a\\\"b\"" }, { "a\\b", "\"a\\\\b\"" },
		{ "User's", "\"User's\"" }, { "", "\"\"" },
	};
	char s[128];
	struct buf b;
	size_t i;

	for (i = 0; i < sizeof v / sizeof v[0]; i++) {
		buf_init(&b, s, sizeof s);
		jira_jql_quote(&b, v[i].in, strlen(v[i].in));
		T_EQ_STR(b.p, v[i].out, v[i].in);
	}
}

static void
test_jql(void)
{
	struct jira_conf c;
	struct opts o;
	char s[2048];
	struct buf b;

	conf(&c, &o, "{\"project\":\"DO\",\"issue_type\":\"My \\\"Alert\\\"\"}",
	    "https://x.atlassian.net/");
	T_EQ_INT(c.cloud, 1, "atlassian.net is cloud");
	buf_init(&b, s, sizeof s);
	jira_jql(&c, "User's \"pass\" [x] ~*? C:\\dir a+b", "5712", &b);
	T_EQ_STR(b.p, "project = \"DO\" AND issuetype = \"My \\\"Alert\\\"\" AND "
	    "resolution = Unresolved AND summary ~ \"\\\"User s pass x C dir a b\\\"\"",
	    "summary JQL: punctuation neutralized, phrase quoted");
	buf_init(&b, s, sizeof s);
	jira_jql(&c, "!!!", "5712", &b);
	T_EQ_STR(b.p, "project = \"DO\" AND issuetype = \"My \\\"Alert\\\"\" AND "
	    "resolution = Unresolved", "nothing searchable: bounded by project");
	opts_free(&o);
	conf(&c, &o, "{\"project\":\"SOC\",\"group_by\":\"rule\"}", "https://jira.corp/jira/");
	T_EQ_INT(c.cloud, 0, "other hosts are data center");
	T_EQ_STR(c.base, "/jira", "context path kept");
	buf_init(&b, s, sizeof s);
	jira_jql(&c, "x", "57 12", &b);
	T_EQ_STR(b.p, "project = \"SOC\" AND issuetype = \"Alert\" AND resolution = "
	    "Unresolved AND labels = \"wazuh-rule-57_12\"", "rule label JQL");
	buf_init(&b, s, sizeof s);
	jira_search_path(&c, "a = \"b c\"&d", NULL, 50, &b);
	T_EQ_STR(b.p, "/jira/rest/api/2/search?jql=a%20%3D%20%22b%20c%22%26d"
	    "&fields=summary&maxResults=50&startAt=50", "DC search path");
	opts_free(&o);
	conf(&c, &o, "{\"project\":\"SOC\",\"api\":\"cloud\"}", "https://jira.corp/");
	buf_init(&b, s, sizeof s);
	jira_search_path(&c, "x", "a+b/c=", 0, &b);
	T_EQ_STR(b.p, "/rest/api/3/search/jql?jql=x&fields=summary&maxResults=50"
	    "&nextPageToken=a%2Bb%2Fc%3D", "cloud search path, token encoded");
	buf_init(&b, s, sizeof s);
	jira_create_path(&c, &b);
	T_EQ_STR(b.p, "/rest/api/3/issue", "cloud create path");
	opts_free(&o);
}

static void
test_conf_errors(void)
{
	static const char *const bad[] = {
		"{}", "{\"project\":\"\"}", "{\"project\":\"S\",\"api\":\"v9\"}",
		"{\"project\":\"S\",\"group_by\":\"x\"}",
		"{\"project\":\"S\",\"fields\":{\"summary\":\"x\"}}",
		"{\"project\":\"S\",\"fields\":[]}",
		"{\"project\":\"S\",\"labels\":[\"a b\"]}",
		"{\"project\":\"S\",\"fields\":{\"x\":\"${unterminated\"}}",
	};
	struct jira_conf c;
	struct opts o;
	struct url u;
	const char *why;
	char w[256];
	size_t i;

	url_parse(&u, "https://x.atlassian.net/", &why);
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		opts_load_mem(&o, bad[i], strlen(bad[i]), w, sizeof w);
		T_EQ_INT(jira_conf_load(&c, &o, &u, w, sizeof w), -1, bad[i]);
		T_OK(strstr(w, "options:") != NULL, "%s: %s", bad[i], w);
		opts_free(&o);
	}
}

static void
test_utf16(void)
{
	char s[1024];
	size_t i, n;

	/* 200 emoji: 400 units; 127 fit in 255 units (254). */
	for (i = 0; i < 200; i++)
		memcpy(s + 4 * i, "\xf0\x9f\x98\x80", 4);
	T_EQ_INT(jira_utf16_prefix(s, 800, 255), 127 * 4, "emoji count 2 units");
	memset(s, 'a', 300);
	T_EQ_INT(jira_utf16_prefix(s, 300, 255), 255, "ASCII");
	memcpy(s, "\xc3\xa9", 2);	/* e-acute: 1 unit, 2 bytes */
	n = jira_utf16_prefix(s, 300, 255);
	T_EQ_INT(n, 256, "2-byte char is one unit");
	T_EQ_INT(jira_utf16_prefix("\xf0\x9f\x98\x80", 4, 1), 0, "never half a pair");
}

static void
test_summary(void)
{
	static const char alert[] = "{\"rule\":{\"id\":\"9\",\"description\":"
	    "\"  line1\\nline2\\ttab  \"}}";
	static const char noname[] = "{\"rule\":{\"id\":\"9\"}}";
	static const char ctlid[] = "{\"rule\":{\"id\":\"9\\nx\\u007fy\"}}";
	struct jira_conf c;
	struct opts o;
	struct alert a;
	char s[512], w[256];
	struct buf b;

	conf(&c, &o, "{\"project\":\"S\"}", "https://x/");
	alert_load_mem(&a, alert, sizeof alert - 1, "t", w, sizeof w);
	buf_init(&b, s, sizeof s);
	jira_summary(&a, &c, &b);
	T_EQ_STR(b.p, "line1 line2 tab", "one line, trimmed");
	alert_free(&a);
	alert_load_mem(&a, noname, sizeof noname - 1, "t", w, sizeof w);
	jira_summary(&a, &c, &b);
	T_EQ_STR(b.p, "Wazuh alert (rule 9)", "fallback summary");
	alert_free(&a);
	/* The rule id in the fallback is alert text: one line too (fuzz_dest). */
	alert_load_mem(&a, ctlid, sizeof ctlid - 1, "t", w, sizeof w);
	jira_summary(&a, &c, &b);
	T_EQ_STR(b.p, "Wazuh alert (rule 9 x y)", "fallback summary, control bytes");
	alert_free(&a);
	opts_free(&o);
}

static void
test_match(void)
{
	static const char cloud1[] = "{\"issues\":[{\"id\":\"1\",\"key\":\"S-1\","
	    "\"fields\":{\"summary\":\"abc (multiple)\"}}],\"nextPageToken\":\"t+1\"}";
	static const char cloud2[] = "{\"issues\":[{\"id\":\"2\",\"key\":\"S-2\","
	    "\"fields\":{\"summary\":\"abc\"}}],\"isLast\":true}";
	static const char dc[] = "{\"startAt\":0,\"maxResults\":1,\"total\":3,"
	    "\"issues\":[{\"key\":\"S-9\",\"fields\":{\"summary\":\"zzz\"}}]}";
	struct jira_conf c;
	struct opts o;
	char key[64], next[64];
	int start = 0, more;

	conf(&c, &o, "{\"project\":\"S\",\"api\":\"cloud\"}", "https://x/");
	T_EQ_INT(jira_search_match(&c, cloud1, sizeof cloud1 - 1, "abc", key,
	    sizeof key, next, sizeof next, &start, &more), 0, "contains is not equals");
	T_EQ_INT(more, 1, "more pages");
	T_EQ_STR(next, "t+1", "token");
	T_EQ_INT(jira_search_match(&c, cloud2, sizeof cloud2 - 1, "abc", key,
	    sizeof key, next, sizeof next, &start, &more), 1, "equal found");
	T_EQ_STR(key, "S-2", "key");
	T_EQ_INT(jira_search_match(&c, "{}", 2, "abc", key, sizeof key, next,
	    sizeof next, &start, &more), -1, "no issues array");
	opts_free(&o);
	conf(&c, &o, "{\"project\":\"S\",\"api\":\"datacenter\"}", "https://x/");
	start = 0;
	T_EQ_INT(jira_search_match(&c, dc, sizeof dc - 1, "abc", key, sizeof key,
	    next, sizeof next, &start, &more), 0, "dc not found");
	T_EQ_INT(more, 1, "dc more by total");
	T_EQ_INT(start, 1, "dc next startAt");
	T_EQ_INT(jira_created_key("{\"id\":\"1\",\"key\":\"SOC-24\"}",
	    strlen("{\"id\":\"1\",\"key\":\"SOC-24\"}"), key, sizeof key), 0,
	    "created key");
	T_EQ_STR(key, "SOC-24", "created key value");
	T_EQ_INT(jira_created_key("[]", 2, key, sizeof key), -1, "no key");
	opts_free(&o);
}

/* Keys from a server are used only in Jira's form. */
static void
test_keys(void)
{
	static const struct {
		const char *k;
		int ok;
	} v[] = {
		{ "SOC-1", 1 }, { "SOC-123456789012345678", 1 }, { "A_1B-7", 1 },
		{ "X-1", 1 }, { "", 0 }, { "?", 0 }, { "SOC", 0 }, { "SOC-", 0 },
		{ "soc-1", 0 }, { "1SOC-1", 0 }, { "_S-1", 0 }, { "SOC-1\n", 0 },
		{ "SOC-1\n9 SOC\ts:x SOC-666", 0 }, { "SOC-1 ", 0 }, { "SOC--1", 0 },
		{ "SOC-1-2", 0 }, { "SOC-1234567890123456789", 0 }, { "S\"C-1", 0 },
		{ "SÖC-1", 0 },
	};
	static const char bad[] = "{\"id\":\"1\",\"key\":\"SOC-1\\n9 SOC\\ts:x SOC-666\"}";
	static const char page[] = "{\"issues\":[{\"key\":\"S-1\\n\",\"fields\":"
	    "{\"summary\":\"abc\"}},{\"key\":\"S-2\",\"fields\":{\"summary\":"
	    "\"abc\"}}],\"isLast\":true}";
	struct jira_conf c;
	struct opts o;
	char key[64], next[64];
	size_t i;
	int start = 0, more;

	for (i = 0; i < sizeof v / sizeof v[0]; i++)
		T_EQ_INT(jira_key_ok(v[i].k), v[i].ok, v[i].k);
	T_EQ_INT(jira_created_key(bad, sizeof bad - 1, key, sizeof key), -1,
	    "created key with a newline");
	T_EQ_INT(jira_created_key("{\"key\":\"\"}", 10, key, sizeof key), -1,
	    "empty created key");
	T_EQ_INT(jira_created_key("{\"id\":\"7\"}", 10, key, sizeof key), -1,
	    "missing created key");
	conf(&c, &o, "{\"project\":\"S\",\"api\":\"cloud\"}", "https://x/");
	T_EQ_INT(jira_search_match(&c, page, sizeof page - 1, "abc", key,
	    sizeof key, next, sizeof next, &start, &more), 1, "bad key passed over");
	T_EQ_STR(key, "S-2", "the next issue's key");
	opts_free(&o);
}

static void
test_cache(void)
{
	struct jira_conf c;
	struct opts o;
	char key[64];
	int i;

	conf(&c, &o, "{\"project\":\"S\"}", "https://x/");
	(void)mkdir("build", 0755);
	(void)mkdir("build/tmp", 0755);
	snprintf(c.state_file, sizeof c.state_file, "build/tmp/test_jira.%ld.state",
	    (long)getpid());
	unlink(c.state_file);
	T_EQ_INT(jira_cache_get(&c, "abc", "1", 1000, key, sizeof key), 0, "empty");
	T_EQ_INT(jira_cache_put(&c, "abc", "1", 1000, "S-1"), 0, "put");
	T_EQ_INT(jira_cache_get(&c, "abc", "1", 1100, key, sizeof key), 1, "hit");
	T_EQ_STR(key, "S-1", "hit key");
	T_EQ_INT(jira_cache_get(&c, "abd", "1", 1100, key, sizeof key), 0, "other summary");
	T_EQ_INT(jira_cache_get(&c, "abc", "1", 1301, key, sizeof key), 0, "expired");
	T_EQ_INT(jira_cache_put(&c, "abc", "1", 1000, "S-2"), 0, "replace");
	T_EQ_INT(jira_cache_get(&c, "abc", "1", 1100, key, sizeof key), 1, "replaced hit");
	T_EQ_STR(key, "S-2", "replaced key");
	for (i = 0; i < JIRA_CACHE_MAX + 50; i++) {
		char sum[32];

		snprintf(sum, sizeof sum, "s%d", i);
		jira_cache_put(&c, sum, "1", 1000, "S-3");
	}
	T_EQ_INT(jira_cache_get(&c, "abc", "1", 1100, key, sizeof key), 0,
	    "oldest dropped at the bound");
	T_EQ_INT(jira_cache_get(&c, "s299", "1", 1100, key, sizeof key), 1,
	    "newest kept");
	T_EQ_INT(jira_cache_put(&c, "bad", "1", 1000, "S-3\n1 x"), -1,
	    "a key not of Jira's form is never cached");
	T_EQ_INT(jira_cache_get(&c, "bad", "1", 1100, key, sizeof key), 0,
	    "nothing cached for it");
	/* Group- or world-writable, or not ours: ignored (-2). */
	T_EQ_INT(chmod(c.state_file, 0662), 0, "chmod");
	T_EQ_INT(jira_cache_get(&c, "s299", "1", 1100, key, sizeof key), -2,
	    "group-writable state file not trusted");
	T_EQ_INT(chmod(c.state_file, 0640), 0, "chmod back");
	T_EQ_INT(jira_cache_get(&c, "s299", "1", 1100, key, sizeof key), 1,
	    "trusted again");
	{
		struct stat st;

		T_OK(stat(c.state_file, &st) == 0 && (st.st_mode & 0777) == 0640,
		    "written 0640");
	}
	c.cache_ttl = 0;
	T_EQ_INT(jira_cache_get(&c, "s299", "1", 1100, key, sizeof key), 0,
	    "ttl 0 disables");
	unlink(c.state_file);
	opts_free(&o);
}

int
main(void)
{
	test_quote();
	test_jql();
	test_conf_errors();
	test_utf16();
	test_summary();
	test_match();
	test_keys();
	test_cache();
	return t_done();
}
