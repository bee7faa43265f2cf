/* The strict YAML tree of policy files: libyaml events in, a small tree with
 * positions out (rules in yaml.h). Also the validation helpers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "cus/policy.h"
#include "yaml.h"

/* ---- arena: every node and string of a tree, released at once ---- */

typedef struct chunk {
	struct chunk *next;
	size_t used, cap;
	_Alignas(16) unsigned char data[];
} chunk;

struct cus__ydoc {
	chunk *chunks;
	cus__ynode *root;
	size_t nodes;
};

#define CHUNK_BYTES 65536

static void *arena_alloc(cus__ydoc *d, size_t size)
{
	size = (size + 15) & ~(size_t)15;
	chunk *c = d->chunks;
	if (!c || c->cap - c->used < size) {
		size_t cap = size > CHUNK_BYTES ? size : CHUNK_BYTES;
		chunk *n = malloc(sizeof *n + cap);
		if (!n)
			return NULL;
		n->used = 0;
		n->cap = cap;
		if (c && size > CHUNK_BYTES) { /* a big one: keep filling the current chunk */
			n->next = c->next;
			c->next = n;
		} else {
			n->next = c;
			d->chunks = n;
		}
		c = n;
	}
	void *p = c->data + c->used;
	c->used += size;
	return p;
}

void cus__ydoc_free(cus__ydoc *d)
{
	if (!d)
		return;
	chunk *c = d->chunks;
	while (c) {
		chunk *n = c->next;
		free(c);
		c = n;
	}
	free(d);
}

const cus__ynode *cus__ydoc_root(const cus__ydoc *d)
{
	return d ? d->root : NULL;
}

/* ---- positions ---- */

/* The length of a line break at s (libyaml's breaks: LF, CR, CR LF, NEL,
 * LS, PS), 0 when none. */
static size_t break_len(const unsigned char *s, size_t left)
{
	if (s[0] == '\r')
		return left > 1 && s[1] == '\n' ? 2 : 1;
	if (s[0] == '\n')
		return 1;
	if (left > 1 && s[0] == 0xC2 && s[1] == 0x85)
		return 2;
	if (left > 2 && s[0] == 0xE2 && s[1] == 0x80 && (s[2] == 0xA8 || s[2] == 0xA9))
		return 3;
	return 0;
}

/* Line and column (1-based, in characters) of byte offset off. */
static void offset_position(const char *text, size_t len, size_t off, int *line, int *column)
{
	const unsigned char *s = (const unsigned char *)text;
	int l = 1, c = 1;
	size_t i = 0;
	if (off > len)
		off = len;
	while (i < off) {
		size_t b = break_len(s + i, len - i);
		if (b) {
			i += b;
			l++;
			c = 1;
			continue;
		}
		i++;
		while (i < off && (s[i] & 0xC0) == 0x80)
			i++;
		c++;
	}
	*line = l;
	*column = c;
}

/* Byte offset of a 1-based line and column, or len when beyond the text. */
static size_t position_offset(const char *text, size_t len, int line, int column)
{
	const unsigned char *s = (const unsigned char *)text;
	int l = 1, c = 1;
	size_t i = 0;
	while (i < len && (l < line || c < column)) {
		size_t b = break_len(s + i, len - i);
		if (b) {
			if (l == line)
				return i; /* the column is past the end of its line */
			i += b;
			l++;
			c = 1;
			continue;
		}
		i++;
		while (i < len && (s[i] & 0xC0) == 0x80)
			i++;
		c++;
	}
	return i;
}

/* ---- errors ---- */

void cus__ypath_init(cus__ypath *p, const char *source)
{
	p->source = source ? source : "(policy)";
	p->path[0] = '\0';
	p->len = 0;
}

size_t cus__ypath_key(cus__ypath *p, const char *key)
{
	size_t old = p->len;
	int n = snprintf(p->path + p->len, sizeof p->path - p->len, "%s%s", p->len ? "." : "", key);
	if (n > 0)
		p->len += (size_t)n < sizeof p->path - p->len ? (size_t)n : sizeof p->path - p->len - 1;
	return old;
}

size_t cus__ypath_index(cus__ypath *p, size_t i)
{
	size_t old = p->len;
	int n = snprintf(p->path + p->len, sizeof p->path - p->len, "[%zu]", i);
	if (n > 0)
		p->len += (size_t)n < sizeof p->path - p->len ? (size_t)n : sizeof p->path - p->len - 1;
	return old;
}

