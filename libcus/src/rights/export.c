/* Art. 15: the data subject's copy of everything held about them. Read in
 * one audited operation ("rights.export"), straight from the tables, with
 * the sealed columns opened under the person's key. Staff are never named:
 * no column holding a login (created_by, decided_by, coordinator, ...) is
 * read, and the consultations from the audit log carry no user or role. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define N(a) (sizeof a / sizeof a[0])

/* A column of a section: from statement column i (in order). */
enum { T, I, S };  /* text, integer, sealed */
typedef struct {
	const char *key, *head;
	int kind;
	const char *category;   /* sealed: its category, or NULL: the value of statement column catcol */
	const char *table, *column;
	int idcol;              /* sealed: the statement column of the row id */
	int vercol;             /* sealed: of the row version, -1: version 1 */
	int catcol;
} colspec;

typedef struct {
	cus_db *db;
	cus__pkey k;
	int64_t person;
	cus__rdoc doc;
	int touched[CUS_CATEGORY_COUNT];
} ectx;

/* Run sql (parameter 1 = the person) and add each row to a new section. */
static int section(ectx *c, const char *key, const char *title, const colspec *cols, size_t ncols,
	const char *sql, int single)
{
	const char *kbuf[32], *hbuf[32];
	for (size_t i = 0; i < ncols && i < 32; i++) {
		kbuf[i] = cols[i].key;
		hbuf[i] = cols[i].head;
	}
	cus__rsheet *sh = cus__rdoc_sheet(&c->doc, key, title, kbuf, hbuf, ncols, single);
	if (!sh)
		return CUS_ENOMEM;
	sqlite3 *q = cus__db_sql(c->db);
	sqlite3_stmt *st = NULL;
	int r = sqlite3_prepare_v2(q, sql, -1, &st, NULL);
	if (r != SQLITE_OK) {
		sqlite3_finalize(st);
		return cus__sql_error(q, r, "reading a person's data");
	}
	sqlite3_bind_int64(st, 1, c->person);
	int rc = 0;
	while (!rc && (r = sqlite3_step(st)) == SQLITE_ROW) {
		rc = cus__rsheet_row(sh);
		for (size_t i = 0; !rc && i < ncols; i++) {
			const colspec *cs = &cols[i];
			int ci = (int)i;
			if (cs->kind == I) {
				if (sqlite3_column_type(st, ci) != SQLITE_NULL)
					cus__rsheet_num(sh, i, sqlite3_column_int64(st, ci));
			} else if (cs->kind == T) {
				rc = cus__rsheet_text(sh, i, (const char *)sqlite3_column_text(st, ci));
			} else if (sqlite3_column_type(st, ci) != SQLITE_NULL) {
				const char *cat = cs->category ? cs->category : (const char *)sqlite3_column_text(st, cs->catcol);
				char *v = NULL;
				rc = cus__field_open(&v, c->db, &c->k, cat, cs->table, cs->column,
					sqlite3_column_int64(st, cs->idcol),
					cs->vercol < 0 ? 1 : sqlite3_column_int64(st, cs->vercol), sqlite3_column_blob(st, ci),
					(size_t)sqlite3_column_bytes(st, ci));
				if (!rc)
					cus__rsheet_take(sh, i, v);
				int idx = cus__category_index(cat);
				if (!rc && idx >= 0)
					c->touched[idx] = 1;
			}
		}
	}
	if (!rc && r != SQLITE_DONE)
		rc = cus__sql_error(q, r, "reading a person's data");
	sqlite3_finalize(st);
	return rc;
}

