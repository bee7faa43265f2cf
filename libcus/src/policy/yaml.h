/* A small, strict YAML tree for policy files, and the helpers every section
 * parser uses to validate it with positions and key paths.
 *
 * The tree is built from libyaml's events (libcus/src/policy/yaml.c) with
 * these rules, so a section parser never sees anything else:
 *   - exactly one document; the input is UTF-8 and at most
 *     CUS_POLICY_MAX_BYTES long, nesting at most CUS__YAML_MAX_DEPTH deep and
 *     at most CUS__YAML_MAX_NODES values;
 *   - no anchors, aliases or tags (no "billion laughs", no typed values);
 *   - mapping keys are strings and are unique within their mapping;
 *   - scalars hold no NUL character.
 * Every node remembers where it starts (1-based line and column, counted in
 * characters as libyaml does). Every error is CUS_EINVAL with module
 * "policy", field = the key path ("roles[3].permissions[0].categories"), line
 * and column, and a message "SOURCE:LINE:COLUMN: KEY: what is wrong".
 */
#ifndef CUS_POLICY_YAML_H
#define CUS_POLICY_YAML_H

#include <stddef.h>

#include "../util/util.h"

#define CUS__YAML_MAX_DEPTH 64
#define CUS__YAML_MAX_NODES 200000
#define CUS__YAML_PATH_MAX 256

/* The key path of the document itself (errors about the whole file). */
#define CUS__YAML_ROOT "(document)"

typedef enum {
	CUS__YSCALAR,
	CUS__YSEQ,
	CUS__YMAP
} cus__ytype;

typedef struct cus__ynode cus__ynode;
struct cus__ynode {
	cus__ytype type;
	int line, column;     /* 1-based start of the node */
	const char *value;    /* scalar: NUL-terminated UTF-8; map key: the key */
	size_t len;           /* scalar: bytes in value */
	int plain;            /* scalar: written without quotes or block indicator */
	size_t count;         /* sequence: items; mapping: keys */
	cus__ynode *first;    /* sequence: first item; mapping: first key */
	cus__ynode *next;     /* item of a sequence, key of a mapping: the next one */
	cus__ynode *val;      /* key of a mapping: its value */
};

typedef struct cus__ydoc cus__ydoc;

/* Parse text into a tree. source names the input in messages. A file that
 * holds no document gives a tree whose root is NULL.
 * @return 0; CUS_EINVAL (with position, see above); CUS_ENOMEM */
CUS__HIDDEN int cus__ydoc_load(cus__ydoc **out, const char *source, const char *text, size_t len);
CUS__HIDDEN const cus__ynode *cus__ydoc_root(const cus__ydoc *d);
CUS__HIDDEN void cus__ydoc_free(cus__ydoc *d);

/* Where a validator is: the source name and the key path of the node at hand. */
typedef struct {
	const char *source;
	char path[CUS__YAML_PATH_MAX];
	size_t len;
} cus__ypath;

CUS__HIDDEN void cus__ypath_init(cus__ypath *p, const char *source);
/* Append ".key" (or "key" at the top) or "[i]"; both return the length to
 * give back to cus__ypath_restore(). */
CUS__HIDDEN size_t cus__ypath_key(cus__ypath *p, const char *key);
CUS__HIDDEN size_t cus__ypath_index(cus__ypath *p, size_t i);
CUS__HIDDEN void cus__ypath_restore(cus__ypath *p, size_t len);

/* Raise CUS_EINVAL at node `at` (or line 1, column 1 when NULL) for the
 * current path. */
CUS__HIDDEN int cus__yerror(const cus__ypath *p, const cus__ynode *at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* The same for a key below the current path (a missing or unknown key). */
CUS__HIDDEN int cus__yerror_key(const cus__ypath *p, const char *key, const cus__ynode *at,
	const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* The keys a mapping may hold. A table ends with a NULL name. */
#define CUS__YKEY_OPTIONAL 0
#define CUS__YKEY_REQUIRED 1
typedef struct {
	const char *name;
	int flags;
} cus__ykey;

/* Check that node is a mapping whose keys are all in keys and that holds
 * every required one; vals[i] receives the value of keys[i] (NULL when
 * absent, and all NULL when node is not a mapping). An optional key whose
 * value is null (empty, "~" or "null") counts as absent. */
CUS__HIDDEN int cus__ymap(const cus__ypath *p, const cus__ynode *node, const cus__ykey *keys,
	const cus__ynode **vals);

/* The value of key in a mapping, or NULL. */
CUS__HIDDEN const cus__ynode *cus__ymap_get(const cus__ynode *map, const char *key);

/* node must be a sequence; with nonempty, of at least one item. */
CUS__HIDDEN int cus__yseq(const cus__ypath *p, const cus__ynode *node, int nonempty);

/* Is node a plain null ("", "~", "null", "Null", "NULL")? */
CUS__HIDDEN int cus__ynull(const cus__ynode *node);

/* A non-empty string of at most max bytes, without control characters
 * other than tab and line feed. */
CUS__HIDDEN int cus__ystring(const cus__ypath *p, const cus__ynode *node, size_t max, const char **out);

/* A code: [a-z][a-z0-9_]*, at most 64 bytes. */
#define CUS__CODE_MAX 64
CUS__HIDDEN int cus__ycode(const cus__ypath *p, const cus__ynode *node, const char **out);

/* A calendar date YYYY-MM-DD (year 1900..9999). */
CUS__HIDDEN int cus__ydate(const cus__ypath *p, const cus__ynode *node, const char **out);

/* The name of a node's type for messages: "a string", "a list", "a mapping". */
CUS__HIDDEN const char *cus__ytype_name(const cus__ynode *node);

#endif
