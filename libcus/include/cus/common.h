/*
 * libcus — common definitions: export macro, version, error model.
 *
 * Every fallible function in libcus returns an int: 0 (or a documented count
 * >= 0) on success, a negative CUS_E... code on failure. The code, the module
 * that raised it and a message (never containing personal data) are kept in
 * thread-local storage and can be read with cus_error_last() until the next
 * failing call on the same thread.
 *
 * Error codes are only ever appended, never renumbered or removed.
 */
#ifndef CUS_COMMON_H
#define CUS_COMMON_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define CUS_EXTERN(type) __attribute__((visibility("default"))) type
#define CUS_WARN_UNUSED __attribute__((warn_unused_result))
#else
#define CUS_EXTERN(type) type
#define CUS_WARN_UNUSED
#endif

/** Library version, also available at run time through cus_version(). */
#define CUS_VERSION_MAJOR 0
#define CUS_VERSION_MINOR 1
#define CUS_VERSION_PATCH 0
#define CUS_VERSION_STRING "0.1.0"

/** Error codes. Values are stable: new codes are appended, none is reused. */
typedef enum {
	CUS_OK = 0,
	CUS_ERROR = -1,      /**< internal error (a bug, or a dependency failed unexpectedly) */
	CUS_EINVAL = -2,     /**< invalid argument or input; cus_error_last()->field names it */
	CUS_ENOMEM = -3,     /**< out of memory (or secure memory could not be allocated) */
	CUS_EIO = -4,        /**< a file could not be read or written */
	CUS_ENOTFOUND = -5,  /**< the named file, user or record does not exist */
	CUS_EEXISTS = -6,    /**< the file or record already exists */
	CUS_EKEY = -7,       /**< wrong passphrase or key file, or a disabled user */
	CUS_ENOTDB = -8,     /**< the file is not a libcus database (or not the one the key store belongs to) */
	CUS_EKEYSTORE = -9,  /**< the key store is damaged or inconsistent (a missing one is CUS_ENOTDB) */
	CUS_EVERSION = -10,  /**< the database was written by a newer libcus than this one */
	CUS_EDENIED = -11,   /**< the session's role may not do this for this purpose */
	CUS_EINTEGRITY = -12,/**< an integrity check failed (tampering or damage detected) */
	CUS_ESHREDDED = -13, /**< the value's key was destroyed (crypto-shredded) */
	CUS_EBUSY = -14,     /**< the database is locked by another process */
	CUS_ECRYPTO = -15,   /**< the cryptographic library could not be initialised */
	CUS_ENOTAPPROVED = -16, /**< retention: the disposal proposal is not approved (or not in a state that allows it) */
	CUS_EHOLD = -17,     /**< retention: a legal hold (or an art. 18 restriction) blocks the disposal */
	CUS_EARCHIVAL = -18, /**< retention: category A records are never destroyed (only transferred) */
	CUS_EAPPRAISAL = -19,/**< retention: category BE records go to appraisal, never destroyed automatically */
	CUS_ERETAINED = -20, /**< retention: the statutory retention period has not ended (erasure refused) */
	CUS_ITEROVER = -31   /**< an iterator has no more items (not a failure) */
} cus_error_code;

/** The last error raised on the calling thread. */
typedef struct {
	int code;            /**< a cus_error_code */
	const char *module;  /**< "store", "crypto", ... */
	const char *message; /**< English, one sentence; never data of a data subject (it may name
	                         a file, a staff login or a policy key) */
	const char *field;   /**< the input field or key concerned, or NULL */
	int line;            /**< line in the input file, or 0 */
	int column;          /**< column in the input file, or 0 */
} cus_error;

/**
 * The last error raised on the calling thread.
 * @return never NULL; after a success with no earlier failure, code is CUS_OK
 */
CUS_EXTERN(const cus_error *) cus_error_last(void);

/** Forget the last error on the calling thread. */
CUS_EXTERN(void) cus_error_clear(void);

/**
 * The symbolic name of an error code ("CUS_EKEY"), a static string.
 * @return "CUS_UNKNOWN" for a code libcus does not define
 */
CUS_EXTERN(const char *) cus_error_name(int code);

/** A short English description of an error code, a static string. */
CUS_EXTERN(const char *) cus_strerror(int code);

/** The library version at run time, e.g. "0.1.0" (static string). */
CUS_EXTERN(const char *) cus_version(void);

/** The version as a number: major * 10000 + minor * 100 + patch. */
CUS_EXTERN(int) cus_version_number(void);

/**
 * Release a buffer (string or bytes) that libcus returned to the caller.
 * The memory is wiped before it is released. Accepts NULL.
 */
CUS_EXTERN(void) cus_free(void *ptr);

#ifdef __cplusplus
}
#endif
#endif
