/* libsodium wrappers: initialisation, secure memory, Argon2id, AEAD, KDF. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "crypto.h"

static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static int init_result = -1;

static void do_init(void)
{
	init_result = sodium_init() < 0 ? -1 : 0;
}

int cus__crypto_init(void)
{
	pthread_once(&init_once, do_init);
	if (init_result != 0)
		return cus__error(CUS_ECRYPTO, "crypto", NULL, "libsodium could not be initialised");
	return 0;
}

void *cus__secret_alloc(size_t size)
{
	if (cus__crypto_init() != 0)
		return NULL;
	/* sodium_malloc puts the block against the guard page at its end, so its
	 * alignment follows the size: round it up to keep structs aligned. */
	size_t rounded = (size + 15) & ~(size_t)15;
	if (rounded < size)
		return NULL;
	return sodium_malloc(rounded ? rounded : 16);
}

void cus__secret_free(void *p)
{
	if (p)
		sodium_free(p);
}

void cus__random(void *buf, size_t len)
{
	randombytes_buf(buf, len);
}

/* ---- public key objects ---- */

static int key_new(cus_key **out, const void *bytes, size_t len, int kind)
{
	cus_key *k = cus__secret_alloc(sizeof *k + len);
	if (!k)
		return cus__error(CUS_ENOMEM, "crypto", NULL, "cannot allocate secure memory for a key");
	k->len = len;
	k->kind = kind;
	memcpy(k->bytes, bytes, len);
	*out = k;
	return 0;
}

int cus_key_from_passphrase(cus_key **out, const char *pass, size_t len)
{
	if (!out || !pass)
		return cus__error(CUS_EINVAL, "crypto", "passphrase", "passphrase is NULL");
	*out = NULL;
	if (len == 0)
		return cus__error(CUS_EINVAL, "crypto", "passphrase", "the passphrase is empty");
	if (len > CUS_PASSPHRASE_MAX)
		return cus__error(CUS_EINVAL, "crypto", "passphrase",
			"the passphrase is longer than %d bytes", CUS_PASSPHRASE_MAX);
	if (memchr(pass, '\0', len))
		return cus__error(CUS_EINVAL, "crypto", "passphrase", "the passphrase contains a NUL byte");
	return key_new(out, pass, len, CUS__KEY_PASSPHRASE);
}

int cus_key_from_file(cus_key **out, const char *path)
{
	if (!out || !path)
		return cus__error(CUS_EINVAL, "crypto", "key_file", "key file path is NULL");
	*out = NULL;
	if (cus__crypto_init() != 0)
		return CUS_ECRYPTO;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		if (errno == ENOENT)
			return cus__error(CUS_ENOTFOUND, "crypto", "key_file", "key file %s does not exist", path);
		return cus__error(CUS_EIO, "crypto", "key_file", "cannot open key file %s: %s", path, strerror(errno));
	}
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return cus__error(CUS_EINVAL, "crypto", "key_file", "key file %s is not a regular file", path);
	}
	if (st.st_mode & (S_IRWXG | S_IRWXO)) {
		close(fd);
		return cus__error(CUS_EINVAL, "crypto", "key_file",
			"key file %s is accessible by group or others (mode %03o); make it 0600",
			path, (unsigned)(st.st_mode & 0777));
	}
	if (st.st_size != CUS_KEY_FILE_BYTES) {
		close(fd);
		return cus__error(CUS_EINVAL, "crypto", "key_file",
			"key file %s has %lld bytes; a key file has exactly %d", path,
			(long long)st.st_size, CUS_KEY_FILE_BYTES);
	}
	unsigned char *buf = cus__secret_alloc(CUS_KEY_FILE_BYTES);
	if (!buf) {
		close(fd);
		return cus__error(CUS_ENOMEM, "crypto", NULL, "cannot allocate secure memory for a key");
	}
	size_t got = 0;
	while (got < CUS_KEY_FILE_BYTES) {
		ssize_t n = read(fd, buf + got, CUS_KEY_FILE_BYTES - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	int rc;
	if (got != CUS_KEY_FILE_BYTES)
		rc = cus__error(CUS_EIO, "crypto", "key_file", "cannot read key file %s", path);
	else
		rc = key_new(out, buf, CUS_KEY_FILE_BYTES, CUS__KEY_FILE);
	cus__secret_free(buf);
	return rc;
}

int cus_key_file_generate(const char *path)
{
	if (!path)
		return cus__error(CUS_EINVAL, "crypto", "key_file", "key file path is NULL");
	if (cus__crypto_init() != 0)
		return CUS_ECRYPTO;
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0) {
		if (errno == EEXIST)
			return cus__error(CUS_EEXISTS, "crypto", "key_file",
				"%s already exists; a key file is never overwritten", path);
		return cus__error(CUS_EIO, "crypto", "key_file", "cannot create %s: %s", path, strerror(errno));
	}
	unsigned char *buf = cus__secret_alloc(CUS_KEY_FILE_BYTES);
	if (!buf) {
		close(fd);
		unlink(path);
		return cus__error(CUS_ENOMEM, "crypto", NULL, "cannot allocate secure memory for a key");
	}
	randombytes_buf(buf, CUS_KEY_FILE_BYTES);
	ssize_t n = write(fd, buf, CUS_KEY_FILE_BYTES);
	cus__secret_free(buf);
	if (n != CUS_KEY_FILE_BYTES || fsync(fd) != 0 || close(fd) != 0) {
		if (n != CUS_KEY_FILE_BYTES)
			close(fd);
		unlink(path);
		return cus__error(CUS_EIO, "crypto", "key_file", "cannot write %s", path);
	}
	return 0;
}