void cus__ypath_restore(cus__ypath *p, size_t len)
{
	p->len = len;
	p->path[len] = '\0';
}

static int verror_at(const char *source, const char *field, int line, int column, const char *fmt, va_list ap)
{
	char msg[400];
	vsnprintf(msg, sizeof msg, fmt, ap);
	if (!field || !*field)
		field = CUS__YAML_ROOT;
	return cus__error_at(CUS_EINVAL, "policy", field, line, column, "%s:%d:%d: %s: %s", source, line, column,
		field, msg);
}

static int error_at(const char *source, const char *field, int line, int column, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
static int error_at(const char *source, const char *field, int line, int column, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int rc = verror_at(source, field, line, column, fmt, ap);
	va_end(ap);
	return rc;
}

int cus__yerror(const cus__ypath *p, const cus__ynode *at, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int rc = verror_at(p->source, p->path, at ? at->line : 1, at ? at->column : 1, fmt, ap);
	va_end(ap);
	return rc;
}

int cus__yerror_key(const cus__ypath *p, const char *key, const cus__ynode *at, const char *fmt, ...)
{
	cus__ypath sub = *p;
	cus__ypath_key(&sub, key);
	va_list ap;
	va_start(ap, fmt);
	int rc = verror_at(sub.source, sub.path, at ? at->line : 1, at ? at->column : 1, fmt, ap);
	va_end(ap);
	return rc;
}

/* ---- the input: UTF-8 with only the characters YAML allows ---- */

/* libyaml's printable set: TAB, LF, CR, 0x20-0x7E, NEL, 0xA0-0xD7FF,
 * 0xE000-0xFFFD, 0x10000-0x10FFFF. A BOM is allowed (YAML skips it). */
static int check_text(const char *source, const char *text, size_t len)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t i = 0;
	while (i < len) {
		unsigned c = s[i], cp = c;
		size_t n = 0;
		const char *what = NULL;
		if (c >= 0x80) {
			if ((c & 0xE0) == 0xC0) {
				n = 1;
				cp = c & 0x1F;
			} else if ((c & 0xF0) == 0xE0) {
				n = 2;
				cp = c & 0x0F;
			} else if ((c & 0xF8) == 0xF0) {
				n = 3;
				cp = c & 0x07;
			} else {
				what = "is not UTF-8 (a byte that cannot start a character)";
			}
			for (size_t k = 1; !what && k <= n; k++) {
				if (i + k >= len || (s[i + k] & 0xC0) != 0x80)
					what = "is not UTF-8 (a character is cut short)";
				else
					cp = (cp << 6) | (s[i + k] & 0x3F);
			}
			if (!what && ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000)))
				what = "is not UTF-8 (an overlong encoding)";
			if (!what && ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF))
				what = "is not UTF-8 (a surrogate or a code point above U+10FFFF)";
		}
		if (!what && !(cp == 0x09 || cp == 0x0A || cp == 0x0D || (cp >= 0x20 && cp <= 0x7E) || cp == 0x85 ||
			    (cp >= 0xA0 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD) || cp >= 0x10000))
			what = cp == 0 ? "contains a NUL character" : "contains a control character YAML does not allow";
		if (what) {
			int line, column;
			offset_position(text, len, i, &line, &column);
			if (strncmp(what, "is not UTF-8", 12) == 0) /* (a NUL or control character is valid UTF-8) */
				return error_at(source, CUS__YAML_ROOT, line, column, "the file %s: byte 0x%02X at offset %zu",
					what, c, i);
			return error_at(source, CUS__YAML_ROOT, line, column, "the file %s: U+%04X at offset %zu", what, cp,
				i);
		}
		i += n + 1;
	}
	return 0;
}

/* ---- building the tree from events ---- */

typedef struct {
	cus__ynode *node;
	cus__ynode *last;     /* last item or key added */
	cus__ynode *key;      /* mapping: the key whose value is being read */
	int want_value;       /* mapping: the next node is key's value */
} frame;

typedef struct {
	const char *source;
	cus__ydoc *doc;
	frame stack[CUS__YAML_MAX_DEPTH];
	int depth;
} builder;

