/*
 * libcus — the register of persons.
 *
 * Applicants, service users and their family members: identifying data
 * (names, PESEL, address, contacts), the financial situation, households with
 * their members' relations, and special-category (GDPR art. 9) and art. 10
 * records: disability, health, location (telecare), family situation, court
 * judgments and decisions of ZUS or other bodies.
 *
 * Protection. Each person has a random 32-byte data key, kept in the key
 * store file (wrapped under a key derived from the master key), never in the
 * database. Identifying fields, the financial situation and every record's
 * content are sealed with XChaCha20-Poly1305 under that key and bound to
 * their place (table, column, row id, row version as associated data), so a
 * sealed value copied to another row, column or an older version fails to
 * open (CUS_EINTEGRITY). Destroying a person's key (retention, erasure) makes
 * their sealed fields unreadable in every copy of the database: reading them
 * gives CUS_ESHREDDED. Birth date and sex stay unsealed inside the encrypted
 * database (eligibility rules and anonymous statistics need them).
 *
 * PESEL lookup uses a keyed BLAKE2b blind index cut to a few bits: the
 * candidates are opened and compared, so a lookup never returns the wrong
 * person and the index alone reveals little.
 *
 * Access. Every function takes a session; the data categories each one
 * touches are checked against the policy (basic: names, PESEL, birth date,
 * sex, residence; contact: address, phone, e-mail; financial: financial
 * situation; family: households; a record: its own category) and every read
 * or write is audited with the person's pseudonymous id ("p-<id>").
 *
 * Text is UTF-8, NFC-normalised with white space collapsed; every rejected
 * value names its field (cus_error_last()->field) and nothing is stored.
 */
#ifndef CUS_REGISTRY_H
#define CUS_REGISTRY_H

#include "common.h"
#include "access.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Longest names and texts accepted, in characters (code points). */
#define CUS_NAME_MAX 100
#define CUS_ADDRESS_MAX 300
#define CUS_TEXT_MAX 20000

#define CUS_PERSON_INPUT_VERSION 1

/**
 * A person's data as given to cus_person_add() / cus_person_update(). For an
 * update, NULL fields (and sex 0) stay as they are and "" clears an optional
 * field.
 */
typedef struct {
	unsigned int version;       /**< CUS_PERSON_INPUT_VERSION */
	const char *pesel;          /**< 11 digits; birth date and sex are derived from it */
	const char *first_names;    /**< required at add */
	const char *last_name;      /**< required at add */
	const char *birth_date;     /**< YYYY-MM-DD: only without a PESEL (then required) */
	char sex;                   /**< 'M' or 'F': only without a PESEL (then required) */
	const char *address;
	const char *phone;          /**< digits, spaces, '+', '-', '(', ')'; 9 to 15 digits */
	const char *email;
	const char *financial;      /**< financial situation, free text */
	const char *teryt;          /**< municipality of residence, 7 digits; default: the policy's */
	const char *registered;     /**< date of registration, YYYY-MM-DD; default: today */
} cus_person_input;

#define CUS_PERSON_INPUT_INIT { CUS_PERSON_INPUT_VERSION, NULL, NULL, NULL, NULL, 0, NULL, NULL, NULL, NULL, \
	NULL, NULL }

/** A person as read back. Strings are owned by the person (or iterator). */
typedef struct {
	int64_t id;
	int64_t version;            /**< 1 at creation, +1 at every change */
	const char *pesel;          /**< NULL for a person without one */
	const char *first_names;
	const char *last_name;
	const char *birth_date;
	char sex;
	const char *address;        /**< NULL when not given, or not readable in this session */
	const char *phone;
	const char *email;
	const char *financial;
	const char *teryt;
	const char *registered;
	const char *changed;        /**< ISO 8601 UTC time of the last change */
} cus_person;

/**
 * Register a person. Needs write on basic (and contact / financial when
 * those fields are given).
 * @param[out] id  the new person's id, or NULL
 * @return 0; CUS_EINVAL naming the field (nothing stored); CUS_EEXISTS when a
 *         person with that PESEL is registered; CUS_EDENIED
 */
CUS_EXTERN(int) cus_person_add(cus_session *s, const cus_person_input *in, int64_t *id);

/**
 * Read a person. Fields of categories the session may not read are NULL; the
 * read needs read on basic.
 * @param[out] out  release with cus_person_free()
 * @return 0; CUS_ENOTFOUND; CUS_EDENIED; CUS_ESHREDDED when the person's key
 *         was destroyed; CUS_EINTEGRITY when a sealed field does not open
 */
CUS_EXTERN(int) cus_person_get(cus_person **out, cus_session *s, int64_t id);

/** Find a person by PESEL (blind index, then compared). @return 0; CUS_ENOTFOUND; CUS_EINVAL (bad PESEL) */
CUS_EXTERN(int) cus_person_by_pesel(cus_person **out, cus_session *s, const char *pesel);

/**
 * Change a person's data (NULL fields unchanged). The version goes up by one
 * and the change is audited with the names of the fields changed.
 * @return 0; CUS_EINVAL; CUS_ENOTFOUND; CUS_EDENIED; CUS_EEXISTS (PESEL taken)
 */