static int person_section(ectx *c)
{
	static const colspec cols[] = {
		{ "id", "Identyfikator", I, 0, 0, 0, 0, 0, 0 },
		{ "pesel", "PESEL", S, "basic", "persons", "pesel", 0, 1, 0 },
		{ "first_names", "Imiona", S, "basic", "persons", "first_names", 0, 1, 0 },
		{ "last_name", "Nazwisko", S, "basic", "persons", "last_name", 0, 1, 0 },
		{ "birth_date", "Data urodzenia", T, 0, 0, 0, 0, 0, 0 },
		{ "sex", "Płeć", T, 0, 0, 0, 0, 0, 0 },
		{ "address", "Adres", S, "contact", "persons", "address", 0, 1, 0 },
		{ "phone", "Telefon", S, "contact", "persons", "phone", 0, 1, 0 },
		{ "email", "E-mail", S, "contact", "persons", "email", 0, 1, 0 },
		{ "financial", "Sytuacja materialna", S, "financial", "persons", "financial", 0, 1, 0 },
		{ "teryt", "Gmina zamieszkania (TERYT)", T, 0, 0, 0, 0, 0, 0 },
		{ "registered", "Data rejestracji", T, 0, 0, 0, 0, 0, 0 },
		{ "created", "Utworzono", T, 0, 0, 0, 0, 0, 0 },
		{ "changed", "Ostatnia zmiana", T, 0, 0, 0, 0, 0, 0 },
	};
	/* version is column 14, after the listed ones (the sealed fields' AD) */
	colspec v[N(cols)];
	memcpy(v, cols, sizeof cols);
	for (size_t i = 0; i < N(v); i++)
		if (v[i].kind == S)
			v[i].vercol = (int)N(cols);
	c->touched[0] = 1;
	return section(c, "person", "Dane osobowe", v, N(v),
		"SELECT id, pesel, first_names, last_name, birth_date, sex, address, phone, email, financial, teryt,"
		" registered, created, changed, version FROM persons WHERE id = ?1", 1);
}

static int records_section(ectx *c)
{
	static const colspec cols[] = {
		{ "id", "Nr wpisu", I, 0, 0, 0, 0, 0, 0 },
		{ "category", "Kategoria", T, 0, 0, 0, 0, 0, 0 },
		{ "kind", "Rodzaj", S, NULL, "records", "kind", 0, 11, 1 },
		{ "text", "Treść", S, NULL, "records", "text", 0, 11, 1 },
		{ "degree", "Stopień", S, NULL, "records", "degree", 0, 11, 1 },
		{ "valid_until", "Ważne do", T, 0, 0, 0, 0, 0, 0 },
		{ "indications", "Wskazania", S, NULL, "records", "indications", 0, 11, 1 },
		{ "source_document", "Dokument źródłowy", S, NULL, "records", "source_document", 0, 11, 1 },
		{ "date", "Data dokumentu", T, 0, 0, 0, 0, 0, 0 },
		{ "legal_basis", "Podstawa prawna zebrania", T, 0, 0, 0, 0, 0, 0 },
		{ "created", "Wpisano", T, 0, 0, 0, 0, 0, 0 },
	};
	return section(c, "records", "Dane szczególne", cols, N(cols),
		"SELECT id, category, kind, text, degree, valid_until, indications, source_document, date, legal_basis,"
		" created, version FROM records WHERE person_id = ?1 ORDER BY id", 0);
}

static int household_section(ectx *c)
{
	static const colspec cols[] = {
		{ "member", "Członek gospodarstwa (identyfikator)", T, 0, 0, 0, 0, 0, 0 },
		{ "relation", "Pokrewieństwo", T, 0, 0, 0, 0, 0, 0 },
		{ "joined", "W gospodarstwie od", T, 0, 0, 0, 0, 0, 0 },
	};
	int rc = section(c, "household", "Gospodarstwo domowe", cols, N(cols),
		"SELECT 'p-' || m.person_id, coalesce((SELECT relation FROM relations r WHERE r.person_id = ?1"
		"   AND r.member_id = m.person_id), 'member'), m.joined"
		" FROM household_members m WHERE m.household_id = (SELECT household_id FROM household_members"
		"   WHERE person_id = ?1) AND m.person_id <> ?1 ORDER BY m.person_id", 0);
	if (!rc && c->doc.sheets[c->doc.n - 1].nrows)
		c->touched[6] = 1;
	return rc;
}