/* The key path of where the builder is, for syntax errors. */
static void builder_path(const builder *b, cus__ypath *p)
{
	cus__ypath_init(p, b->source);
	for (int i = 0; i < b->depth; i++) {
		const frame *f = &b->stack[i];
		if (f->node->type == CUS__YMAP) {
			if (!f->key)
				break;
			cus__ypath_key(p, f->key->value);
		} else {
			/* inside an item already added, or before the next one */
			cus__ypath_index(p, i + 1 < b->depth ? f->node->count - 1 : f->node->count);
		}
	}
}

static int builder_error(const builder *b, int line, int column, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static int builder_error(const builder *b, int line, int column, const char *fmt, ...)
{
	cus__ypath p;
	builder_path(b, &p);
	va_list ap;
	va_start(ap, fmt);
	int rc = verror_at(b->source, p.path, line, column, fmt, ap);
	va_end(ap);
	return rc;
}

static int key_cmp(const void *a, const void *b)
{
	const cus__ynode *x = *(const cus__ynode *const *)a, *y = *(const cus__ynode *const *)b;
	size_t n = x->len < y->len ? x->len : y->len;
	int c = memcmp(x->value, y->value, n);
	if (c)
		return c;
	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	/* equal keys: file order */
	return x->line != y->line ? (x->line < y->line ? -1 : 1) : (x->column < y->column ? -1 : 1);
}

/* Refuse a mapping that holds a key twice; name the first repeated one. */
static int check_duplicates(builder *b, const cus__ynode *map)
{
	if (map->count < 2)
		return 0;
	const cus__ynode **keys = malloc(map->count * sizeof *keys);
	if (!keys)
		return cus__error(CUS_ENOMEM, "policy", NULL, "out of memory");
	size_t n = 0;
	for (const cus__ynode *k = map->first; k; k = k->next)
		keys[n++] = k;
	qsort(keys, n, sizeof *keys, key_cmp);
	const cus__ynode *dup = NULL, *orig = NULL;
	for (size_t i = 1; i < n; i++) {
		if (keys[i]->len == keys[i - 1]->len && memcmp(keys[i]->value, keys[i - 1]->value, keys[i]->len) == 0 &&
		    (!dup || keys[i]->line < dup->line || (keys[i]->line == dup->line && keys[i]->column < dup->column))) {
			dup = keys[i];
			size_t j = i - 1;
			while (j > 0 && keys[j - 1]->len == dup->len && memcmp(keys[j - 1]->value, dup->value, dup->len) == 0)
				j--;
			orig = keys[j];
		}
	}
	int rc = 0;
	if (dup) {
		/* the mapping is the innermost frame, so this is its path */
		cus__ypath p;
		builder_path(b, &p);
		cus__ypath_key(&p, dup->value);
		rc = error_at(b->source, p.path, dup->line, dup->column,
			"the key '%s' appears twice in the same mapping (first at line %d)", dup->value, orig->line);
	}
	free(keys);
	return rc;
}

static cus__ynode *node_new(builder *b, cus__ytype type, const yaml_mark_t *m)
{
	if (b->doc->nodes >= CUS__YAML_MAX_NODES) {
		builder_error(b, (int)m->line + 1, (int)m->column + 1, "the file holds more than %d values",
			CUS__YAML_MAX_NODES);
		return NULL;
	}
	cus__ynode *n = arena_alloc(b->doc, sizeof *n);
	if (!n) {
		cus__error(CUS_ENOMEM, "policy", NULL, "out of memory");
		return NULL;
	}
	memset(n, 0, sizeof *n);
	n->type = type;
	n->line = (int)m->line + 1;
	n->column = (int)m->column + 1;
	b->doc->nodes++;
	return n;
}

/* Attach a finished or opening node to its parent. */
static int attach(builder *b, cus__ynode *n)
{
	if (b->depth == 0) {
		b->doc->root = n;
		return 0;
	}
	frame *f = &b->stack[b->depth - 1];
	if (f->node->type == CUS__YMAP && !f->want_value) {
		if (n->type != CUS__YSCALAR)
			return builder_error(b, n->line, n->column, "a mapping key must be a string, not %s",
				cus__ytype_name(n));
		if (f->last)
			f->last->next = n;
		else
			f->node->first = n;
		f->last = n;
		f->node->count++;
		f->key = n;
		f->want_value = 1;
		return 0;
	}
	if (f->node->type == CUS__YMAP) {
		f->key->val = n;
		f->want_value = 0;
		if (n->type == CUS__YSCALAR) /* a list or mapping keeps the key until it ends */
			f->key = NULL;
		return 0;
	}
	if (f->last)
		f->last->next = n;
	else
		f->node->first = n;
	f->last = n;
	f->node->count++;
	return 0;
}

static int refuse_extras(builder *b, const yaml_event_t *e, const yaml_char_t *anchor, const yaml_char_t *tag)
{
	int line = (int)e->start_mark.line + 1, column = (int)e->start_mark.column + 1;
	if (anchor)
		return builder_error(b, line, column,
			"anchors (&%.40s) are not allowed in policy files; write the value out", (const char *)anchor);
	if (tag)
		return builder_error(b, line, column, "tags (%.60s) are not allowed in policy files",
			(const char *)tag);
	return 0;
}

static int on_event(builder *b, const yaml_event_t *e, int *documents)
{
	int line = (int)e->start_mark.line + 1, column = (int)e->start_mark.column + 1;
	switch (e->type) {
	case YAML_DOCUMENT_START_EVENT:
		if (*documents)
			return builder_error(b, line, column, "a policy file holds one YAML document, not several");
		return 0;
	case YAML_DOCUMENT_END_EVENT:
		(*documents)++;
		return 0;
	case YAML_ALIAS_EVENT:
		return builder_error(b, line, column, "aliases (*%.40s) are not allowed in policy files",
			(const char *)e->data.alias.anchor);
	case YAML_SCALAR_EVENT: {
		int rc = refuse_extras(b, e, e->data.scalar.anchor, e->data.scalar.tag);
		if (rc)
			return rc;
		size_t len = e->data.scalar.length;
		if (memchr(e->data.scalar.value, '\0', len))
			return builder_error(b, line, column, "a value holds a NUL character");
		cus__ynode *n = node_new(b, CUS__YSCALAR, &e->start_mark);
		char *v = n ? arena_alloc(b->doc, len + 1) : NULL;
		if (!n)
			return cus_error_last()->code;
		if (!v)
			return cus__error(CUS_ENOMEM, "policy", NULL, "out of memory");
		memcpy(v, e->data.scalar.value, len);
		v[len] = '\0';
		n->value = v;
		n->len = len;
		n->plain = e->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
		return attach(b, n);
	}
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT: {
		int is_seq = e->type == YAML_SEQUENCE_START_EVENT;
		int rc = is_seq ? refuse_extras(b, e, e->data.sequence_start.anchor, e->data.sequence_start.tag)
				: refuse_extras(b, e, e->data.mapping_start.anchor, e->data.mapping_start.tag);
		if (rc)
			return rc;
		if (b->depth >= CUS__YAML_MAX_DEPTH)
			return builder_error(b, line, column, "the values nest more than %d levels deep",
				CUS__YAML_MAX_DEPTH);
		cus__ynode *n = node_new(b, is_seq ? CUS__YSEQ : CUS__YMAP, &e->start_mark);
		if (!n)
			return cus_error_last()->code;
		if ((rc = attach(b, n)) != 0)
			return rc;
		frame *f = &b->stack[b->depth++];
		f->node = n;
		f->last = f->key = NULL;
		f->want_value = 0;
		return 0;
	}
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT: {
		int rc = 0;
		if (e->type == YAML_MAPPING_END_EVENT)
			rc = check_duplicates(b, b->stack[b->depth - 1].node);
		b->depth--;
		if (b->depth > 0)
			b->stack[b->depth - 1].key = NULL;
		return rc;
	}
	default:
		return 0;
	}
}

/* Turn a libyaml failure into our error: position, path, and the libyaml
 * wording. An unexpected end inside a quoted scalar is reported where the
 * scalar starts, which is where the missing quote belongs. */
static int parser_error(const builder *b, const yaml_parser_t *y, const char *text, size_t len)
{
	if (y->error == YAML_MEMORY_ERROR)
		return cus__error(CUS_ENOMEM, "policy", NULL, "out of memory while reading %s", b->source);
	int line, column;
	if (y->error == YAML_READER_ERROR) {
		offset_position(text, len, y->problem_offset, &line, &column);
		return builder_error(b, line, column, "the file cannot be read as YAML: %s",
			y->problem ? y->problem : "unknown problem");
	}
	const yaml_mark_t *m = &y->problem_mark;
	const char *problem = y->problem ? y->problem : "unknown problem";
	int use_context = y->context && strstr(problem, "end of stream") &&
		(y->context_mark.line || y->context_mark.column);
	if (use_context)
		m = &y->context_mark;
	line = (int)m->line + 1;
	column = (int)m->column + 1;
	size_t off = position_offset(text, len, line, column);
	if (off < len && text[off] == '\t')
		return builder_error(b, line, column, "invalid YAML: a tab character; YAML indents with spaces only");
	const char *hint = "";
	if (strstr(problem, "mapping values are not allowed"))
		hint = " (check the indentation, or quote a value that holds ': ')";
	else if (strstr(problem, "did not find expected"))
		hint = " (check the indentation)";
	if (use_context)
		return builder_error(b, line, column, "invalid YAML: %s %s (unclosed here; the file ends at line %d)",
			problem, y->context, (int)y->problem_mark.line + 1);
	if (y->context)
		return builder_error(b, line, column, "invalid YAML: %s %s (started at line %d, column %d)%s",
			problem, y->context, (int)y->context_mark.line + 1, (int)y->context_mark.column + 1, hint);
	return builder_error(b, line, column, "invalid YAML: %s%s", problem, hint);
}

int cus__ydoc_load(cus__ydoc **out, const char *source, const char *text, size_t len)
{
	*out = NULL;
	if (!source)
		source = "(policy)";
	if (!text && len)
		return cus__error(CUS_EINVAL, "policy", NULL, "no text given");
	if (len > CUS_POLICY_MAX_BYTES)
		return error_at(source, CUS__YAML_ROOT, 1, 1,
			"the file is %zu bytes; a policy file may hold at most %u bytes (4 MiB)", len,
			(unsigned)CUS_POLICY_MAX_BYTES);
	int rc = check_text(source, text, len);
	if (rc)
		return rc;
	/* A UTF-8 byte order mark is not part of the text (and libyaml, told the
	 * encoding, would count it as a column of the first line). */
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
		text += 3;
		len -= 3;
	}
	builder b = { .source = source };
	b.doc = calloc(1, sizeof *b.doc);
	if (!b.doc)
		return cus__error(CUS_ENOMEM, "policy", NULL, "out of memory");
	yaml_parser_t y;
	if (!yaml_parser_initialize(&y)) {
		free(b.doc);
		return cus__error(CUS_ENOMEM, "policy", NULL, "out of memory");
	}
	yaml_parser_set_input_string(&y, (const unsigned char *)(text ? text : ""), len);
	yaml_parser_set_encoding(&y, YAML_UTF8_ENCODING);
	int documents = 0, done = 0;
	while (!rc && !done) {
		yaml_event_t e;
		if (!yaml_parser_parse(&y, &e)) {
			rc = parser_error(&b, &y, text, len);
			break;
		}
		done = e.type == YAML_STREAM_END_EVENT;
		rc = on_event(&b, &e, &documents);
		yaml_event_delete(&e);
	}
	yaml_parser_delete(&y);
	if (rc) {
		cus__ydoc_free(b.doc);
		return rc;
	}
	*out = b.doc;
	return 0;
}

