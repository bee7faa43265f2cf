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
 * value names its field (cus_error_last()->field: "pesel", "first_names",
 * "last_name", "birth_date", "sex", "address", "phone", "email",
 * "financial", "teryt", "registered"; for records "category", "kind",
 * "text", "degree", "valid_until", "indications", "source_document", "date",
 * "legal_basis") and nothing is stored. Messages never repeat the value.
 *
 * Audit. Each call is one audited operation: actions "person.add",
 * "person.read" (get, by_pesel), "person.update", "person.list",
 * "person.find", "household.link", "household.read" (members,
 * has_child_under), "record.add", "record.read". The entry's categories are
 * those actually touched; a refusal is audited as "denied", a failure after
 * the check as "error" (and nothing is written).
 *
 * Erased persons (their key destroyed) read as CUS_ESHREDDED by id, are not
 * found by PESEL, are left out of listings and searches, and their PESEL may
 * be registered again. docs/FORMAT.md, "The register of persons", specifies
 * the keys, the sealed columns and the blind index byte by byte.
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

/**
 * Initialise a cus_person_input to CUS_PERSON_INPUT_INIT (for bindings,
 * which cannot use the macro).
 * @return 0; CUS_EINVAL (field "version") for an unknown version or NULL in
 */
CUS_EXTERN(int) cus_person_input_init(cus_person_input *in, unsigned int version);

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
 * those fields are given). A random data key is made for the person and
 * kept in the key store; the identifying fields and the financial situation
 * are sealed under it. Optional fields given as "" are absent. Without
 * teryt, the municipality of the active policy; without registered, today
 * (UTC).
 * Rules: pesel valid (cus_pesel_check()), birth date and sex then come from
 * it (given ones must agree); without a PESEL, birth_date (a real date) and
 * sex ('M'/'F') are required; first_names and last_name non-empty, at most
 * CUS_NAME_MAX characters; address at most CUS_ADDRESS_MAX; phone 9 to 15
 * digits with only '+', '-', '(', ')' and spaces besides; email local@domain
 * (one '@', no spaces, a dotted domain of letters, digits and '-'); financial
 * at most CUS_TEXT_MAX; teryt 7 digits; registered a real date.
 * @param[out] id  the new person's id, or NULL
 * @return 0; CUS_EINVAL naming the field (nothing stored); CUS_EEXISTS when a
 *         person with that PESEL is registered; CUS_EDENIED (audited);
 *         CUS_EBUSY when another process registered a person at the same
 *         moment (retry); CUS_EIO / CUS_EKEYSTORE when the key store cannot
 *         be written
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

/**
 * Find a person by PESEL (blind index, then every candidate opened and
 * compared: never the wrong person). Needs read on basic; fields as for
 * cus_person_get(), and the audit entry names the person found.
 * @return 0; CUS_ENOTFOUND (also for an erased person); CUS_EINVAL (field
 *         "pesel") for an invalid PESEL; CUS_EDENIED
 */
CUS_EXTERN(int) cus_person_by_pesel(cus_person **out, cus_session *s, const char *pesel);

/**
 * Change a person's data (NULL fields and sex 0 unchanged; "" clears address,
 * phone, email or financial). Same rules as cus_person_add(); a new PESEL
 * brings its birth date and sex, and a person with a PESEL keeps the birth
 * date and sex it gives. A PESEL cannot be removed. Needs write on basic
 * (and contact / financial when such fields are given). The version goes up
 * by one, every sealed field is sealed again for the new version, and the
 * audit entry's detail lists the fields given ("fields: last_name,phone").
 * @return 0; CUS_EINVAL (nothing given: no field named); CUS_ENOTFOUND;
 *         CUS_EDENIED; CUS_EEXISTS (PESEL taken); CUS_ESHREDDED (erased);
 *         CUS_EINTEGRITY (a sealed field does not open); CUS_EBUSY (changed
 *         by another process meanwhile)
 */
