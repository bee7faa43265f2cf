/* A project card in YAML: the project, its amounts per source and, optionally,
 * its plan lines, checked whole (every error with its line and key path) and
 * stored in one audited operation. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "finance.h"
#include "../policy/yaml.h"

#define CARD_MAX_BYTES (1u << 20)
#define CARD_MAX_LINES 10000

typedef struct {
	fin__report *rep;
	cus__ypath path;
	int bad;
	int failed;     /* < 0: a failure that is not the card's */
} card_ctx;

/* Record the last error (raised by a YAML helper or a validator) at node. The
 * "SOURCE:L:C: KEY: " prefix of the helpers' messages is dropped. */
static void card_last(card_ctx *c, const cus__ynode *at, const char *field)
{
	const cus_error *e = cus_error_last();
	if (e->code != CUS_EINVAL) {
		if (!c->failed)
			c->failed = e->code ? e->code : CUS_ERROR;
		return;
	}
	const char *m = e->message ? e->message : "is not valid";
	const char *f = e->field && *e->field ? e->field : field;
	if (e->line && f) {
		const char *k = strstr(m, f);
		size_t fl = strlen(f);
		if (k && k[fl] == ':' && k[fl + 1] == ' ')
			m = k + fl + 2;
	}
	int line = e->line ? e->line : (at ? at->line : 1);
	c->bad = 1;
	if (fin__report_error(c->rep, line, f ? f : c->path.path, m))
		c->failed = CUS_ENOMEM;
}