static int cases_sections(ectx *c)
{
	static const colspec apps[] = {
		{ "id", "Nr wniosku", I, 0, 0, 0, 0, 0, 0 },
		{ "service", "Usługa", T, 0, 0, 0, 0, 0, 0 },
		{ "date", "Data wniosku", T, 0, 0, 0, 0, 0, 0 },
		{ "applicant", "Wnioskodawca", T, 0, 0, 0, 0, 0, 0 },
		{ "representative", "Przedstawiciel (identyfikator)", T, 0, 0, 0, 0, 0, 0 },
		{ "declaration_date", "Data oświadczenia", T, 0, 0, 0, 0, 0, 0 },
		{ "duration_months", "Okres (miesiące)", I, 0, 0, 0, 0, 0, 0 },
		{ "status", "Stan", T, 0, 0, 0, 0, 0, 0 },
		{ "withdrawn_date", "Data wycofania", T, 0, 0, 0, 0, 0, 0 },
		{ "created", "Wpisano", T, 0, 0, 0, 0, 0, 0 },
	};
	int rc = section(c, "applications", "Wnioski", apps, N(apps),
		"SELECT id, service, date, applicant, CASE WHEN representative_id IS NULL THEN NULL ELSE 'p-' ||"
		" representative_id END, declaration_date, duration_months, status, withdrawn_date, created"
		" FROM applications WHERE person_id = ?1 ORDER BY id", 0);
	static const colspec dec[] = {
		{ "application", "Nr wniosku", I, 0, 0, 0, 0, 0, 0 },
		{ "service", "Usługa", T, 0, 0, 0, 0, 0, 0 },
		{ "decision", "Rozstrzygnięcie", T, 0, 0, 0, 0, 0, 0 },
		{ "decision_date", "Data decyzji", T, 0, 0, 0, 0, 0, 0 },
		{ "reasons", "Uzasadnienie", S, "basic", "applications", "reasons", 0, -1, 0 },
		{ "policy_version", "Wersja zasad", I, 0, 0, 0, 0, 0, 0 },
	};
	if (!rc)
		rc = section(c, "decisions", "Decyzje", dec, N(dec),
			"SELECT id, service, status, decision_date, reasons, decision_policy FROM applications"
			" WHERE person_id = ?1 AND decision_date IS NOT NULL ORDER BY id", 0);
	static const colspec q[] = {
		{ "id", "Nr", I, 0, 0, 0, 0, 0, 0 },
		{ "application", "Nr wniosku", I, 0, 0, 0, 0, 0, 0 },
		{ "run", "Ocena nr", I, 0, 0, 0, 0, 0, 0 },
		{ "result", "Wynik", T, 0, 0, 0, 0, 0, 0 },
		{ "as_of", "Stan na dzień", T, 0, 0, 0, 0, 0, 0 },
		{ "conditions", "Warunki", T, 0, 0, 0, 0, 0, 0 },
		{ "explanations", "Wyjaśnienia", S, "basic", "qualifications", "explanations", 0, -1, 0 },
	};
	if (!rc)
		rc = section(c, "qualifications", "Kwalifikacja", q, N(q),
			"SELECT q.id, q.application_id, q.run, q.result, q.as_of, q.conditions, q.explanations"
			" FROM qualifications q JOIN applications a ON a.id = q.application_id WHERE a.person_id = ?1"
			" ORDER BY q.id", 0);
	static const colspec conf[] = {
		{ "application", "Nr wniosku", I, 0, 0, 0, 0, 0, 0 },
		{ "condition", "Warunek", T, 0, 0, 0, 0, 0, 0 },
		{ "met", "Spełniony (1/0)", I, 0, 0, 0, 0, 0, 0 },
		{ "note", "Uwagi", S, "basic", "confirmations", "note", 0, -1, 0 },
		{ "confirmed_at", "Data potwierdzenia", T, 0, 0, 0, 0, 0, 0 },
	};
	if (!rc)
		rc = section(c, "confirmations", "Potwierdzenia warunków", conf, N(conf),
			"SELECT f.application_id, f.condition, f.met, f.note, f.confirmed_at FROM confirmations f"
			" JOIN applications a ON a.id = f.application_id WHERE a.person_id = ?1"
			" ORDER BY f.application_id, f.condition", 0);
	static const colspec plans[] = {
		{ "id", "Nr IPUS", I, 0, 0, 0, 0, 0, 0 },
		{ "start", "Od", T, 0, 0, 0, 0, 0, 0 },
		{ "end", "Do", T, 0, 0, 0, 0, 0, 0 },
		{ "status", "Stan", T, 0, 0, 0, 0, 0, 0 },
		{ "closed", "Zamknięto", T, 0, 0, 0, 0, 0, 0 },
		{ "goals", "Cele", S, "basic", "plans", "goals", 0, -1, 0 },
		{ "services", "Usługi", T, 0, 0, 0, 0, 0, 0 },
	};
	if (!rc)
		rc = section(c, "plans", "IPUS", plans, N(plans),
			"SELECT id, start, end, status, closed, goals, (SELECT group_concat(service, ', ') FROM"
			" (SELECT service FROM plan_services s WHERE s.plan_id = p.id ORDER BY position))"
			" FROM plans p WHERE person_id = ?1 ORDER BY id", 0);
	static const colspec rev[] = {
		{ "id", "Nr", I, 0, 0, 0, 0, 0, 0 },
		{ "plan", "Nr IPUS", I, 0, 0, 0, 0, 0, 0 },
		{ "kind", "Rodzaj", T, 0, 0, 0, 0, 0, 0 },
		{ "number", "Kolejny", I, 0, 0, 0, 0, 0, 0 },
		{ "due", "Termin", T, 0, 0, 0, 0, 0, 0 },
		{ "done", "Wykonano", T, 0, 0, 0, 0, 0, 0 },
		{ "note", "Uwagi", S, "basic", "plan_reviews", "note", 0, -1, 0 },
	};
	if (!rc)
		rc = section(c, "plan_reviews", "Przeglądy IPUS", rev, N(rev),
			"SELECT r.id, r.plan_id, r.kind, r.number, r.due, r.done, r.note FROM plan_reviews r"
			" JOIN plans p ON p.id = r.plan_id WHERE p.person_id = ?1 ORDER BY r.id", 0);
	static const colspec del[] = {
		{ "id", "Nr", I, 0, 0, 0, 0, 0, 0 },
		{ "application", "Nr wniosku", I, 0, 0, 0, 0, 0, 0 },
		{ "service", "Usługa", T, 0, 0, 0, 0, 0, 0 },
		{ "date", "Data", T, 0, 0, 0, 0, 0, 0 },
		{ "units", "Jednostki (setne)", I, 0, 0, 0, 0, 0, 0 },
		{ "cost", "Koszt (gr)", I, 0, 0, 0, 0, 0, 0 },
		{ "provider", "Wykonawca usługi", T, 0, 0, 0, 0, 0, 0 },
		{ "funding", "Źródło finansowania", T, 0, 0, 0, 0, 0, 0 },
	};
	if (!rc)
		rc = section(c, "deliveries", "Usługi zrealizowane", del, N(del),
			"SELECT id, application_id, service, date, units, cost, provider, funding FROM deliveries"
			" WHERE person_id = ?1 ORDER BY date, id", 0);
	static const colspec emp[] = {
		{ "id", "Nr", I, 0, 0, 0, 0, 0, 0 },
		{ "status", "Status", T, 0, 0, 0, 0, 0, 0 },
		{ "since", "Od", T, 0, 0, 0, 0, 0, 0 },
		{ "source", "Źródło informacji", S, "financial", "employment", "source", 0, -1, 0 },
		{ "created", "Wpisano", T, 0, 0, 0, 0, 0, 0 },
	};
	if (!rc)
		rc = section(c, "employment", "Status zatrudnienia", emp, N(emp),
			"SELECT id, status, since, source, created FROM employment WHERE person_id = ?1 ORDER BY since, id", 0);
	return rc;
}

