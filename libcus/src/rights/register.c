/* Art. 30(1): the register of processing activities, generated from the
 * active policy set. No personal data. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static int add_row(cus__rsheet *sh, const char *const *v, size_t n)
{
	int rc = cus__rsheet_row(sh);
	for (size_t i = 0; !rc && i < n; i++)
		rc = cus__rsheet_text(sh, i, v[i]);
	return rc;
}

/* "a, b, c" of the categories some role may process for a purpose. */
static void purpose_categories(const cus__policy *p, const cus_role *roles, int nroles, const char *purpose,
	char *out, size_t size, int *special)
{
	out[0] = '\0';
	*special = 0;
	for (int c = 0; c < 8; c++) {
		int any = 0;
		for (int r = 0; r < nroles && !any; r++)
			any = cus__policy_role_allows(p, roles[r].code, c, CUS_OP_READ, purpose) ||
			      cus__policy_role_allows(p, roles[r].code, c, CUS_OP_WRITE, purpose);
		if (!any)
			continue;
		if (c >= 3)
			*special = 1;
		const char *pl = cus__category_pl(cus_category_name(c));
		if (strlen(out) + strlen(pl) + 3 < size) {
			if (out[0])
				strcat(out, "; ");
			strcat(out, pl);
		}
	}
}

