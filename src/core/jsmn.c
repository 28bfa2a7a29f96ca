/*
 * The one translation unit that compiles jsmn (fetched, pinned 1.1.0);
 * every other file includes it with JSMN_HEADER through json.h.
 */
#define JSMN_STRICT
#define JSMN_PARENT_LINKS	/* without it jsmn is quadratic on "[{},{},...]" */
#include "jsmn.h"
