/* Sealed fields, per-person keys and the PESEL blind index. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "internal.h"

int cus__registry_blind_bits = CUS__BLIND_BITS;

void cus__wipe_free(char *s)
{
	if (s) {
		sodium_memzero(s, strlen(s));
		free(s);
	}
}

void cus__bind_text_or_null(sqlite3_stmt *st, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

void cus__today(char out[11])
{
	char now[21];
	cus__utc_now(now);
	memcpy(out, now, 10);
	out[10] = '\0';
}

int cus__pkey_load(cus_db *db, int64_t person, cus__pkey *k)
{
	if (k->loaded && k->person == person)
		return 0;
	cus__pkey_wipe(k);
	int rc = cus__ks_person_key_get(db, person, k->key);
	if (rc)
		return rc;
	k->person = person;
	k->loaded = 1;
	return 0;
}

void cus__pkey_wipe(cus__pkey *k)
{
	sodium_memzero(k, sizeof *k);
}

static int field_ad(cus__enc *e, cus_db *db, const char *table, const char *column, int64_t row,
	int64_t version)
{
	cus__enc_str(e, "cus-field-v1");
	cus__enc_bytes(e, db->db_id, CUS__DB_ID_BYTES);
	cus__enc_str(e, table);
	cus__enc_str(e, column);
	cus__enc_u64(e, (uint64_t)row);
	cus__enc_u64(e, (uint64_t)version);
	if (e->failed) {
		cus__enc_free(e);
		return cus__error(CUS_ENOMEM, "registry", NULL, "out of memory");
	}
	return 0;
}

static int field_key(unsigned char out[32], const cus__pkey *k, const char *category)
{
	int idx = cus__category_index(category);
	if (idx < 0)
		return cus__error(CUS_ERROR, "registry", NULL, "unknown category of a sealed field");
	cus__derive(out, 32, (uint64_t)idx, CUS__KDF_CTX_FIELD, k->key);
	return 0;
}

int cus__field_seal(unsigned char **blob, size_t *len, cus_db *db, const cus__pkey *k, const char *category,
	const char *table, const char *column, int64_t row, int64_t version, const char *text)
{
	*blob = NULL;
	*len = 0;
	if (!text)
		return 0;
	size_t mlen = strlen(text);
	unsigned char fk[32];
	int rc = field_key(fk, k, category);
	if (rc)
		return rc;
	cus__enc ad = { 0 };
	rc = field_ad(&ad, db, table, column, row, version);
	if (rc) {
		sodium_memzero(fk, sizeof fk);
		return rc;
	}
	unsigned char *b = malloc(CUS__NONCE_BYTES + mlen + CUS__TAG_BYTES);
	if (!b) {
		sodium_memzero(fk, sizeof fk);
		cus__enc_free(&ad);
		return cus__error(CUS_ENOMEM, "registry", NULL, "out of memory");
	}
	cus__random(b, CUS__NONCE_BYTES);
	cus__aead_seal(b + CUS__NONCE_BYTES, (const unsigned char *)text, mlen, ad.data, ad.len, b, fk);
	sodium_memzero(fk, sizeof fk);
	cus__enc_free(&ad);
	*blob = b;
	*len = CUS__NONCE_BYTES + mlen + CUS__TAG_BYTES;
	return 0;
}

int cus__field_open(char **out, cus_db *db, const cus__pkey *k, const char *category, const char *table,
	const char *column, int64_t row, int64_t version, const void *blob, size_t len)
{
	*out = NULL;
	if (!blob)
		return 0;
	if (len < CUS__NONCE_BYTES + CUS__TAG_BYTES)
		return cus__error(CUS_EINTEGRITY, "registry", column, "a sealed %s.%s of row %lld is damaged", table,
			column, (long long)row);
	size_t mlen = len - CUS__NONCE_BYTES - CUS__TAG_BYTES;
	unsigned char fk[32];
	int rc = field_key(fk, k, category);
	if (rc)
		return rc;
	cus__enc ad = { 0 };
	rc = field_ad(&ad, db, table, column, row, version);
	if (rc) {
		sodium_memzero(fk, sizeof fk);
		return rc;
	}
	char *m = malloc(mlen + 1);
	if (!m) {
		rc = cus__error(CUS_ENOMEM, "registry", NULL, "out of memory");
	} else if (cus__aead_open((unsigned char *)m, (const unsigned char *)blob + CUS__NONCE_BYTES,
			   len - CUS__NONCE_BYTES, ad.data, ad.len, blob, fk) != 0) {
		rc = cus__error(CUS_EINTEGRITY, "registry", column,
			"the sealed %s.%s of row %lld does not open: it was altered, or copied from another row"
			" or an older version", table, column, (long long)row);
		free(m);
		m = NULL;
	} else {
		m[mlen] = '\0';
		if (strlen(m) != mlen) {
			rc = cus__error(CUS_EINTEGRITY, "registry", column, "a sealed %s.%s holds a NUL byte", table,
				column);
			cus__wipe_free(m);
			m = NULL;
		}
	}
	sodium_memzero(fk, sizeof fk);
	cus__enc_free(&ad);
	*out = m;
	return rc;
}

int64_t cus__pesel_blind(cus_db *db, const char *pesel)
{
	unsigned char bk[32], h[8];
	cus__derive(bk, sizeof bk, CUS__KDF_ID_BLIND, CUS__KDF_CTX_BLIND, db->master);
	crypto_generichash(h, sizeof h, (const unsigned char *)pesel, strlen(pesel), bk, sizeof bk);
	sodium_memzero(bk, sizeof bk);
	uint32_t v = (uint32_t)h[0] << 24 | (uint32_t)h[1] << 16 | (uint32_t)h[2] << 8 | (uint32_t)h[3];
	int bits = cus__registry_blind_bits;
	if (bits < 1 || bits > 32)
		bits = CUS__BLIND_BITS;
	return (int64_t)(bits == 32 ? v : v >> (32 - bits));
}
