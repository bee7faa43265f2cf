/* Parsing and validating a policy set: the loader, the core sections
 * (policy, purposes, roles) and the questions the access module asks. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../crypto/crypto.h"
#include "model.h"
#include "sections.h"

/* ---- data categories and operations ---- */

static const char *const categories[CUS_CATEGORY_COUNT] = {
	"basic", "contact", "financial", "health", "disability", "location", "family", "judgment",
	"audit", "finance", "reports", "users", "policy",
};

const char *cus_category_name(int i)
{
	return i >= 0 && i < CUS_CATEGORY_COUNT ? categories[i] : NULL;
}

int cus__category_index(const char *name)
{
	if (!name)
		return -1;
	for (int i = 0; i < CUS_CATEGORY_COUNT; i++)
		if (strcmp(categories[i], name) == 0)
			return i;
	return -1;
}

static const struct {
	const char *name;
	unsigned op;
} operations[] = {
	{ "read", CUS_OP_READ },
	{ "write", CUS_OP_WRITE },
	{ "export", CUS_OP_EXPORT },
};

#define OPS_ALL (CUS_OP_READ | CUS_OP_WRITE | CUS_OP_EXPORT)

/* ---- limits of the core fields ---- */

#define NAME_MAX_BYTES 200
#define TEXT_MAX_BYTES 4000
#define POLICY_ID_MAX 64
#define MAX_PURPOSES 64 /* a purpose set is a 64-bit mask while parsing grants */

/* Validate the value of one key with the path pointing at it; needs `int rc`
 * and `size_t at` in scope, and does nothing once rc is set. */
#define FIELD(key, call) \
	if (!rc) { \
		at = cus__ypath_key(path, key); \
		rc = call; \
		cus__ypath_restore(path, at); \
	}

/* ---- the policy section ---- */

