/* Shared between the files of the audit module only: the entry hash, the
 * checkpoint message and its text line, the per-handle state and the
 * signing keys. docs/FORMAT.md ("The audit log", "Checkpoints") is the
 * specification of every byte computed here. */
#ifndef CUS_AUDIT_INTERNAL_H
#define CUS_AUDIT_INTERNAL_H

#include "audit.h"

#define CUS__AUDIT_ENTRY_TAG "cus-audit-entry-v1"
#define CUS__AUDIT_CHECKPOINT_TAG "cus-audit-checkpoint-v1"
#define CUS__AUDIT_HASH_BYTES 32
#define CUS__AUDIT_PK_BYTES 32
#define CUS__AUDIT_SIG_BYTES 64
/* "YYYY-MM-DDTHH:MM:SS.mmmZ" */
#define CUS__AUDIT_TIME_LEN 24
#define CUS__AUDIT_LOG_ID_LEN (2 * CUS__DB_ID_BYTES)
/* A checkpoint line is about 420 bytes; anything longer is not one. */
#define CUS__AUDIT_LINE_MAX 512

/* The per-handle state (struct cus_db.audit). Nothing in it describes the
 * log itself: the head is read inside every transaction, since another
 * process may have appended. */
struct cus__audit_state {
	sqlite3_stmt *head;        /* the last entry's seq and hash */
	sqlite3_stmt *insert;      /* one entry */
	sqlite3_stmt *last_cp;     /* the last checkpoint */
	sqlite3_stmt *insert_cp;   /* one checkpoint */
	unsigned char *sk;         /* Ed25519 secret key (secure memory); NULL until needed */
	unsigned char pk[CUS__AUDIT_PK_BYTES];
	char log_id[CUS__AUDIT_LOG_ID_LEN + 1];
	int txn_checkpoint;        /* the open transaction stored a checkpoint */
	int export_due;            /* the checkpoint file may lag behind the database */
};

/* The per-handle state, created on first use (registered with
 * cus__db_on_close). 0 or CUS_ENOMEM. */
CUS__HIDDEN int cus__audit_state_get(cus_db *db, struct cus__audit_state **out);

/* Derive the signing key pair from the master key (once per handle). */
CUS__HIDDEN int cus__audit_keys(cus_db *db, struct cus__audit_state **out);

/* A text field: bytes and length; p == NULL is SQL NULL (optional fields). */
typedef struct {
	const char *p;
	size_t n;
} cus__audit_text;

/* Every field of an entry that its hash covers. */
typedef struct {
	int64_t seq;
	cus__audit_text time, user, role, session, action, object_type, subject, categories, purpose,
		legal_basis, outcome;
	int64_t policy_version;
	cus__audit_text detail;
	const unsigned char *prev_hash; /* CUS__AUDIT_HASH_BYTES */
} cus__audit_fields;

/* hash = BLAKE2b-256(canonical encoding of f). */
CUS__HIDDEN void cus__audit_entry_hash(unsigned char out[CUS__AUDIT_HASH_BYTES], const cus__audit_fields *f);

/* One checkpoint, as stored in audit_checkpoints and written to the file. */
typedef struct {
	int64_t seq;
	char log_id[65];
	unsigned char head[CUS__AUDIT_HASH_BYTES];
	char time[32];
	unsigned char prev[CUS__AUDIT_HASH_BYTES];
	unsigned char pk[CUS__AUDIT_PK_BYTES];
	unsigned char sig[CUS__AUDIT_SIG_BYTES];
} cus__audit_cp;

/* The signed message of a checkpoint; returns its length (buf holds >= 256). */
CUS__HIDDEN size_t cus__audit_cp_message(unsigned char *buf, const cus__audit_cp *c);
/* The digest the next checkpoint links to: BLAKE2b-256(message). */
CUS__HIDDEN void cus__audit_cp_digest(unsigned char out[CUS__AUDIT_HASH_BYTES], const cus__audit_cp *c);
/* 1 when c's signature verifies under pk. */
CUS__HIDDEN int cus__audit_cp_signature_ok(const cus__audit_cp *c, const unsigned char pk[CUS__AUDIT_PK_BYTES]);

/* Read a checkpoint row (seq, log_id, head_hash, time, prev_checkpoint,
 * public_key, signature starting at column col). 0, or -1 when a column
 * does not have the shape libcus writes (the row was tampered with). */
CUS__HIDDEN int cus__audit_cp_from_row(cus__audit_cp *c, sqlite3_stmt *st, int col);

/* The text line of a checkpoint, with its '\n'. buf holds CUS__AUDIT_LINE_MAX. */
CUS__HIDDEN void cus__audit_cp_line(char *buf, const cus__audit_cp *c);
/* Parse one line (without its '\n'); 0, or -1 when malformed. */
CUS__HIDDEN int cus__audit_cp_parse(cus__audit_cp *c, const char *line, size_t len);
/* Could s (len bytes, no '\n') be the beginning of a checkpoint line cut by a
 * crash? */
CUS__HIDDEN int cus__audit_torn_line(const char *s, size_t len);

/* "YYYY-MM-DDTHH:MM:SS.mmmZ", now, UTC. buf holds 32. */
CUS__HIDDEN void cus__audit_now(char buf[32]);
/* Is s exactly of that shape? */
CUS__HIDDEN int cus__audit_time_valid(const char *s, size_t len);

#endif