static int register_work(cus_db *db, const char *path, int format)
{
	const cus__policy *p = NULL;
	int rc = cus__policy_active(db, &p);
	if (rc)
		return rc;
	cus_policy_info *info = NULL;
	rc = cus_policy_info_get(&info, db, 0);
	if (rc)
		return rc;
	const cus_purpose *pur = NULL;
	const cus_role *roles = NULL;
	int npur = cus_policy_purposes(&pur, db), nroles = cus_policy_roles(&roles, db);
	if (npur < 0 || nroles < 0) {
		cus_policy_info_free(info);
		return npur < 0 ? npur : nroles;
	}
	cus__rdoc d;
	memset(&d, 0, sizeof d);
	d.title = "Rejestr czynności przetwarzania (art. 30 ust. 1 RODO)";

	static const char *const ck[] = { "name", "municipality", "teryt", "policy", "policy_version", "policy_hash",
		"valid_from", "valid_to", "dpo" };
	static const char *const ch[] = { "Administrator", "Gmina", "TERYT", "Zasady przetwarzania", "Wersja zasad",
		"Skrót zasad (BLAKE2b-256)", "Obowiązują od", "Obowiązują do", "Inspektor ochrony danych" };
	cus__rsheet *sh = cus__rdoc_sheet(&d, "controller", "Administrator", ck, ch, 9, 1);
	char admin[400], ver[24];
	snprintf(admin, sizeof admin, "Centrum Usług Społecznych w %s", info->municipality ? info->municipality : "");
	snprintf(ver, sizeof ver, "%lld", (long long)info->version);
	const char *cv[] = { admin, info->municipality, info->teryt, info->name, ver, info->hash, info->valid_from,
		info->valid_to, "wyznaczony przez administratora (rola iod w zasadach)" };
	rc = sh ? add_row(sh, cv, 9) : CUS_ENOMEM;

	static const char *const ak[] = { "purpose", "name", "legal_basis", "data_categories", "data_subjects",
		"recipients", "retention", "transfers", "roles" };
	static const char *const ah[] = { "Cel (kod)", "Nazwa czynności / cel przetwarzania", "Podstawa prawna",
		"Kategorie danych osobowych", "Kategorie osób", "Kategorie odbiorców", "Planowany termin usunięcia",
		"Przekazanie do państwa trzeciego", "Role uprawnione" };
	sh = rc ? NULL : cus__rdoc_sheet(&d, "activities", "Czynności przetwarzania", ak, ah, 9, 0);
	if (!rc && !sh)
		rc = CUS_ENOMEM;
	const char *retention = cus__policy_section_data(p, "retention")
		? "zgodnie z kategorią archiwalną JRWA (sekcja retention zasad)"
		: "zgodnie z jednolitym rzeczowym wykazem akt (JRWA)";
	for (int i = 0; !rc && i < npur; i++) {
		char cats[1500], recips[1500] = "", rl[600] = "";
		int special = 0;
		purpose_categories(p, roles, nroles, pur[i].code, cats, sizeof cats, &special);
		size_t nrec = cus__policy_recipient_count(p);
		for (size_t j = 0; j < nrec; j++) {
			const cus__recipient *r = cus__policy_recipient(p, j);
			int hit = r->npurposes == 0;
			for (size_t k = 0; !hit && k < r->npurposes; k++)
				hit = strcmp(r->purposes[k], pur[i].code) == 0;
			if (hit && strlen(recips) + strlen(r->name) + 3 < sizeof recips) {
				if (recips[0])
					strcat(recips, "; ");
				strcat(recips, r->name);
			}
		}
		for (int r = 0; r < nroles; r++)
			if (cus__policy_role_has_purpose(p, roles[r].code, pur[i].code) &&
				strlen(rl) + strlen(roles[r].name) + 3 < sizeof rl) {
				if (rl[0])
					strcat(rl, "; ");
				strcat(rl, roles[r].name);
			}
		const char *subjects = cats[0]
			? "wnioskodawcy, osoby korzystające z usług społecznych i członkowie ich rodzin"
			: "nie dotyczy (bez danych osób korzystających z usług)";
		const char *v[] = { pur[i].code, pur[i].name, pur[i].legal_basis, cats[0] ? cats : "brak danych osób",
			subjects, recips[0] ? recips : "podmioty uprawnione na podstawie przepisów prawa",
			retention, "nie przekazuje się", rl };
		rc = add_row(sh, v, 9);
	}

	static const char *const rk[] = { "code", "name", "description", "legal_basis", "purposes" };
	static const char *const rh[] = { "Odbiorca (kod)", "Odbiorca", "Zakres", "Podstawa prawna", "Cele" };
	sh = rc ? NULL : cus__rdoc_sheet(&d, "recipients", "Odbiorcy", rk, rh, 5, 0);
	if (!rc && !sh)
		rc = CUS_ENOMEM;
	for (size_t j = 0; !rc && j < cus__policy_recipient_count(p); j++) {
		const cus__recipient *r = cus__policy_recipient(p, j);
		char list[1000] = "";
		for (size_t k = 0; k < r->npurposes; k++)
			if (strlen(list) + strlen(r->purposes[k]) + 3 < sizeof list) {
				if (k)
					strcat(list, ", ");
				strcat(list, r->purposes[k]);
			}
		const char *v[] = { r->code, r->name, r->description, r->legal_basis, r->npurposes ? list : "wszystkie" };
		rc = add_row(sh, v, 5);
	}

	static const char *const mk[] = { "measure", "description" };
	static const char *const mh[] = { "Środek", "Opis (art. 32 RODO)" };
	sh = rc ? NULL : cus__rdoc_sheet(&d, "security", "Środki bezpieczeństwa", mk, mh, 2, 0);
	if (!rc && !sh)
		rc = CUS_ENOMEM;
	static const char *const measures[][2] = {
		{ "szyfrowanie bazy danych", "cała baza danych zaszyfrowana (SQLCipher, AES-256, HMAC stron), klucz"
		  " wyprowadzony z klucza głównego" },
		{ "hierarchia kluczy", "klucz główny (256 bitów) zawinięty osobno dla każdego użytkownika hasłem"
		  " (Argon2id, XChaCha20-Poly1305); konta usługowe plikiem klucza" },
		{ "szyfrowanie pól osobowych", "dane identyfikacyjne, sytuacja materialna oraz dane szczególnych kategorii"
		  " i z art. 10 RODO szyfrowane drugi raz kluczem danej osoby przechowywanym poza bazą;"
		  " zniszczenie klucza usuwa dane ze wszystkich kopii (crypto-shredding)" },
		{ "wyszukiwanie PESEL", "indeks ślepy (BLAKE2b z kluczem) skrócony do 12 bitów: bez jawnego PESEL w bazie" },
		{ "ograniczenie celu i uprawnień", "każdy dostęp w sesji użytkownika, jego roli i celu przetwarzania;"
		  " uprawnienia per kategoria danych i cel (zasady w wersjach ze skrótem)" },
		{ "rozliczalność", "każdy odczyt, zmiana, eksport i odmowa zapisywane w dzienniku w tej samej"
		  " transakcji; dziennik jako łańcuch skrótów BLAKE2b z podpisanymi (Ed25519) punktami kontrolnymi"
		  " przekazywanymi inspektorowi; weryfikacja wykrywa zmiany, usunięcia i przywrócenie starszej kopii" },
		{ "dostęp awaryjny", "dostęp ponad uprawnienia roli tylko do odczytu, z uzasadnieniem, ograniczony w"
		  " czasie i zgłaszany inspektorowi do potwierdzenia" },
		{ "monitorowanie", "raporty inspektora: dostęp poza godzinami pracy, masowe odczyty, odczyty bez"
		  " sprawy, odczyty osób o tym samym nazwisku, powtarzające się odmowy" },
		{ "prawa osób", "kopia danych (art. 15), historia sprostowań (art. 16), ograniczenie przetwarzania"
		  " (art. 18) egzekwowane przy każdej operacji" },
	};
	for (size_t i = 0; !rc && i < sizeof measures / sizeof measures[0]; i++)
		rc = add_row(sh, measures[i], 2);
	if (!rc)
		rc = cus__rdoc_write(&d, path, format);
	cus__rdoc_free(&d);
	cus_policy_info_free(info);
	return rc;
}

int cus_rights_register(cus_db *db, const char *path, int format)
{
	if (!db)
		return cus__error(CUS_EINVAL, "rights", NULL, "no database");
	int fmt = cus__rdoc_format(path, format);
	if (fmt < 0)
		return fmt;
	return register_work(db, path, fmt);
}