/* ---- validation helpers ---- */

const char *cus__ytype_name(const cus__ynode *node)
{
	if (!node)
		return "nothing";
	switch (node->type) {
	case CUS__YSEQ: return "a list";
	case CUS__YMAP: return "a mapping";
	default: return cus__ynull(node) ? "empty" : "a string";
	}
}

int cus__ynull(const cus__ynode *n)
{
	return n && n->type == CUS__YSCALAR && n->plain &&
		(n->len == 0 || strcmp(n->value, "~") == 0 || strcmp(n->value, "null") == 0 ||
			strcmp(n->value, "Null") == 0 || strcmp(n->value, "NULL") == 0);
}

const cus__ynode *cus__ymap_get(const cus__ynode *map, const char *key)
{
	if (!map || map->type != CUS__YMAP)
		return NULL;
	for (const cus__ynode *k = map->first; k; k = k->next)
		if (strcmp(k->value, key) == 0)
			return k->val;
	return NULL;
}

int cus__ymap(const cus__ypath *p, const cus__ynode *node, const cus__ykey *keys, const cus__ynode **vals)
{
	size_t nkeys = 0;
	while (keys[nkeys].name) {
		vals[nkeys] = NULL;
		nkeys++;
	}
	if (!node || node->type != CUS__YMAP)
		return cus__yerror(p, node, "must be a mapping (key: value lines), not %s", cus__ytype_name(node));
	for (const cus__ynode *k = node->first; k; k = k->next) {
		size_t i = 0;
		while (i < nkeys && strcmp(keys[i].name, k->value) != 0)
			i++;
		if (i == nkeys) {
			char known[256] = "";
			for (size_t j = 0; j < nkeys; j++) {
				size_t used = strlen(known);
				snprintf(known + used, sizeof known - used, "%s%s", j ? ", " : "", keys[j].name);
			}
			return cus__yerror_key(p, k->value, k, "unknown key '%.64s' (allowed here: %s)", k->value, known);
		}
		if (!(keys[i].flags & CUS__YKEY_REQUIRED) && cus__ynull(k->val))
			continue;
		vals[i] = k->val;
	}
	for (size_t i = 0; i < nkeys; i++)
		if ((keys[i].flags & CUS__YKEY_REQUIRED) && !vals[i])
			return cus__yerror_key(p, keys[i].name, node, "the required key '%s' is missing", keys[i].name);
	return 0;
}

