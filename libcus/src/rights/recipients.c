/* The policy section `recipients` (docs/POLICY.md): to whom the centre
 * discloses personal data (art. 13(1)(e), 15(1)(c) and 30(1)(d) GDPR). */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "../policy/sections.h"

#define NAME_MAX_BYTES 300
#define TEXT_MAX_BYTES 4000

typedef struct {
	cus__recipient *items;
	size_t n;
	const char **strings; /* the purposes and categories lists */
} recipients_data;

void cus__recipients_section_free(void *data)
{
	recipients_data *d = data;
	if (d) {
		free(d->items);
		free(d->strings);
	}
	free(d);
}

size_t cus__policy_recipient_count(const cus__policy *p)
{
	const recipients_data *d = p ? cus__policy_section_data(p, "recipients") : NULL;
	return d ? d->n : 0;
}

const cus__recipient *cus__policy_recipient(const cus__policy *p, size_t i)
{
	const recipients_data *d = p ? cus__policy_section_data(p, "recipients") : NULL;
	return d && i < d->n ? &d->items[i] : NULL;
}

const char *cus__category_pl(const char *code)
{
	static const char *const map[][2] = {
		{ "basic", "dane identyfikacyjne (imiona, nazwisko, PESEL, data urodzenia, płeć, miejsce zamieszkania)" },
		{ "contact", "dane kontaktowe (adres, telefon, e-mail)" },
		{ "financial", "sytuacja materialna i zawodowa" },
		{ "health", "dane o stanie zdrowia (art. 9 RODO)" },
		{ "disability", "dane o niepełnosprawności (art. 9 RODO)" },
		{ "location", "dane o lokalizacji – teleopieka (art. 9 RODO)" },
		{ "family", "sytuacja rodzinna (art. 9 RODO)" },
		{ "judgment", "orzeczenia sądów, decyzje ZUS i innych organów (art. 10 RODO)" },
		{ "audit", "dziennik zdarzeń" },
		{ "finance", "dane finansowe" },
		{ "reports", "sprawozdania" },
		{ "users", "konta użytkowników" },
		{ "policy", "zasady przetwarzania" },
	};
	for (size_t i = 0; code && i < sizeof map / sizeof map[0]; i++)
		if (strcmp(map[i][0], code) == 0)
			return map[i][1];
	return code;
}

#define FIELD(key, call) \
	if (!rc) { \
		at = cus__ypath_key(path, key); \
		rc = call; \
		cus__ypath_restore(path, at); \
	}

static int code_list(cus__policy *p, cus__ypath *path, const cus__ynode *node, int purposes, const char **into,
	size_t *n)
{
	int rc = cus__yseq(path, node, 1);
	size_t i = 0;
	for (const cus__ynode *it = rc ? NULL : node->first; it; it = it->next, i++) {
		size_t at = cus__ypath_index(path, i);
		rc = cus__ycode(path, it, &into[i]);
		if (!rc && purposes && !cus__policy_has_purpose(p, into[i]))
			rc = cus__yerror(path, it, "unknown purpose '%s'", into[i]);
		if (!rc && !purposes && cus__category_index(into[i]) < 0)
			rc = cus__yerror(path, it, "unknown category '%s'", into[i]);
		cus__ypath_restore(path, at);
		if (rc)
			break;
	}
	*n = i;
	return rc;
}

int cus__recipients_section(cus__policy *p, const cus__ynode *node, cus__ypath *path, void **data)
{
	enum { CODE, NAME, DESC, BASIS, PURPOSES, CATS, NKEYS };
	static const cus__ykey keys[] = {
		{ "code", CUS__YKEY_REQUIRED },
		{ "name", CUS__YKEY_REQUIRED },
		{ "description", CUS__YKEY_OPTIONAL },
		{ "legal_basis", CUS__YKEY_OPTIONAL },
		{ "purposes", CUS__YKEY_OPTIONAL },
		{ "categories", CUS__YKEY_OPTIONAL },
		{ NULL, 0 },
	};
	recipients_data *d = calloc(1, sizeof *d);
	if (!d)
		return cus__error(CUS_ENOMEM, "policy", NULL, "out of memory");
	*data = d;
	int rc = cus__yseq(path, node, 1);
	if (rc)
		return rc;
	size_t nstr = 0;
	for (const cus__ynode *it = node->first; it; it = it->next) {
		if (it->type != CUS__YMAP)
			continue;
		const cus__ynode *pp = cus__ymap_get(it, "purposes"), *cc = cus__ymap_get(it, "categories");
		nstr += (pp && pp->type == CUS__YSEQ ? pp->count : 0) + (cc && cc->type == CUS__YSEQ ? cc->count : 0);
	}
	d->items = calloc(node->count, sizeof *d->items);
	d->strings = calloc(nstr + 1, sizeof *d->strings);
	if (!d->items || !d->strings)
		return cus__error(CUS_ENOMEM, "policy", NULL, "out of memory");
	size_t used = 0, i = 0;
	for (const cus__ynode *it = node->first; !rc && it; it = it->next, i++) {
		size_t at0 = cus__ypath_index(path, i), at;
		cus__recipient *r = &d->items[i];
		const cus__ynode *v[NKEYS];
		rc = cus__ymap(path, it, keys, v);
		FIELD("code", cus__ycode(path, v[CODE], &r->code));
		FIELD("name", cus__ystring(path, v[NAME], NAME_MAX_BYTES, &r->name));
		if (v[DESC])
			FIELD("description", cus__ystring(path, v[DESC], TEXT_MAX_BYTES, &r->description));
		if (v[BASIS])
			FIELD("legal_basis", cus__ystring(path, v[BASIS], TEXT_MAX_BYTES, &r->legal_basis));
		if (v[PURPOSES]) {
			r->purposes = &d->strings[used];
			FIELD("purposes", code_list(p, path, v[PURPOSES], 1, &d->strings[used], &r->npurposes));
			used += r->npurposes;
		}
		if (v[CATS]) {
			r->categories = &d->strings[used];
			FIELD("categories", code_list(p, path, v[CATS], 0, &d->strings[used], &r->ncategories));
			used += r->ncategories;
		}
		for (size_t j = 0; !rc && j < i; j++)
			if (strcmp(d->items[j].code, r->code) == 0)
				rc = cus__yerror_key(path, "code", v[CODE], "duplicate recipient code '%s'", r->code);
		cus__ypath_restore(path, at0);
	}
	d->n = i;
	return rc;
}