static int policy_id(const cus__ypath *path, const cus__ynode *node, const char **out)
{
	const char *s;
	int rc = cus__ystring(path, node, POLICY_ID_MAX, &s);
	if (rc)
		return rc;
	int ok = (s[0] >= 'a' && s[0] <= 'z') || (s[0] >= '0' && s[0] <= '9');
	for (const char *c = s; ok && *c; c++)
		ok = (*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '.' || *c == '_' || *c == '-';
	if (!ok)
		return cus__yerror(path, node,
			"'%.64s' is not a policy id: use a-z, 0-9, '.', '_' and '-', starting with a letter or digit", s);
	*out = s;
	return 0;
}

/* TERC code of a gmina: WWPPGGR, W the voivodeship (02..32, even), R the kind
 * of gmina (1 urban, 2 rural, 3 urban-rural). */
static int teryt_code(const cus__ypath *path, const cus__ynode *node, const char **out)
{
	const char *s;
	int rc = cus__ystring(path, node, 64, &s);
	if (rc)
		return rc;
	int digits = strlen(s) == 7;
	for (int i = 0; digits && i < 7; i++)
		digits = s[i] >= '0' && s[i] <= '9';
	if (!digits)
		return cus__yerror(path, node,
			"'%.20s' is not a TERYT code: a municipality's code is 7 digits (write it in quotes)", s);
	int woj = (s[0] - '0') * 10 + (s[1] - '0');
	if (woj < 2 || woj > 32 || woj % 2)
		return cus__yerror(path, node, "'%s' is not a TERYT code: %02d is not a voivodeship (02, 04, ... 32)",
			s, woj);
	if (s[6] < '1' || s[6] > '3')
		return cus__yerror(path, node,
			"'%s' is not the TERYT code of a municipality: its last digit (the kind of gmina) must be 1, 2 or 3",
			s);
	*out = s;
	return 0;
}

int cus__policy_parse_meta(cus__policy *p, const cus__ynode *node, cus__ypath *path, void **data)
{
	(void)data;
	enum { ID, NAME, FROM, TO, MUNI, TERYT, DESC, NKEYS };
	static const cus__ykey keys[] = {
		{ "id", CUS__YKEY_REQUIRED },
		{ "name", CUS__YKEY_REQUIRED },
		{ "valid_from", CUS__YKEY_REQUIRED },
		{ "valid_to", CUS__YKEY_OPTIONAL },
		{ "municipality", CUS__YKEY_REQUIRED },
		{ "teryt", CUS__YKEY_REQUIRED },
		{ "description", CUS__YKEY_OPTIONAL },
		{ NULL, 0 },
	};
	const cus__ynode *v[NKEYS];
	const char *desc;
	int rc = cus__ymap(path, node, keys, v);
	size_t at;
	FIELD("id", policy_id(path, v[ID], &p->id));
	FIELD("name", cus__ystring(path, v[NAME], NAME_MAX_BYTES, &p->name));
	FIELD("valid_from", cus__ydate(path, v[FROM], &p->valid_from));
	if (v[TO])
		FIELD("valid_to", cus__ydate(path, v[TO], &p->valid_to));
	if (!rc && p->valid_to && strcmp(p->valid_to, p->valid_from) < 0)
		rc = cus__yerror_key(path, "valid_to", v[TO], "the policy ends (%s) before it starts (valid_from %s)",
			p->valid_to, p->valid_from);
	FIELD("municipality", cus__ystring(path, v[MUNI], NAME_MAX_BYTES, &p->municipality));
	FIELD("teryt", teryt_code(path, v[TERYT], &p->teryt));
	if (v[DESC])
		FIELD("description", cus__ystring(path, v[DESC], TEXT_MAX_BYTES, &desc));
	return rc;
}

/* ---- purposes ---- */

int cus__policy_parse_purposes(cus__policy *p, const cus__ynode *node, cus__ypath *path, void **data)
{
	(void)data;
	enum { CODE, NAME, BASIS, DESC, NKEYS };
	static const cus__ykey keys[] = {
		{ "code", CUS__YKEY_REQUIRED },
		{ "name", CUS__YKEY_REQUIRED },
		{ "legal_basis", CUS__YKEY_REQUIRED },
		{ "description", CUS__YKEY_OPTIONAL },
		{ NULL, 0 },
	};
	int rc = cus__yseq(path, node, 1);
	if (rc)
		return rc;
	if (node->count > MAX_PURPOSES)
		return cus__yerror(path, node, "a policy may define at most %d purposes, not %zu", MAX_PURPOSES,
			node->count);
	p->purposes = calloc(node->count, sizeof *p->purposes);
	if (!p->purposes)
		return cus__error(CUS_ENOMEM, "policy", NULL, "out of memory");
	size_t i = 0;
	for (const cus__ynode *item = node->first; !rc && item; item = item->next, i++) {
		size_t at_item = cus__ypath_index(path, i), at;
		const cus__ynode *v[NKEYS];
		cus_purpose *u = &p->purposes[i];
		const char *desc;
		rc = cus__ymap(path, item, keys, v);
		FIELD("code", cus__ycode(path, v[CODE], &u->code));
		if (!rc) {
			int dup = cus__policy_purpose_index(p, u->code);
			if (dup >= 0)
				rc = cus__yerror_key(path, "code", v[CODE],
					"the purpose code '%s' is defined twice (first as purposes[%d])", u->code, dup);
		}
		FIELD("name", cus__ystring(path, v[NAME], NAME_MAX_BYTES, &u->name));
		FIELD("legal_basis", cus__ystring(path, v[BASIS], TEXT_MAX_BYTES, &u->legal_basis));
		if (v[DESC])
			FIELD("description", cus__ystring(path, v[DESC], TEXT_MAX_BYTES, &desc));
		cus__ypath_restore(path, at_item);
		if (!rc)
			p->npurposes++;
	}
	return rc;
}

/* ---- roles ---- */

/* A list of names, each known (lookup >= 0) and listed once; the union goes
 * to *mask (bit per index). */
static int name_list(const cus__ypath *path, const cus__ynode *node, const char *what,
	int (*lookup)(const cus__policy *p, const char *name), const cus__policy *p, const char *known,
	unsigned long long *mask)
{
	int rc = cus__yseq(path, node, 1);
	*mask = 0;
	for (const cus__ynode *item = node ? node->first : NULL; !rc && item; item = item->next) {
		if (item->type != CUS__YSCALAR || cus__ynull(item)) {
			rc = cus__yerror(path, item, "each %s must be a string, not %s", what, cus__ytype_name(item));
			break;
		}
		int i = lookup(p, item->value);
		if (i < 0)
			rc = cus__yerror(path, item, "unknown %s '%.64s' (%s)", what, item->value, known);
		else if (*mask & (1ull << i))
			rc = cus__yerror(path, item, "the %s '%.64s' is listed twice", what, item->value);
		else
			*mask |= 1ull << i;
	}
	return rc;
}

static int category_lookup(const cus__policy *p, const char *name)
{
	(void)p;
	return cus__category_index(name);
}

static int op_lookup(const cus__policy *p, const char *name)
{
	(void)p;
	for (size_t i = 0; i < sizeof operations / sizeof operations[0]; i++)
		if (strcmp(operations[i].name, name) == 0)
			return (int)i;
	return -1;
}

static unsigned char *grant_cell(const cus__policy *p, int role, int category, int purpose)
{
	return &p->grants[((size_t)role * CUS_CATEGORY_COUNT + (size_t)category) * (size_t)p->npurposes +
		(size_t)purpose];
}

static int parse_grant(cus__policy *p, int role, const cus__ynode *node, cus__ypath *path)
{
	enum { CATS, OPS, PURPS, NKEYS };
	static const cus__ykey keys[] = {
		{ "categories", CUS__YKEY_REQUIRED },
		{ "operations", CUS__YKEY_REQUIRED },
		{ "purposes", CUS__YKEY_REQUIRED },
		{ NULL, 0 },
	};
	static const char known_categories[] =
		"known: basic, contact, financial, health, disability, location, family, judgment,"
		" audit, finance, reports, users, policy";
	const cus__ynode *v[NKEYS];
	unsigned long long cats = 0, ops = 0, purps = 0;
	size_t at;
	int rc = cus__ymap(path, node, keys, v);
	FIELD("categories", name_list(path, v[CATS], "category", category_lookup, p, known_categories, &cats));
	FIELD("operations", name_list(path, v[OPS], "operation", op_lookup, p, "known: read, write, export", &ops));
	FIELD("purposes", name_list(path, v[PURPS], "purpose", cus__policy_purpose_index, p,
		"not defined under purposes", &purps));
	if (rc)
		return rc;
	unsigned mask = 0;
	for (size_t i = 0; i < sizeof operations / sizeof operations[0]; i++)
		if (ops & (1ull << i))
			mask |= operations[i].op;
	for (int c = 0; c < CUS_CATEGORY_COUNT; c++)
		for (int u = 0; u < p->npurposes; u++)
			if ((cats & (1ull << c)) && (purps & (1ull << u)))
				*grant_cell(p, role, c, u) |= (unsigned char)mask;
	return 0;
}

int cus__policy_parse_roles(cus__policy *p, const cus__ynode *node, cus__ypath *path, void **data)
{
	(void)data;
	enum { CODE, NAME, DESC, PERMS, NKEYS };
	static const cus__ykey keys[] = {
		{ "code", CUS__YKEY_REQUIRED },
		{ "name", CUS__YKEY_REQUIRED },
		{ "description", CUS__YKEY_OPTIONAL },
		{ "permissions", CUS__YKEY_REQUIRED },
		{ NULL, 0 },
	};
	int rc = cus__yseq(path, node, 1);
	if (rc)
		return rc;
	p->roles = calloc(node->count, sizeof *p->roles);
	p->grants = calloc(node->count * CUS_CATEGORY_COUNT * (size_t)(p->npurposes ? p->npurposes : 1), 1);
	if (!p->roles || !p->grants)
		return cus__error(CUS_ENOMEM, "policy", NULL, "out of memory");
	size_t i = 0;
	for (const cus__ynode *item = node->first; !rc && item; item = item->next, i++) {
		size_t at_item = cus__ypath_index(path, i), at;
		const cus__ynode *v[NKEYS];
		cus_role *r = &p->roles[i];
		const char *desc;
		rc = cus__ymap(path, item, keys, v);
		FIELD("code", cus__ycode(path, v[CODE], &r->code));
		if (!rc) {
			int dup = cus__policy_role_index(p, r->code);
			if (dup >= 0)
				rc = cus__yerror_key(path, "code", v[CODE],
					"the role code '%s' is defined twice (first as roles[%d])", r->code, dup);
		}
		FIELD("name", cus__ystring(path, v[NAME], NAME_MAX_BYTES, &r->name));
		if (v[DESC])
			FIELD("description", cus__ystring(path, v[DESC], TEXT_MAX_BYTES, &desc));
		if (!rc) {
			at = cus__ypath_key(path, "permissions");
			rc = cus__yseq(path, v[PERMS], 0);
			size_t g = 0;
			for (const cus__ynode *grant = v[PERMS]->first; !rc && grant; grant = grant->next, g++) {
				size_t at_grant = cus__ypath_index(path, g);
				rc = parse_grant(p, (int)i, grant, path);
				cus__ypath_restore(path, at_grant);
			}
			cus__ypath_restore(path, at);
		}
		cus__ypath_restore(path, at_item);
		if (!rc)
			p->nroles++;
	}
	if (rc)
		return rc;
	/* A policy under which nobody may load the next one could never be
	 * replaced: refuse it. */
	int policy = cus__category_index("policy");
	for (int r = 0; r < p->nroles; r++)
		for (int u = 0; u < p->npurposes; u++)
			if (*grant_cell(p, r, policy, u) & CUS_OP_WRITE)
				return 0;
	return cus__yerror(path, node,
		"no role may write 'policy' for any purpose, so no later policy could ever be loaded;"
		" grant it to an administrator role");
}

#undef FIELD

/* ---- the loader ---- */

void cus__policy_free(cus__policy *p)
{
	if (!p)
		return;
	if (p->sections)
		for (size_t i = 0; i < cus__policy_section_count; i++)
			if (p->sections[i] && cus__policy_sections[i].free)
				cus__policy_sections[i].free(p->sections[i]);
	free(p->sections);
	free(p->purposes);
	free(p->roles);
	free(p->grants);
	cus__ydoc_free(p->doc);
	free(p);
}

static int parse_sections(cus__policy *p, const cus__ynode *root, cus__ypath *path)
{
	if (!root || cus__ynull(root))
		return cus__yerror_key(path, "policy", NULL,
			"the file is empty; a policy file starts with the section 'policy:'");
	if (root->type != CUS__YMAP)
		return cus__yerror(path, root,
			"the file must be a mapping of sections (policy, purposes, roles, ...), not %s",
			cus__ytype_name(root));
	for (const cus__ynode *k = root->first; k; k = k->next) {
		size_t i = 0;
		while (i < cus__policy_section_count && strcmp(cus__policy_sections[i].key, k->value) != 0)
			i++;
		if (i == cus__policy_section_count) {
			char known[256] = "";
			for (size_t j = 0; j < cus__policy_section_count; j++) {
				size_t used = strlen(known);
				snprintf(known + used, sizeof known - used, "%s%s", j ? ", " : "", cus__policy_sections[j].key);
			}
			return cus__yerror_key(path, k->value, k, "unknown section '%.64s' (known: %s)", k->value, known);
		}
	}
	for (size_t i = 0; i < cus__policy_section_count; i++) {
		const cus__policy_section *s = &cus__policy_sections[i];
		const cus__ynode *node = cus__ymap_get(root, s->key);
		if (!node) {
			if (s->required)
				return cus__yerror_key(path, s->key, root, "the required section '%s' is missing", s->key);
			continue;
		}
		size_t at = cus__ypath_key(path, s->key);
		int rc = s->parse(p, node, path, &p->sections[i]);
		cus__ypath_restore(path, at);
		if (rc)
			return rc;
	}
	return 0;
}

int cus__policy_parse(cus__policy **out, const char *source, const char *yaml, size_t len)
{
	if (out)
		*out = NULL;
	if (!source)
		source = "(policy)";
	cus__policy *p = calloc(1, sizeof *p);
	if (!p || !(p->sections = calloc(cus__policy_section_count ? cus__policy_section_count : 1,
			     sizeof *p->sections))) {
		free(p);
		return cus__error(CUS_ENOMEM, "policy", NULL, "out of memory");
	}
	int rc = cus__ydoc_load(&p->doc, source, yaml, len);
	if (!rc) {
		cus__ypath path;
		cus__ypath_init(&path, source);
		rc = parse_sections(p, cus__ydoc_root(p->doc), &path);
	}
	if (rc || !out) {
		cus__policy_free(p);
		return rc;
	}
	unsigned char h[32];
	cus__hash(h, (const unsigned char *)yaml, len);
	cus__hex(p->hash, h, sizeof h);
	*out = p;
	return 0;
}

/* ---- questions ---- */

int cus__policy_purpose_index(const cus__policy *p, const char *code)
{
	if (!p || !code)
		return -1;
	for (int i = 0; i < p->npurposes; i++)
		if (strcmp(p->purposes[i].code, code) == 0)
			return i;
	return -1;
}

int cus__policy_role_index(const cus__policy *p, const char *code)
{
	if (!p || !code)
		return -1;
	for (int i = 0; i < p->nroles; i++)
		if (strcmp(p->roles[i].code, code) == 0)
			return i;
	return -1;
}

const char *cus__policy_teryt(const cus__policy *p)
{
	return p ? p->teryt : NULL;
}

int64_t cus__policy_version(const cus__policy *p)
{
	return p ? p->version : 0;
}

const char *cus__policy_hash(const cus__policy *p)
{
	return p ? p->hash : NULL;
}

int cus__policy_has_purpose(const cus__policy *p, const char *purpose)
{
	return cus__policy_purpose_index(p, purpose) >= 0;
}

const char *cus__policy_legal_basis(const cus__policy *p, const char *purpose)
{
	int i = cus__policy_purpose_index(p, purpose);
	return i >= 0 ? p->purposes[i].legal_basis : NULL;
}

int cus__policy_has_role(const cus__policy *p, const char *role)
{
	return cus__policy_role_index(p, role) >= 0;
}

int cus__policy_role_allows(const cus__policy *p, const char *role, int category, unsigned ops,
	const char *purpose)
{
	if (category < 0 || category >= CUS_CATEGORY_COUNT || ops == 0 || (ops & ~(unsigned)OPS_ALL))
		return 0;
	int r = cus__policy_role_index(p, role), u = cus__policy_purpose_index(p, purpose);
	if (r < 0 || u < 0)
		return 0;
	return (*grant_cell(p, r, category, u) & ops) == ops;
}

int cus__policy_role_has_purpose(const cus__policy *p, const char *role, const char *purpose)
{
	int r = cus__policy_role_index(p, role), u = cus__policy_purpose_index(p, purpose);
	if (r < 0 || u < 0)
		return 0;
	for (int c = 0; c < CUS_CATEGORY_COUNT; c++)
		if (*grant_cell(p, r, c, u))
			return 1;
	return 0;
}

const void *cus__policy_section_data(const cus__policy *p, const char *key)
{
	if (!p || !key)
		return NULL;
	for (size_t i = 0; i < cus__policy_section_count; i++)
		if (strcmp(cus__policy_sections[i].key, key) == 0)
			return p->sections[i];
	return NULL;
}