void cus_key_free(cus_key *key)
{
	cus__secret_free(key);
}

/* ---- Argon2id ---- */

unsigned long long cus_kdf_opslimit(cus_kdf_preset preset)
{
	switch (preset) {
	case CUS_KDF_MODERATE: return crypto_pwhash_argon2id_OPSLIMIT_MODERATE;
	case CUS_KDF_SENSITIVE: return crypto_pwhash_argon2id_OPSLIMIT_SENSITIVE;
	default: return crypto_pwhash_argon2id_OPSLIMIT_INTERACTIVE;
	}
}

size_t cus_kdf_memlimit(cus_kdf_preset preset)
{
	switch (preset) {
	case CUS_KDF_MODERATE: return crypto_pwhash_argon2id_MEMLIMIT_MODERATE;
	case CUS_KDF_SENSITIVE: return crypto_pwhash_argon2id_MEMLIMIT_SENSITIVE;
	default: return crypto_pwhash_argon2id_MEMLIMIT_INTERACTIVE;
	}
}

/* Upper bounds keep a damaged or hostile key store from asking for hours of
 * work or more memory than the machine has. */
#define OPSLIMIT_MAX 64ULL
#define MEMLIMIT_MAX ((size_t)8 << 30)

int cus__kdf_limits_ok(unsigned long long opslimit, size_t memlimit)
{
	return opslimit >= crypto_pwhash_argon2id_OPSLIMIT_INTERACTIVE && opslimit <= OPSLIMIT_MAX &&
		memlimit >= crypto_pwhash_argon2id_MEMLIMIT_INTERACTIVE && memlimit <= MEMLIMIT_MAX;
}

int cus__kdf_argon2id(unsigned char out[CUS__KEK_BYTES], const cus_key *key,
	const unsigned char salt[CUS__SALT_BYTES], unsigned long long opslimit, size_t memlimit)
{
	if (!cus__kdf_limits_ok(opslimit, memlimit))
		return cus__error(CUS_EINVAL, "crypto", "kdf", "Argon2id limits out of range");
	if (crypto_pwhash(out, CUS__KEK_BYTES, (const char *)key->bytes, key->len, salt,
		    opslimit, memlimit, crypto_pwhash_ALG_ARGON2ID13) != 0)
		return cus__error(CUS_ENOMEM, "crypto", "kdf",
			"Argon2id could not allocate %zu MiB", memlimit >> 20);
	return 0;
}

/* ---- AEAD, KDF, hash ---- */

void cus__aead_seal(unsigned char *c, const unsigned char *m, size_t mlen,
	const unsigned char *ad, size_t adlen, const unsigned char nonce[CUS__NONCE_BYTES],
	const unsigned char key[32])
{
	crypto_aead_xchacha20poly1305_ietf_encrypt(c, NULL, m, mlen, ad, adlen, NULL, nonce, key);
}

int cus__aead_open(unsigned char *m, const unsigned char *c, size_t clen,
	const unsigned char *ad, size_t adlen, const unsigned char nonce[CUS__NONCE_BYTES],
	const unsigned char key[32])
{
	if (clen < CUS__TAG_BYTES)
		return -1;
	return crypto_aead_xchacha20poly1305_ietf_decrypt(m, NULL, NULL, c, clen, ad, adlen, nonce, key);
}

void cus__derive(unsigned char *out, size_t outlen, uint64_t id, const char ctx[8],
	const unsigned char master[CUS__MASTER_KEY_BYTES])
{
	crypto_kdf_derive_from_key(out, outlen, id, ctx, master);
}

void cus__hash(unsigned char out[32], const unsigned char *in, size_t len)
{
	crypto_generichash(out, 32, in, len, NULL, 0);
}

/* ---- canonical encoding ---- */

static void enc_raw(cus__enc *e, const void *p, size_t n)
{
	if (e->failed)
		return;
	if (e->len + n > e->cap) {
		size_t cap = e->cap ? e->cap : 128;
		while (cap < e->len + n)
			cap *= 2;
		unsigned char *d = realloc(e->data, cap);
		if (!d) {
			e->failed = 1;
			return;
		}
		e->data = d;
		e->cap = cap;
	}
	memcpy(e->data + e->len, p, n);
	e->len += n;
}

void cus__enc_bytes(cus__enc *e, const void *p, size_t n)
{
	unsigned char l[4] = { (unsigned char)(n >> 24), (unsigned char)(n >> 16),
		(unsigned char)(n >> 8), (unsigned char)n };
	enc_raw(e, l, 4);
	if (n)
		enc_raw(e, p, n);
}

void cus__enc_str(cus__enc *e, const char *s)
{
	cus__enc_bytes(e, s ? s : "", s ? strlen(s) : 0);
}

void cus__enc_u64(cus__enc *e, uint64_t v)
{
	unsigned char b[8];
	for (int i = 0; i < 8; i++)
		b[i] = (unsigned char)(v >> (56 - 8 * i));
	enc_raw(e, b, 8);
}

void cus__enc_free(cus__enc *e)
{
	if (e->data) {
		sodium_memzero(e->data, e->cap);
		free(e->data);
	}
	memset(e, 0, sizeof *e);
}