int cus__yseq(const cus__ypath *p, const cus__ynode *node, int nonempty)
{
	if (!node || node->type != CUS__YSEQ)
		return cus__yerror(p, node, "must be a list, not %s%s", cus__ytype_name(node),
			cus__ynull(node) ? " (write [] for an empty list)" : "");
	if (nonempty && node->count == 0)
		return cus__yerror(p, node, "must list at least one item");
	return 0;
}

int cus__ystring(const cus__ypath *p, const cus__ynode *node, size_t max, const char **out)
{
	if (!node || node->type != CUS__YSCALAR)
		return cus__yerror(p, node, "must be a string, not %s", cus__ytype_name(node));
	if (cus__ynull(node) || node->len == 0)
		return cus__yerror(p, node, "must not be empty");
	if (node->len > max)
		return cus__yerror(p, node, "is %zu bytes long; at most %zu are allowed", node->len, max);
	for (size_t i = 0; i < node->len; i++) {
		unsigned char c = (unsigned char)node->value[i];
		unsigned char d = i + 1 < node->len ? (unsigned char)node->value[i + 1] : 0;
		if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7F)
			return cus__yerror(p, node, "holds a control character (U+%04X)", c);
		if (c == 0xC2 && d >= 0x80 && d <= 0x9F) /* C1 controls, e.g. from "\x85" */
			return cus__yerror(p, node, "holds a control character (U+%04X)", d);
	}
	*out = node->value;
	return 0;
}