CUS_EXTERN(int) cus_person_update(cus_session *s, int64_t id, const cus_person_input *changes);

/** Release a person (its strings are wiped). Accepts NULL. */
CUS_EXTERN(void) cus_person_free(cus_person *p);

typedef struct cus_person_iter cus_person_iter;

/** Every person, in Polish order of last name, then first names (ICU "pl"). */
CUS_EXTERN(int) cus_person_list(cus_person_iter **out, cus_session *s);

/**
 * Persons whose names contain every word of query, accent- and
 * case-insensitively ("lodz" finds "Łódź"), in Polish order.
 * @return 0; CUS_EINVAL for an empty query
 */
CUS_EXTERN(int) cus_person_find(cus_person_iter **out, cus_session *s, const char *query);

/** @return 0; CUS_ITEROVER at the end. The person is owned by the iterator. */
CUS_EXTERN(int) cus_person_next(const cus_person **out, cus_person_iter *it);
CUS_EXTERN(void) cus_person_iter_free(cus_person_iter *it);

/** Relations between household members (the code strings of the API and CLI). */
typedef enum {
	CUS_REL_SPOUSE = 1, /**< "spouse" (also partner) */
	CUS_REL_CHILD,      /**< "child": member is a child of person */
	CUS_REL_PARENT,     /**< "parent": member is a parent of person */
	CUS_REL_SIBLING,    /**< "sibling" */
	CUS_REL_OTHER       /**< "other" */
} cus_relation;

/** The code of a relation ("child"), or NULL. */
CUS_EXTERN(const char *) cus_relation_name(int relation);

/**
 * Record that member belongs to person's household with a relation (child:
 * member is person's child). Both join one household (created when neither
 * has one; refused with CUS_EINVAL when they are in different ones). Needs
 * write on family.
 * @param relation  "spouse", "child", "parent", "sibling" or "other"
 */
CUS_EXTERN(int) cus_household_link(cus_session *s, int64_t person, int64_t member, const char *relation);

/** A member of a person's household, seen from that person. */
typedef struct {
	int64_t person_id;
	const char *relation;       /**< member's relation to the person, or "member" when only indirect */
	const char *birth_date;
	char sex;
} cus_member;

typedef struct cus_member_iter cus_member_iter;

/** The other members of person's household. Needs read on family. */
CUS_EXTERN(int) cus_household_members(cus_member_iter **out, cus_session *s, int64_t person);
CUS_EXTERN(int) cus_member_next(const cus_member **out, cus_member_iter *it);
CUS_EXTERN(void) cus_member_iter_free(cus_member_iter *it);

/**
 * Has person a child younger than age years on date (ages per art. 112 of
 * the civil code, see cus_age_on())? Needs read on family.
 * @return 1 yes; 0 no; CUS_EINVAL for a bad date; CUS_ENOTFOUND
 */
CUS_EXTERN(int) cus_person_has_child_under(cus_session *s, int64_t person, int age, const char *date);

#define CUS_RECORD_INPUT_VERSION 1

/** A special-category or art. 10 record as given to cus_record_add(). */
typedef struct {
	unsigned int version;       /**< CUS_RECORD_INPUT_VERSION */
	const char *category;       /**< health, disability, location, family or judgment */
	const char *kind;           /**< e.g. "degree" (disability), "indication" (health),
	                                 "telecare" (location), "court" / "zus" / "decision" (judgment) */
	const char *text;           /**< free text (sealed) */
	const char *degree;         /**< disability: "light", "moderate", "severe"; else NULL */
	const char *valid_until;    /**< YYYY-MM-DD, or NULL (e.g. a permanent disability) */
	const char *indications;    /**< health: structured indications, comma-separated codes */
	const char *source_document;/**< e.g. "orzeczenie PZON 123/2022" (sealed) */
	const char *date;           /**< date of the document, YYYY-MM-DD (required) */
	const char *legal_basis;    /**< basis it was collected under; default: the purpose's */
} cus_record_input;

#define CUS_RECORD_INPUT_INIT { CUS_RECORD_INPUT_VERSION, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL }

typedef struct {
	int64_t id;
	int64_t person_id;
	const char *category;
	const char *kind;
	const char *text;
	const char *degree;
	const char *valid_until;
	const char *indications;
	const char *source_document;
	const char *date;
	const char *legal_basis;
	const char *created;
} cus_record;

/** Add a record to a person. Needs write on the record's category. */
CUS_EXTERN(int) cus_record_add(cus_session *s, int64_t person, const cus_record_input *in, int64_t *id);

typedef struct cus_record_iter cus_record_iter;

/**
 * A person's records, oldest first. category NULL: every category the
 * session may read (the others are skipped, and the audit entry says which
 * were read); a named category needs read on it.
 */
CUS_EXTERN(int) cus_record_list(cus_record_iter **out, cus_session *s, int64_t person, const char *category);
CUS_EXTERN(int) cus_record_next(const cus_record **out, cus_record_iter *it);
CUS_EXTERN(void) cus_record_iter_free(cus_record_iter *it);

#ifdef __cplusplus
}
#endif
#endif