static void card_err(card_ctx *c, const cus__ynode *at, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void card_err(card_ctx *c, const cus__ynode *at, const char *key, const char *fmt, ...)
{
	cus__ypath sub = c->path;
	if (key)
		cus__ypath_key(&sub, key);
	char m[600];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(m, sizeof m, fmt, ap);
	va_end(ap);
	c->bad = 1;
	if (fin__report_error(c->rep, at ? at->line : 1, sub.path, m))
		c->failed = CUS_ENOMEM;
}

static const char *card_string(card_ctx *c, const cus__ynode *node, const char *key, size_t max)
{
	if (!node)
		return NULL;
	size_t len = cus__ypath_key(&c->path, key);
	const char *out = NULL;
	if (cus__ystring(&c->path, node, max, &out) != 0) {
		card_last(c, node, c->path.path);
		out = NULL;
	}
	cus__ypath_restore(&c->path, len);
	return out;
}

static int64_t card_amount(card_ctx *c, const cus__ynode *node, const char *key, int *given)
{
	int64_t v = 0;
	if (given)
		*given = 0;
	if (!node)
		return 0;
	if (node->type != CUS__YSCALAR) {
		card_err(c, node, key, "must be an amount, not %s", cus__ytype_name(node));
		return 0;
	}
	if (cus_money_parse(node->value, &v) != 0) {
		card_err(c, node, key, "must be an amount in złoty, e.g. 1 234,56 or 1234.56");
		return 0;
	}
	if (given)
		*given = 1;
	return v;
}

static int card_permitted(cus_session *s)
{
	if (cus_session_allows(s, "finance", CUS_OP_WRITE) == 1)
		return 0;
	int rc = cus__access_begin(s, "project.import", "project", NULL, "finance", CUS_OP_WRITE, "file not read");
	if (rc == 0)
		rc = cus__access_end(s, cus__error(CUS_EDENIED, "finance", "category",
			"the permissions changed during the import; try again"));
	return rc;
}

typedef struct {
	cus_budget_line_input in;
	cus_classification cls;
	int line;
} card_line;

static const cus__ykey card_keys[] = {
	{ "code", CUS__YKEY_REQUIRED }, { "name", CUS__YKEY_REQUIRED }, { "programme", CUS__YKEY_OPTIONAL },
	{ "measure", CUS__YKEY_OPTIONAL }, { "period_from", CUS__YKEY_OPTIONAL }, { "period_to", CUS__YKEY_OPTIONAL },
	{ "total_cost", CUS__YKEY_REQUIRED }, { "co_financing", CUS__YKEY_OPTIONAL },
	{ "own_contribution", CUS__YKEY_OPTIONAL }, { "sources", CUS__YKEY_OPTIONAL }, { "plan", CUS__YKEY_OPTIONAL },
	{ NULL, 0 },
};
enum { K_CODE, K_NAME, K_PROGRAMME, K_MEASURE, K_FROM, K_TO, K_TOTAL, K_COF, K_OWN, K_SOURCES, K_PLAN, K_COUNT };

static const cus__ykey line_keys[] = {
	{ "year", CUS__YKEY_REQUIRED }, { "classification", CUS__YKEY_OPTIONAL }, { "dzial", CUS__YKEY_OPTIONAL },
	{ "rozdzial", CUS__YKEY_OPTIONAL }, { "paragraf", CUS__YKEY_OPTIONAL }, { "source", CUS__YKEY_REQUIRED },
	{ "service", CUS__YKEY_OPTIONAL }, { "amount", CUS__YKEY_REQUIRED }, { "note", CUS__YKEY_OPTIONAL },
	{ NULL, 0 },
};
enum { LK_YEAR, LK_CLASS, LK_DZIAL, LK_ROZDZIAL, LK_PARAGRAF, LK_SOURCE, LK_SERVICE, LK_AMOUNT, LK_NOTE, LK_COUNT };

/* A scalar that may be written as a number or a string ("852", 852). */
static const char *card_scalar(card_ctx *c, const cus__ynode *node, const char *key)
{
	if (!node)
		return NULL;
	if (node->type != CUS__YSCALAR) {
		card_err(c, node, key, "must be a value, not %s", cus__ytype_name(node));
		return NULL;
	}
	return node->value;
}

/* Parse one plan line of the card into l (validated against the policy). */
static void card_plan_line(card_ctx *c, const cus__policy *p, const cus__ynode *node, const char *code,
	const cus_project_source *src, size_t nsrc, card_line *l)
{
	const cus__ynode *v[LK_COUNT + 1] = { 0 };
	memset(l, 0, sizeof *l);
	l->line = node->line;
	if (cus__ymap(&c->path, node, line_keys, v) != 0) {
		card_last(c, node, c->path.path);
		return;
	}
	int before = (int)c->rep->pub.error_total;
	cus_budget_line_input *in = &l->in;
	*in = (cus_budget_line_input)CUS_BUDGET_LINE_INPUT_INIT;
	const char *y = card_scalar(c, v[LK_YEAR], "year");
	if (y) {
		char *end = NULL;
		long yr = strtol(y, &end, 10);
		if (!*y || *end || yr < FIN__YEAR_MIN || yr > FIN__YEAR_MAX)
			card_err(c, v[LK_YEAR], "year", "must be a year from %d to %d", FIN__YEAR_MIN, FIN__YEAR_MAX);
		else
			in->year = (int)yr;
	}
	if (v[LK_CLASS]) {
		const char *t = card_scalar(c, v[LK_CLASS], "classification");
		if (t && cus_classification_parse(&l->cls, t) != 0)
			card_err(c, v[LK_CLASS], "classification", "%s", cus_error_last()->message);
		in->dzial = l->cls.dzial;
		in->rozdzial = l->cls.rozdzial;
		in->paragraf = l->cls.paragraf;
		if (v[LK_DZIAL] || v[LK_ROZDZIAL] || v[LK_PARAGRAF])
			card_err(c, v[LK_CLASS], "classification", "give classification or dzial/rozdzial/paragraf, not both");
	} else {
		in->dzial = card_scalar(c, v[LK_DZIAL], "dzial");
		in->rozdzial = card_scalar(c, v[LK_ROZDZIAL], "rozdzial");
		in->paragraf = card_scalar(c, v[LK_PARAGRAF], "paragraf");
		if (!v[LK_DZIAL] && !v[LK_ROZDZIAL] && !v[LK_PARAGRAF])
			card_err(c, node, "classification", "a plan line needs classification (or dzial, rozdzial, paragraf)");
	}
	in->source = card_string(c, v[LK_SOURCE], "source", FIN__CODE_MAX);
	in->service = card_string(c, v[LK_SERVICE], "service", FIN__CODE_MAX);
	in->note = card_string(c, v[LK_NOTE], "note", 4 * FIN__NOTE_MAX);
	in->amount = card_amount(c, v[LK_AMOUNT], "amount", NULL);
	in->project = code;
	if ((int)c->rep->pub.error_total != before || c->failed)
		return;
	fin__entry e;
	if (fin__line_validate(p, NULL, in, &e) != 0) {
		const char *f = cus_error_last()->field;
		const cus__ynode *at = node;
		static const char *const names[] = { "year", "classification", "dzial", "rozdzial", "paragraf", "source",
			"service", "amount", "note" };
		for (int k = 0; f && k < LK_COUNT; k++)
			if (!strcmp(f, names[k]) && v[k])
				at = v[k];
		if (v[LK_CLASS] && f && (!strcmp(f, "dzial") || !strcmp(f, "rozdzial") || !strcmp(f, "paragraf")))
			at = v[LK_CLASS];
		cus__ypath sub = c->path;
		if (f && strcmp(f, "project"))
			cus__ypath_key(&sub, f);
		const char *msg = cus_error_last()->message;
		size_t fl = f ? strlen(f) : 0;
		if (fl && !strncmp(msg, f, fl) && msg[fl] == ':' && msg[fl + 1] == ' ')
			msg += fl + 2;
		c->bad = 1;
		if (fin__report_error(c->rep, at->line, sub.path, msg))
			c->failed = CUS_ENOMEM;
		return;
	}
	int listed = nsrc == 0;
	for (size_t k = 0; k < nsrc; k++)
		if (src[k].source && !strcmp(src[k].source, e.src->code))
			listed = 1;
	if (!listed)
		card_err(c, v[LK_SOURCE], "source", "%s is not one of the card's sources", e.src->code);
	fin__entry_free(&e);
}

/* Inside the operation: the project, its lines, the plan check. */
static int card_store(cus_session *s, const cus__policy *p, const fin__project_fields *f, card_line *lines,
	size_t nlines, fin__mismatches *mm, int strict, int64_t plan_line, fin__report *rep)
{
	int64_t pid = 0;
	int rc = fin__project_insert(s, f, &pid);
	for (size_t i = 0; !rc && i < nlines; i++) {
		fin__entry e;
		/* validated with the card's code (no lookup): stored under the new id */
		lines[i].in.project = f->code;
		rc = fin__line_validate(p, NULL, &lines[i].in, &e);
		if (rc)
			break;
		cus_free(e.project);
		e.project = NULL;
		e.project_id = pid;
		rc = fin__line_insert(s, &e, NULL);
		fin__entry_free(&e);
	}
	if (!rc && nlines) {
		size_t from = mm->n;
		rc = fin__plan_check(mm, s->db, pid, plan_line, strict);
		if (!rc && strict && mm->n > from) {
			for (size_t i = from; i < mm->n; i++)
				if (fin__report_error(rep, mm->items[i].line, "plan", mm->items[i].message))
					return cus__error(CUS_ENOMEM, "finance", NULL, "out of memory");
			rc = fin__mismatch_error(&mm->items[from]);
		}
	}
	return rc;
}

int cus_project_import_card(cus_finance_report **report, cus_session *s, const char *path, unsigned flags)
{
	if (report)
		*report = NULL;
	fin__report *rep = fin__report_new(flags);
	if (!rep)
		return cus__error(CUS_ENOMEM, "finance", NULL, "out of memory");
	int strict = (flags & CUS_FINANCE_STRICT) != 0;
	card_ctx c;
	memset(&c, 0, sizeof c);
	c.rep = rep;
	char *text = NULL;
	size_t len = 0;
	cus__ydoc *doc = NULL;
	const cus__policy *p = NULL;
	fin__project_fields f;
	memset(&f, 0, sizeof f);
	fin__mismatches mm = { 0 };
	card_line *lines = NULL;
	size_t nlines = 0;
	cus_project_source src[64];
	size_t nsrc = 0;
	int rc = 0;

	if (!s)
		rc = cus__error(CUS_EINVAL, "finance", "session", "no session");
	else if (!path || !*path)
		rc = cus__error(CUS_EINVAL, "finance", "path", "no file given");
	if (!rc)
		rc = fin__policy(s, &p);
	if (!rc)
		rc = card_permitted(s);
	if (!rc)
		rc = cus__read_file(path, CARD_MAX_BYTES, "path", &text, &len);
	if (rc)
		goto done;
	rep->pub.rows = 1;
	cus__ypath_init(&c.path, path);
	if (cus__ydoc_load(&doc, path, text, len) != 0) {
		card_last(&c, NULL, CUS__YAML_ROOT);
		goto checked;
	}
	const cus__ynode *root = cus__ydoc_root(doc);
	const cus__ynode *v[K_COUNT + 1] = { 0 };
	if (!root) {
		card_err(&c, NULL, NULL, "the file holds no project card");
		goto checked;
	}
	if (cus__ymap(&c.path, root, card_keys, v) != 0) {
		card_last(&c, root, CUS__YAML_ROOT);
		goto checked;
	}
	cus_project_input in = CUS_PROJECT_INPUT_INIT;
	in.code = card_string(&c, v[K_CODE], "code", FIN__CODE_MAX);
	in.name = card_string(&c, v[K_NAME], "name", 4 * FIN__NAME_MAX);
	in.programme = card_string(&c, v[K_PROGRAMME], "programme", 4 * FIN__NAME_MAX);
	in.measure = card_string(&c, v[K_MEASURE], "measure", 4 * FIN__NAME_MAX);
	in.period_from = card_scalar(&c, v[K_FROM], "period_from");
	in.period_to = card_scalar(&c, v[K_TO], "period_to");
	in.total_cost = card_amount(&c, v[K_TOTAL], "total_cost", NULL);
	in.co_financing = card_amount(&c, v[K_COF], "co_financing", NULL);
	in.own_contribution = card_amount(&c, v[K_OWN], "own_contribution", NULL);
	if (v[K_SOURCES]) {
		size_t at = cus__ypath_key(&c.path, "sources");
		if (v[K_SOURCES]->type != CUS__YMAP) {
			card_err(&c, v[K_SOURCES], NULL, "must be a mapping of funding source codes to amounts, not %s",
				cus__ytype_name(v[K_SOURCES]));
		} else {
			for (const cus__ynode *k = v[K_SOURCES]->first; k && nsrc < 64; k = k->next) {
				int given = 0;
				int64_t a = card_amount(&c, k->val, k->value, &given);
				if (!cus__policy_funding_find(p, k->value)) {
					card_err(&c, k, k->value, "the policy has no funding source '%.64s'", k->value);
					continue;
				}
				if (given) {
					src[nsrc].source = k->value;
					src[nsrc].amount = a;
					nsrc++;
				}
			}
		}
		cus__ypath_restore(&c.path, at);
	}
	in.sources = nsrc ? src : NULL;
	in.nsources = nsrc;
	if (v[K_PLAN]) {
		size_t at = cus__ypath_key(&c.path, "plan");
		if (cus__yseq(&c.path, v[K_PLAN], 0) != 0) {
			card_last(&c, v[K_PLAN], c.path.path);
		} else if (v[K_PLAN]->count > CARD_MAX_LINES) {
			card_err(&c, v[K_PLAN], NULL, "at most %d plan lines", CARD_MAX_LINES);
		} else if (v[K_PLAN]->count && !(lines = calloc(v[K_PLAN]->count, sizeof *lines))) {
			rc = cus__error(CUS_ENOMEM, "finance", NULL, "out of memory");
			goto done;
		} else {
			size_t i = 0;
			for (const cus__ynode *it = v[K_PLAN]->first; it; it = it->next, i++) {
				size_t at2 = cus__ypath_index(&c.path, i);
				card_plan_line(&c, p, it, in.code ? in.code : "", src, nsrc, &lines[nlines]);
				nlines++;
				cus__ypath_restore(&c.path, at2);
			}
		}
		cus__ypath_restore(&c.path, at);
	}
	if (c.failed)
		goto checked;
	if (!c.bad) {
		if (fin__project_validate(p, &in, &f) != 0) {
			const char *fld = cus_error_last()->field;
			const cus__ynode *atn = root;
			for (int k = 0; fld && k < K_COUNT; k++)
				if (!strcmp(fld, card_keys[k].name) && v[k])
					atn = v[k];
			card_last(&c, atn, fld);
			if (!c.bad) /* a validator's error has no line: card_last took the node's */
				c.bad = 1;
		}
	}
	if (!c.bad && !c.failed) {
		int64_t line = v[K_TOTAL] ? v[K_TOTAL]->line : root->line;
		size_t from = mm.n;
		if (fin__project_sums(&mm, f.code, f.total, f.cof, f.own, f.sources, f.nsources, line, strict) != 0)
			card_last(&c, v[K_TOTAL], "total_cost");
		for (size_t i = from; strict && i < mm.n; i++) {
			c.bad = 1;
			if (fin__report_error(rep, mm.items[i].line, mm.items[i].field, mm.items[i].message))
				c.failed = CUS_ENOMEM;
		}
	}
	if (!c.bad && !c.failed) {
		fin__project_ref r;
		int e = fin__project_find(s->db, f.code, "code", &r);
		fin__project_ref_free(&r);
		if (e == 0)
			card_err(&c, v[K_CODE], "code", "a project with this code already exists");
		else if (e != CUS_EINVAL)
			c.failed = e;
	}

checked:
	if (c.failed) {
		rc = c.failed;
		goto done;
	}
	if (c.bad || rep->pub.error_total) {
		const cus_import_error *e0 = rep->pub.error_count ? &rep->pub.errors[0] : NULL;
		rc = cus__error_at(CUS_EINVAL, "finance", e0 ? e0->field : NULL, e0 ? (int)e0->line : 0, 0,
			"%zu error%s in the card (the first at line %lld); nothing was imported", rep->pub.error_total,
			rep->pub.error_total == 1 ? "" : "s", e0 ? (long long)e0->line : 0LL);
		goto done;
	}
	{
		char detail[128];
		snprintf(detail, sizeof detail, "card: project %s, %zu plan lines", f.code, nlines);
		rc = cus__access_begin(s, "project.import", "project", NULL, "finance", CUS_OP_WRITE, detail);
		if (!rc) {
			int64_t pl = v[K_PLAN] ? v[K_PLAN]->line : 0;
			int w = card_store(s, p, &f, lines, nlines, &mm, strict, pl, rep);
			rc = cus__access_end(s, w);
		}
		if (!rc)
			rep->pub.imported = 1;
	}

done:
	if (rc && !rep->pub.error_total && rc == CUS_EINVAL) {
		const cus_error *e = cus_error_last();
		fin__report_error(rep, e->line, e->field, e->message);
	}
	if (fin__report_mismatches(rep, &mm) && !rc)
		rc = cus__error(CUS_ENOMEM, "finance", NULL, "out of memory");
	fin__mismatches_free(&mm);
	fin__project_fields_free(&f);
	free(lines);
	cus__ydoc_free(doc);
	free(text);
	if (report)
		*report = &rep->pub;
	else
		cus_finance_report_free(&rep->pub);
	return rc;
}