int cus__ycode(const cus__ypath *p, const cus__ynode *node, const char **out)
{
	const char *s;
	int rc = cus__ystring(p, node, CUS__CODE_MAX, &s);
	if (rc)
		return rc;
	int ok = s[0] >= 'a' && s[0] <= 'z';
	for (const char *c = s; ok && *c; c++)
		ok = (*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '_';
	if (!ok)
		return cus__yerror(p, node,
			"'%.64s' is not a code: use a-z, 0-9 and '_', starting with a letter (at most %d)", s,
			CUS__CODE_MAX);
	*out = s;
	return 0;
}

int cus__ydate(const cus__ypath *p, const cus__ynode *node, const char **out)
{
	const char *s;
	int rc = cus__ystring(p, node, 64, &s);
	if (rc)
		return rc;
	int ok = strlen(s) == 10 && s[4] == '-' && s[7] == '-';
	for (int i = 0; ok && i < 10; i++)
		ok = i == 4 || i == 7 || (s[i] >= '0' && s[i] <= '9');
	if (!ok)
		return cus__yerror(p, node, "'%.20s' is not a date YYYY-MM-DD", s);
	int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (y < 1900 || m < 1 || m > 12 || d < 1 || d > days[m - 1] + (m == 2 && leap))
		return cus__yerror(p, node, "'%s' is not a calendar date", s);
	*out = s;
	return 0;
}
