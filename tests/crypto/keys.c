/* The crypto wrappers and the key hierarchy. */
#include <string.h>

#include <sodium.h>

#include "crypto/crypto.h"
#include "helpers.h"

#define KAT_SQLCIPHER_SUBKEY "9911fd2cec51997d612ebef81eae3c01abd17beee3b742a847bd00de04c71814"

START_TEST(test_crypto_keys__sqlcipher_subkey_known_answer)
{
	/* If this changes, every existing database becomes unreadable. */
	unsigned char master[32], out[32];
	char hex[65];
	for (int i = 0; i < 32; i++)
		master[i] = (unsigned char)i;
	ck_assert_int_eq(cus__crypto_init(), 0);
	cus__derive(out, 32, CUS__KDF_ID_SQLCIPHER, CUS__KDF_CTX_SQLCIPHER, master);
	sodium_bin2hex(hex, sizeof hex, out, 32);
	unsigned char direct[32];
	crypto_kdf_derive_from_key(direct, 32, 1, "CUSsqlcp", master);
	ck_assert_int_eq(memcmp(out, direct, 32), 0);
	ck_assert_str_eq(hex, KAT_SQLCIPHER_SUBKEY);
}
END_TEST

START_TEST(test_crypto_keys__aead_round_trip_and_tamper)
{
	ck_assert_int_eq(cus__crypto_init(), 0);
	unsigned char key[32], nonce[24], m[40], c[56], back[40];
	cus__random(key, 32);
	cus__random(nonce, 24);
	memset(m, 'm', sizeof m);
	cus__aead_seal(c, m, sizeof m, (const unsigned char *)"ad", 2, nonce, key);
	ck_assert_int_eq(cus__aead_open(back, c, sizeof c, (const unsigned char *)"ad", 2, nonce, key), 0);
	ck_assert_int_eq(memcmp(back, m, sizeof m), 0);
	/* other associated data, a flipped bit, a short buffer: all refused */
	ck_assert_int_ne(cus__aead_open(back, c, sizeof c, (const unsigned char *)"AD", 2, nonce, key), 0);
	c[3] ^= 1;
	ck_assert_int_ne(cus__aead_open(back, c, sizeof c, (const unsigned char *)"ad", 2, nonce, key), 0);
	ck_assert_int_ne(cus__aead_open(back, c, 10, NULL, 0, nonce, key), 0);
}
END_TEST

START_TEST(test_crypto_keys__canonical_encoding)
{
	cus__enc e = { 0 };
	cus__enc_str(&e, "ab");
	cus__enc_u64(&e, 0x0102030405060708ULL);
	cus__enc_bytes(&e, NULL, 0);
	static const unsigned char expect[] = { 0, 0, 0, 2, 'a', 'b', 1, 2, 3, 4, 5, 6, 7, 8, 0, 0, 0, 0 };
	ck_assert_uint_eq(e.len, sizeof expect);
	ck_assert_int_eq(memcmp(e.data, expect, sizeof expect), 0);
	cus__enc_free(&e);
	/* "a"+"bc" and "ab"+"c" differ once length-prefixed */
	cus__enc x = { 0 }, y = { 0 };
	cus__enc_str(&x, "a");
	cus__enc_str(&x, "bc");
	cus__enc_str(&y, "ab");
	cus__enc_str(&y, "c");
	ck_assert_uint_eq(x.len, y.len);
	ck_assert_int_ne(memcmp(x.data, y.data, x.len), 0);
	cus__enc_free(&x);
	cus__enc_free(&y);
}
END_TEST

START_TEST(test_crypto_keys__kdf_limits)
{
	ck_assert_uint_eq(cus_kdf_opslimit(CUS_KDF_INTERACTIVE), crypto_pwhash_argon2id_OPSLIMIT_INTERACTIVE);
	ck_assert_uint_eq(cus_kdf_memlimit(CUS_KDF_INTERACTIVE), crypto_pwhash_argon2id_MEMLIMIT_INTERACTIVE);
	ck_assert_uint_eq(cus_kdf_opslimit(CUS_KDF_MODERATE), crypto_pwhash_argon2id_OPSLIMIT_MODERATE);
	ck_assert_uint_eq(cus_kdf_memlimit(CUS_KDF_SENSITIVE), crypto_pwhash_argon2id_MEMLIMIT_SENSITIVE);
	ck_assert(cus__kdf_limits_ok(2, (size_t)64 << 20));
	ck_assert(!cus__kdf_limits_ok(1, (size_t)64 << 20));
	ck_assert(!cus__kdf_limits_ok(2, (size_t)32 << 20));
	ck_assert(!cus__kdf_limits_ok(1000000, (size_t)64 << 20));
	/* the same passphrase and salt give the same key; another salt does not */
	cus_key *k = key_pass("pass");
	unsigned char s1[16] = { 1 }, s2[16] = { 2 }, a[32], b[32], c[32];
	ck_assert_int_eq(cus__kdf_argon2id(a, k, s1, 2, (size_t)64 << 20), 0);
	ck_assert_int_eq(cus__kdf_argon2id(b, k, s1, 2, (size_t)64 << 20), 0);
	ck_assert_int_eq(cus__kdf_argon2id(c, k, s2, 2, (size_t)64 << 20), 0);
	ck_assert_int_eq(memcmp(a, b, 32), 0);
	ck_assert_int_ne(memcmp(a, c, 32), 0);
	ck_assert_int_eq(cus__kdf_argon2id(a, k, s1, 1, (size_t)64 << 20), CUS_EINVAL);
	cus_key_free(k);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("crypto");
	TCase *tc = tcase_create("keys");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_crypto_keys__sqlcipher_subkey_known_answer);
	tcase_add_test(tc, test_crypto_keys__aead_round_trip_and_tamper);
	tcase_add_test(tc, test_crypto_keys__canonical_encoding);
	tcase_add_test(tc, test_crypto_keys__kdf_limits);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
