/* Internal crypto: libsodium wrappers, the key hierarchy, secure memory. */
#ifndef CUS_CRYPTO_CRYPTO_H
#define CUS_CRYPTO_CRYPTO_H

#include <stddef.h>
#include <stdint.h>

#include "cus/db.h"
#include "../util/util.h"

#define CUS__MASTER_KEY_BYTES 32
#define CUS__SALT_BYTES 16
#define CUS__NONCE_BYTES 24
#define CUS__TAG_BYTES 16
#define CUS__KEK_BYTES 32

/* Key kinds of a key slot. */
#define CUS__KEY_PASSPHRASE 0
#define CUS__KEY_FILE 1

struct cus_key {
	size_t len;
	int kind;               /* CUS__KEY_PASSPHRASE or CUS__KEY_FILE */
	unsigned char bytes[];  /* len bytes, in sodium_malloc memory */
};

/* Sub-key purposes derived from the master key with crypto_kdf (context,
 * subkey id); see docs/FORMAT.md. Never change an existing pair. */
#define CUS__KDF_CTX_SQLCIPHER "CUSsqlcp"
#define CUS__KDF_ID_SQLCIPHER 1

/* Initialise libsodium once. 0 or CUS_ECRYPTO. */
CUS__HIDDEN int cus__crypto_init(void);

/* Secure memory: guarded, locked where possible, wiped on release. */
CUS__HIDDEN void *cus__secret_alloc(size_t size);
CUS__HIDDEN void cus__secret_free(void *p);

CUS__HIDDEN void cus__random(void *buf, size_t len);

/* Argon2id13 over the key's bytes. 0, CUS_ENOMEM or CUS_EINVAL. */
CUS__HIDDEN int cus__kdf_argon2id(unsigned char out[CUS__KEK_BYTES], const cus_key *key,
	const unsigned char salt[CUS__SALT_BYTES], unsigned long long opslimit, size_t memlimit);

/* Bounds accepted for a slot's Argon2id limits. */
CUS__HIDDEN int cus__kdf_limits_ok(unsigned long long opslimit, size_t memlimit);

/* XChaCha20-Poly1305 (IETF). seal writes mlen + 16 bytes; open returns -1
 * when authentication fails. */
CUS__HIDDEN void cus__aead_seal(unsigned char *c, const unsigned char *m, size_t mlen,
	const unsigned char *ad, size_t adlen, const unsigned char nonce[CUS__NONCE_BYTES],
	const unsigned char key[32]);
CUS__HIDDEN int cus__aead_open(unsigned char *m, const unsigned char *c, size_t clen,
	const unsigned char *ad, size_t adlen, const unsigned char nonce[CUS__NONCE_BYTES],
	const unsigned char key[32]);

/* crypto_kdf_derive_from_key: out is outlen bytes (16..64). */
CUS__HIDDEN void cus__derive(unsigned char *out, size_t outlen, uint64_t id,
	const char ctx[8], const unsigned char master[CUS__MASTER_KEY_BYTES]);

/* Unkeyed BLAKE2b-256. */
CUS__HIDDEN void cus__hash(unsigned char out[32], const unsigned char *in, size_t len);

/* A growable byte buffer for canonical, length-prefixed encodings. */
typedef struct {
	unsigned char *data;
	size_t len, cap;
	int failed;
} cus__enc;

CUS__HIDDEN void cus__enc_bytes(cus__enc *e, const void *p, size_t n);   /* u32 BE length, bytes */
CUS__HIDDEN void cus__enc_str(cus__enc *e, const char *s);               /* as bytes, no NUL */
CUS__HIDDEN void cus__enc_u64(cus__enc *e, uint64_t v);                  /* 8 bytes BE */
CUS__HIDDEN void cus__enc_free(cus__enc *e);

#endif
