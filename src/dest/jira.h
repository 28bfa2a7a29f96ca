/*
 * jira: Jira Cloud (REST v3, ADF) and Data Center (REST v2, wiki
 * markup).  One parent issue per recurring alert, sub-tasks for
 * repeats (destinations.md 4).  The builders here are pure functions:
 * JQL, search paths, search-result matching, create bodies; the flow
 * that sends them lives in dest.c.  The parent cache is the only file
 * I/O (jira_cache_*).
 */
#ifndef JIRA_H
#define JIRA_H

#include <stddef.h>
#include <time.h>

#include "alert.h"
#include "buf.h"
#include "opts.h"
#include "url.h"

#define JIRA_SUMMARY_MAX	255	/* UTF-16 code units */
#define JIRA_DESC_MAX		32000	/* bytes of description text (< 32,767 chars) */
#define JIRA_KEY_MAX		64
#define JIRA_MAX_PAGES		5	/* search pages read per alert */
#define JIRA_PAGE_SIZE		50
#define JIRA_CACHE_MAX		256	/* entries kept in the state file */

enum jira_group { JIRA_GROUP_SUMMARY, JIRA_GROUP_RULE, JIRA_GROUP_NONE };

struct jira_conf {
	int		 cloud;		/* 1: REST v3 + ADF; 0: REST v2 + wiki */
	char		 project[64];
	char		 issue_type[128];
	char		 subtask_type[128];
	int		 group_by;	/* enum jira_group */
	long long	 cache_ttl;	/* seconds; 0 disables the parent cache */
	char		 state_file[1024];
	char		 base[URL_MAX_PATH + 1];	/* base path, no trailing '/' */
	const struct opts *opts;
	int		 fields_tok;	/* "fields" template object, or -1 */
	int		 summary_tok;	/* "summary" template string, or -1 */
	int		 labels_tok;	/* "labels" extra labels array, or -1 */
};

extern const char *const jira_keys[];

/*
 * Defaults and the Jira options.  base is the hook URL (its host picks
 * the API when "api" is not set: *.atlassian.net is cloud).  Returns 0,
 * or -1 with why set.
 */
int	jira_conf_load(struct jira_conf *c, const struct opts *o,
	    const struct url *base, char *why, size_t cap);
/*
 * The issue summary: the "summary" template (default rule.description),
 * one line (CR/LF/TAB -> space), at most 255 UTF-16 code units, never
 * cut inside a character.  Writes into out (cleared first).
 */
void	jira_summary(const struct alert *a, const struct jira_conf *c,
	    struct buf *out);
/* Byte length of the longest prefix of s within max UTF-16 units. */
size_t	jira_utf16_prefix(const char *s, size_t len, size_t max);
/* A JQL string literal: "..." with \ and " escaped. */
void	jira_jql_quote(struct buf *b, const char *s, size_t len);
/*
 * The parent search JQL: project, parent issue type, unresolved, and
 * either the summary as a phrase with every character that is not a
 * letter, digit or space replaced by a space (group_by summary) or the
 * rule label (group_by rule).
 */
void	jira_jql(const struct jira_conf *c, const char *summary,
	    const char *rule_id, struct buf *jql);
/*
 * The search request path (with query): Cloud /rest/api/3/search/jql
 * (nextPageToken), DC /rest/api/2/search (startAt).
 */
void	jira_search_path(const struct jira_conf *c, const char *jql,
	    const char *next_token, int start_at, struct buf *path);
/* The create path: {base}/rest/api/{3|2}/issue. */
void	jira_create_path(const struct jira_conf *c, struct buf *path);
/*
 * Look through one search response for the parent: with group_by
 * summary, the first issue whose fields.summary equals summary exactly;
 * with group_by rule, the first issue; an issue whose key fails
 * jira_key_ok is passed over.  Returns 1 (key set), 0 (not on
 * this page: *more says whether another page exists; next_token set
 * for Cloud, *start_at advanced for DC), or -1 (unparsable response).
 */
int	jira_search_match(const struct jira_conf *c, const char *body,
	    size_t len, const char *summary, char *key, size_t keycap,
	    char *next_token, size_t nextcap, int *start_at, int *more);
/*
 * The create body: project, issue type (parent or sub-task with
 * parent_key), summary, description (ADF or wiki markup, cut below
 * JIRA_DESC_MAX with a visible marker), labels, then the "fields"
 * templates.  Returns 0, or -1 if body overflowed.
 */
int	jira_build_create(const struct alert *a, const struct jira_conf *c,
	    const char *summary, const char *parent_key, struct buf *body);
/*
 * The "key" of a create response, or -1 when there is none or it is not
 * of Jira's form (jira_key_ok).
 */
int	jira_created_key(const char *body, size_t len, char *key, size_t cap);
/*
 * 1 if k is an issue key of Jira's form: a project key (an uppercase
 * letter, then uppercase letters, digits or '_'), '-', 1 to 18 digits
 * ("SOC-123"), shorter than JIRA_KEY_MAX.  Keys from a peer are used
 * only when they pass: they go into the state file, JSON and logs.
 */
int	jira_key_ok(const char *k);
/* 1 if k is a project key alone (the part of an issue key before '-'). */
int	jira_project_ok(const char *k);
/* The wazuh-rule-<id> label (id reduced to [A-Za-z0-9_-]). */
void	jira_rule_label(const char *rule_id, struct buf *b);

/*
 * The parent cache (read-after-write: Jira search is eventually
 * consistent).  Entries: project + summary hash (or rule) -> key, with
 * an expiry.  get returns 1 and sets key when a live entry exists,
 * 0 when none, -2 when the file is not to be trusted (not owned by the
 * effective uid, or group- or world-writable: the caller warns and
 * goes on without it); put rewrites the file atomically
 * (file_write_atomic: temp, fsync, rename, folder fsync), at most
 * JIRA_CACHE_MAX entries, and refuses a key that fails jira_key_ok.
 * Both return -1 on I/O errors (not fatal).
 */
int	jira_cache_get(const struct jira_conf *c, const char *summary,
	    const char *rule_id, time_t now, char *key, size_t cap);
int	jira_cache_put(const struct jira_conf *c, const char *summary,
	    const char *rule_id, time_t now, const char *key);

#endif
