/* The registry tables (migration 5). docs/FORMAT.md, "The register of
 * persons", specifies every column; sealed columns hold nonce || AEAD
 * ciphertext under a per-person key kept in the key store. */
#include "registry.h"

const char cus__schema_registry[] =
	"CREATE TABLE persons ("
	"  id INTEGER PRIMARY KEY,"
	"  version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),"
	"  pesel_index INTEGER,"                  /* blind index of the PESEL, NULL without one */
	"  pesel BLOB,"                           /* sealed, basic */
	"  first_names BLOB NOT NULL,"            /* sealed, basic */
	"  last_name BLOB NOT NULL,"              /* sealed, basic */
	"  address BLOB,"                         /* sealed, contact */
	"  phone BLOB,"                           /* sealed, contact */
	"  email BLOB,"                           /* sealed, contact */
	"  financial BLOB,"                       /* sealed, financial */
	"  birth_date TEXT NOT NULL,"
	"  sex TEXT NOT NULL CHECK (sex IN ('M', 'F')),"
	"  teryt TEXT NOT NULL CHECK (length(teryt) = 7),"
	"  registered TEXT NOT NULL,"
	"  created TEXT NOT NULL,"
	"  changed TEXT NOT NULL,"
	"  CHECK ((pesel IS NULL) = (pesel_index IS NULL)));"
	"CREATE INDEX persons_pesel_index ON persons (pesel_index) WHERE pesel_index IS NOT NULL;"
	"CREATE TABLE households ("
	"  id INTEGER PRIMARY KEY,"
	"  created TEXT NOT NULL);"
	"CREATE TABLE household_members ("
	"  person_id INTEGER PRIMARY KEY REFERENCES persons (id),"
	"  household_id INTEGER NOT NULL REFERENCES households (id),"
	"  joined TEXT NOT NULL);"
	"CREATE INDEX household_members_household ON household_members (household_id);"
	"CREATE TABLE relations ("
	"  person_id INTEGER NOT NULL REFERENCES persons (id),"
	"  member_id INTEGER NOT NULL REFERENCES persons (id),"
	"  relation TEXT NOT NULL CHECK (relation IN ('spouse', 'child', 'parent', 'sibling', 'other')),"
	"  PRIMARY KEY (person_id, member_id),"
	"  CHECK (person_id <> member_id)) WITHOUT ROWID;"
	"CREATE TABLE records ("
	"  id INTEGER PRIMARY KEY,"
	"  version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),"
	"  person_id INTEGER NOT NULL REFERENCES persons (id),"
	"  category TEXT NOT NULL CHECK (category IN ('health', 'disability', 'location', 'family', 'judgment')),"
	"  kind BLOB,"                            /* sealed */
	"  text BLOB,"                            /* sealed */
	"  degree BLOB,"                          /* sealed */
	"  valid_until TEXT,"
	"  indications BLOB,"                     /* sealed */
	"  source_document BLOB,"                 /* sealed */
	"  date TEXT NOT NULL,"
	"  legal_basis TEXT NOT NULL,"
	"  created TEXT NOT NULL);"
	"CREATE INDEX records_person ON records (person_id, id);";