static int rights_sections(ectx *c)
{
	static const colspec hist[] = {
		{ "field", "Pole", T, 0, 0, 0, 0, 0, 0 },
		{ "category", "Kategoria", T, 0, 0, 0, 0, 0, 0 },
		{ "old_value", "Poprzednia wartość", S, NULL, "person_history", "old_value", 4, -1, 1 },
		{ "changed", "Data zmiany", T, 0, 0, 0, 0, 0, 0 },
		{ "id", "Nr", I, 0, 0, 0, 0, 0, 0 },
		{ "reason", "Powód (sprostowanie, art. 16)", S, "basic", "person_history", "reason", 4, -1, 0 },
	};
	int rc = section(c, "history", "Historia zmian (art. 16)", hist, N(hist),
		"SELECT field, category, old_value, changed, id, reason FROM person_history WHERE person_id = ?1"
		" ORDER BY id", 0);
	static const colspec res[] = {
		{ "id", "Nr", I, 0, 0, 0, 0, 0, 0 },
		{ "since", "Od", T, 0, 0, 0, 0, 0, 0 },
		{ "reason", "Podstawa", S, "basic", "restrictions", "reason", 0, -1, 0 },
		{ "lifted", "Zniesiono", T, 0, 0, 0, 0, 0, 0 },
		{ "lift_reason", "Powód zniesienia", S, "basic", "restrictions", "lift_reason", 0, -1, 0 },
	};
	if (!rc)
		rc = section(c, "restrictions", "Ograniczenia (art. 18)", res, N(res),
			"SELECT id, since, reason, lifted, lift_reason FROM restrictions WHERE person_id = ?1 ORDER BY id", 0);
	return rc;
}