CUS_EXTERN(int) cus_person_update(cus_session *s, int64_t id, const cus_person_input *changes);

/** Release a person (its strings are wiped). Accepts NULL. */
CUS_EXTERN(void) cus_person_free(cus_person *p);

typedef struct cus_person_iter cus_person_iter;

/**
 * Every person, in Polish order of last name, then first names (ICU "pl"),
 * then id. Needs read on basic; the persons carry only their basic fields
 * (address, phone, email and financial are NULL: use cus_person_get()).
 * Erased persons are left out.
 * @return 0; CUS_EDENIED; CUS_EINTEGRITY when a sealed field does not open
 */
CUS_EXTERN(int) cus_person_list(cus_person_iter **out, cus_session *s);

/**
 * Persons whose names ("first names last name") contain every word of query,
 * accent- and case-insensitively (cus_text_search_key(): "lodz" finds
 * "Łódź", "brzeczysz" finds "Brzęczyszczykiewicz"), in Polish order, as
 * cus_person_list() gives them. Every person's names are opened to compare:
 * no searchable form of a name is stored.
 * @return 0 (possibly with no person); CUS_EINVAL (field "query") for a NULL
 *         or blank query; CUS_EDENIED
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

/**
 * The other members of person's household, by id (none when the person has
 * no household). Needs read on family.
 * @return 0; CUS_ENOTFOUND; CUS_EDENIED
 */
CUS_EXTERN(int) cus_household_members(cus_member_iter **out, cus_session *s, int64_t person);
CUS_EXTERN(int) cus_member_next(const cus_member **out, cus_member_iter *it);
CUS_EXTERN(void) cus_member_iter_free(cus_member_iter *it);

/**
 * Has person a child younger than age years on date (ages per art. 112 of
 * the civil code, see cus_age_on())? Needs read on family.
 * Only the person's own children count (relation "child" linked from
 * either side); a child born after date does not.
 * @return 1 yes; 0 no; CUS_EINVAL for a bad date (field "date") or a
 *         negative age (field "age"); CUS_ENOTFOUND; CUS_EDENIED
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

/** Initialise a cus_record_input to CUS_RECORD_INPUT_INIT. @return 0; CUS_EINVAL */
CUS_EXTERN(int) cus_record_input_init(cus_record_input *in, unsigned int version);

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

/**
 * Add a record to a person. Needs write on the record's category. kind,
 * text, degree, indications and source_document are sealed under the
 * person's key (the record's category's field key); category, valid_until,
 * date and legal_basis are not. Rules: category one of the five; kind at
 * most CUS_NAME_MAX characters; text and indications at most CUS_TEXT_MAX;
 * source_document at most CUS_ADDRESS_MAX; degree only for disability, one
 * of "light", "moderate", "severe"; valid_until and date real dates, date
 * required.
 * @param[out] id  the new record's id, or NULL
 * @return 0; CUS_EINVAL naming the field; CUS_ENOTFOUND (no such person);
 *         CUS_EDENIED; CUS_ESHREDDED (the person was erased)
 */
CUS_EXTERN(int) cus_record_add(cus_session *s, int64_t person, const cus_record_input *in, int64_t *id);

typedef struct cus_record_iter cus_record_iter;

/**
 * A person's records, oldest first. category NULL: every category the
 * session may read (the others are skipped, and the audit entry says which
 * were read; a session that may read none is refused); a named category
 * needs read on it.
 * @return 0; CUS_EINVAL (field "category"); CUS_ENOTFOUND; CUS_EDENIED
 *         (audited); CUS_ESHREDDED; CUS_EINTEGRITY
 */
CUS_EXTERN(int) cus_record_list(cus_record_iter **out, cus_session *s, int64_t person, const char *category);
CUS_EXTERN(int) cus_record_next(const cus_record **out, cus_record_iter *it);
CUS_EXTERN(void) cus_record_iter_free(cus_record_iter *it);

#ifdef __cplusplus
}
#endif
#endif