/* The consultations of the person's data: dates and purposes, no staff. */
static int consultations_section(ectx *c, const cus__policy *p)
{
	static const colspec cols[] = {
		{ "time", "Data i godzina (UTC)", T, 0, 0, 0, 0, 0, 0 },
		{ "operation", "Czynność", T, 0, 0, 0, 0, 0, 0 },
		{ "purpose", "Cel", T, 0, 0, 0, 0, 0, 0 },
		{ "legal_basis", "Podstawa prawna", T, 0, 0, 0, 0, 0, 0 },
		{ "categories", "Kategorie danych", T, 0, 0, 0, 0, 0, 0 },
		{ "outcome", "Wynik", T, 0, 0, 0, 0, 0, 0 },
	};
	(void)p;
	char subj[32];
	cus__person_subject(subj, c->person);
	/* bound as text below: parameter 1 is the subject here */
	sqlite3 *q = cus__db_sql(c->db);
	const char *k[N(cols)], *h[N(cols)];
	for (size_t i = 0; i < N(cols); i++)
		k[i] = cols[i].key, h[i] = cols[i].head;
	cus__rsheet *sh = cus__rdoc_sheet(&c->doc, "consultations", "Odczyty i udostępnienia", k, h, N(cols), 0);
	if (!sh)
		return CUS_ENOMEM;
	sqlite3_stmt *st = NULL;
	int r = sqlite3_prepare_v2(q, "SELECT time, action, purpose, legal_basis, categories, outcome FROM audit_log"
		" WHERE subject = ?1 ORDER BY seq", -1, &st, NULL);
	if (r != SQLITE_OK) {
		sqlite3_finalize(st);
		return cus__sql_error(q, r, "reading the audit log");
	}
	sqlite3_bind_text(st, 1, subj, -1, SQLITE_STATIC);
	int rc = 0;
	while (!rc && (r = sqlite3_step(st)) == SQLITE_ROW) {
		rc = cus__rsheet_row(sh);
		for (int i = 0; !rc && i < (int)N(cols); i++)
			rc = cus__rsheet_text(sh, (size_t)i, (const char *)sqlite3_column_text(st, i));
	}
	if (!rc && r != SQLITE_DONE)
		rc = cus__sql_error(q, r, "reading the audit log");
	sqlite3_finalize(st);
	return rc;
}

static int purposes_section(ectx *c, const cus__policy *p, const cus_purpose *pur, int npur, int *used)
{
	static const char *const k[] = { "purpose", "name", "legal_basis" };
	static const char *const h[] = { "Cel (kod)", "Cel przetwarzania", "Podstawa prawna" };
	(void)p;
	cus__rsheet *sh = cus__rdoc_sheet(&c->doc, "purposes", "Cele i podstawy prawne", k, h, 3, 0);
	if (!sh)
		return CUS_ENOMEM;
	char subj[32];
	cus__person_subject(subj, c->person);
	sqlite3 *q = cus__db_sql(c->db);
	sqlite3_stmt *st = NULL;
	int r = sqlite3_prepare_v2(q, "SELECT 1 FROM audit_log WHERE subject = ?1 AND purpose = ?2 AND outcome = 'ok'"
		" LIMIT 1", -1, &st, NULL);
	if (r != SQLITE_OK) {
		sqlite3_finalize(st);
		return cus__sql_error(q, r, "reading the audit log");
	}
	int rc = 0;
	for (int i = 0; !rc && i < npur; i++) {
		sqlite3_reset(st);
		sqlite3_bind_text(st, 1, subj, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, pur[i].code, -1, SQLITE_STATIC);
		r = sqlite3_step(st);
		if (r != SQLITE_ROW)
			continue;
		used[i] = 1;
		if (!(rc = cus__rsheet_row(sh)) && !(rc = cus__rsheet_text(sh, 0, pur[i].code)) &&
			!(rc = cus__rsheet_text(sh, 1, pur[i].name)))
			rc = cus__rsheet_text(sh, 2, pur[i].legal_basis);
	}
	sqlite3_finalize(st);
	return rc;
}

static int categories_section(ectx *c)
{
	static const char *const k[] = { "category", "description" };
	static const char *const h[] = { "Kategoria (kod)", "Kategoria danych" };
	cus__rsheet *sh = cus__rdoc_sheet(&c->doc, "categories", "Kategorie danych", k, h, 2, 0);
	if (!sh)
		return CUS_ENOMEM;
	int rc = 0;
	for (int i = 0; !rc && i < 8; i++) {
		if (!c->touched[i])
			continue;
		const char *code = cus_category_name(i);
		if (!(rc = cus__rsheet_row(sh)) && !(rc = cus__rsheet_text(sh, 0, code)))
			rc = cus__rsheet_text(sh, 1, cus__category_pl(code));
	}
	return rc;
}

static int recipients_section(ectx *c, const cus__policy *p, const cus_purpose *pur, int npur, const int *used)
{
	static const char *const k[] = { "recipient", "name", "description", "legal_basis", "purposes" };
	static const char *const h[] = { "Odbiorca (kod)", "Odbiorca", "Zakres", "Podstawa prawna", "Cele" };
	cus__rsheet *sh = cus__rdoc_sheet(&c->doc, "recipients", "Odbiorcy danych", k, h, 5, 0);
	if (!sh)
		return CUS_ENOMEM;
	int rc = 0;
	size_t n = cus__policy_recipient_count(p);
	for (size_t i = 0; !rc && i < n; i++) {
		const cus__recipient *r = cus__policy_recipient(p, i);
		int relevant = r->npurposes == 0;
		char list[1024] = "";
		for (size_t j = 0; j < r->npurposes; j++) {
			for (int u = 0; u < npur; u++)
				if (used[u] && strcmp(pur[u].code, r->purposes[j]) == 0)
					relevant = 1;
			if (strlen(list) + strlen(r->purposes[j]) + 3 < sizeof list) {
				if (j)
					strcat(list, ", ");
				strcat(list, r->purposes[j]);
			}
		}
		if (!relevant)
			continue;
		if (!(rc = cus__rsheet_row(sh)) && !(rc = cus__rsheet_text(sh, 0, r->code)) &&
			!(rc = cus__rsheet_text(sh, 1, r->name)) && !(rc = cus__rsheet_text(sh, 2, r->description)) &&
			!(rc = cus__rsheet_text(sh, 3, r->legal_basis)))
			rc = cus__rsheet_text(sh, 4, r->npurposes ? list : "wszystkie");
	}
	if (!rc && n == 0) /* no section: say who may receive them by law, per purpose */
		for (int u = 0; !rc && u < npur; u++) {
			if (!used[u])
				continue;
			if (!(rc = cus__rsheet_row(sh)) && !(rc = cus__rsheet_text(sh, 0, pur[u].code)) &&
				!(rc = cus__rsheet_text(sh, 1, "podmioty uprawnione na podstawie przepisów prawa")) &&
				!(rc = cus__rsheet_text(sh, 2, pur[u].name)))
				rc = cus__rsheet_text(sh, 3, pur[u].legal_basis);
		}
	return rc;
}

static int retention_section(ectx *c, const cus__policy *p)
{
	static const char *const k[] = { "scope", "keep_until", "basis" };
	static const char *const h[] = { "Zakres", "Przechowywane do", "Podstawa" };
	cus__rsheet *sh = cus__rdoc_sheet(&c->doc, "retention", "Okres przechowywania", k, h, 3, 0);
	if (!sh)
		return CUS_ENOMEM;
	char end[11] = "";
	int rc = 0;
	const char *basis = "jednolity rzeczowy wykaz akt (JRWA) i zasady przechowywania centrum";
	rc = cus__retention_person_end(c->db, p, c->person, end);
	if (!rc && !end[0])
		basis = "okres nie został określony w zasadach (brak reguł retention albo sprawa w toku)";
	if (!rc && !(rc = cus__rsheet_row(sh)) && !(rc = cus__rsheet_text(sh, 0, "wszystkie dane osoby")) &&
		!(rc = cus__rsheet_text(sh, 1, end[0] ? end : NULL)))
		rc = cus__rsheet_text(sh, 2, basis);
	return rc;
}

static int sources_section(ectx *c)
{
	static const colspec cols[] = {
		{ "source", "Źródło", T, 0, 0, 0, 0, 0, 0 },
		{ "data", "Dane", T, 0, 0, 0, 0, 0, 0 },
		{ "date", "Data", T, 0, 0, 0, 0, 0, 0 },
		{ "document", "Dokument", S, NULL, "records", "source_document", 4, 5, 6 },
		{ "id", "Nr", I, 0, 0, 0, 0, 0, 0 },
	};
	return section(c, "sources", "Źródła danych", cols, N(cols),
		"SELECT 'osoba, której dane dotyczą, lub jej przedstawiciel (zgłoszenie)', 'dane identyfikacyjne"
		" i kontaktowe', registered, NULL, id, version, 'basic' FROM persons WHERE id = ?1"
		" UNION ALL SELECT 'wniosek i oświadczenie osoby', 'wniosek o usługę ' || service, date, NULL, id, 1,"
		" 'basic' FROM applications WHERE person_id = ?1"
		" UNION ALL SELECT 'dokument', 'wpis kategorii ' || category, date, source_document, id, version, category"
		" FROM records WHERE person_id = ?1", 0);
}

static int export_work(cus_session *s, int64_t person, const char *path, int format)
{
	ectx c;
	memset(&c, 0, sizeof c);
	c.db = s->db;
	c.person = person;
	c.doc.title = "Kopia danych osobowych (art. 15 RODO)";
	int rc = cus__person_exists(s->db, person);
	if (!rc)
		rc = cus__pkey_load(s->db, person, &c.k);
	if (rc == CUS_ESHREDDED)
		rc = cus__error(CUS_ESHREDDED, "rights", NULL, "person p-%lld was erased: their data key is destroyed",
			(long long)person);
	const cus__policy *p = NULL;
	if (!rc)
		rc = cus__policy_active(s->db, &p);
	const cus_purpose *pur = NULL;
	int npur = rc ? 0 : cus_policy_purposes(&pur, s->db);
	if (npur < 0)
		rc = npur;
	int used[64] = { 0 };
	if (npur > 64)
		npur = 64;
	if (!rc)
		rc = person_section(&c);
	if (!rc)
		rc = records_section(&c);
	if (!rc)
		rc = household_section(&c);
	if (!rc)
		rc = cases_sections(&c);
	if (!rc)
		rc = rights_sections(&c);
	if (!rc)
		rc = purposes_section(&c, p, pur, npur, used);
	if (!rc) {
		/* contact and financial data held */
		sqlite3_stmt *st = NULL;
		if (sqlite3_prepare_v2(cus__db_sql(s->db), "SELECT address IS NOT NULL OR phone IS NOT NULL OR email IS"
			" NOT NULL, financial IS NOT NULL OR EXISTS (SELECT 1 FROM employment WHERE person_id = ?1)"
			" FROM persons WHERE id = ?1", -1, &st, NULL) == SQLITE_OK) {
			sqlite3_bind_int64(st, 1, person);
			if (sqlite3_step(st) == SQLITE_ROW) {
				c.touched[1] = sqlite3_column_int(st, 0);
				c.touched[2] = sqlite3_column_int(st, 1);
			}
		}
		sqlite3_finalize(st);
		rc = categories_section(&c);
	}
	if (!rc)
		rc = recipients_section(&c, p, pur, npur, used);
	if (!rc)
		rc = retention_section(&c, p);
	if (!rc)
		rc = sources_section(&c);
	if (!rc)
		rc = consultations_section(&c, p);
	if (!rc)
		rc = cus__rdoc_write(&c.doc, path, format);
	cus__rdoc_free(&c.doc);
	cus__pkey_wipe(&c.k);
	return rc;
}

static const char all_personal[] = "basic,contact,financial,health,disability,location,family,judgment";

static int export_person(cus_session *s, int64_t person, const char *path, int format)
{
	int fmt = cus__rdoc_format(path, format);
	if (fmt < 0)
		return fmt;
	char subj[32];
	cus__person_subject(subj, person);
	int rc = cus__access_begin(s, "rights.export", "person", subj, all_personal, CUS_OP_READ | CUS_OP_EXPORT,
		fmt == CUS_FORMAT_XLSX ? "art. 15 copy, xlsx" : "art. 15 copy, json");
	if (rc)
		return rc;
	return cus__access_end(s, export_work(s, person, path, fmt));
}

int cus_rights_export(cus_session *s, int64_t person, const char *path, int format)
{
	if (!s)
		return cus__error(CUS_EINVAL, "rights", NULL, "no session");
	if (person <= 0)
		return cus__error(CUS_EINVAL, "rights", "id", "a person id is a whole number above 0");
	return export_person(s, person, path, format);
}

int cus_rights_export_pesel(cus_session *s, const char *pesel, const char *path, int format)
{
	if (!s)
		return cus__error(CUS_EINVAL, "rights", NULL, "no session");
	if (!pesel || cus_pesel_check(pesel, NULL) != 0)
		return cus__error(CUS_EINVAL, "rights", "pesel", "not a valid PESEL");
	int fmt = cus__rdoc_format(path, format);
	if (fmt < 0)
		return fmt;
	int64_t id = 0;
	int rc = 0;
	/* Find whom the request concerns first, so that the entry names them
	 * (a session that may not read learns nothing: the export is refused). */
	if (cus_session_allows(s, "basic", CUS_OP_READ | CUS_OP_EXPORT) == 1)
		rc = cus__pesel_find(s->db, pesel, 0, &id);
	if (rc)
		return rc;
	if (!id) {
		int b = cus__access_begin(s, "rights.export", "person", NULL, all_personal, CUS_OP_READ | CUS_OP_EXPORT,
			"art. 15 copy, by pesel");
		if (b)
			return b;
		return cus__access_end(s, cus__error(CUS_ENOTFOUND, "rights", "pesel", "no person with that PESEL"));
	}
	return export_person(s, id, path, fmt);
}
