/* The policy tables. Stored versions are only ever appended: a version is
 * the next number, and rows are never changed or removed (the triggers also
 * stop INSERT OR REPLACE, whose implicit delete fires no delete trigger). */
#include "policy.h"

const char cus__schema_policy[] =
	"CREATE TABLE policy_versions ("
	"  version INTEGER PRIMARY KEY CHECK (version >= 1),"
	"  policy_id TEXT NOT NULL,"
	"  name TEXT NOT NULL,"
	"  valid_from TEXT NOT NULL,"
	"  valid_to TEXT,"
	"  municipality TEXT NOT NULL,"
	"  teryt TEXT NOT NULL,"
	"  hash TEXT NOT NULL CHECK (length(hash) = 64),"   /* BLAKE2b-256 of yaml, hex */
	"  source TEXT NOT NULL,"
	"  yaml TEXT NOT NULL,"                             /* the file's bytes, exactly */
	"  loaded_by TEXT NOT NULL,"
	"  loaded_at TEXT NOT NULL,"
	"  purposes INTEGER NOT NULL,"
	"  roles INTEGER NOT NULL);"
	"CREATE TRIGGER policy_versions_append_only BEFORE INSERT ON policy_versions"
	"  WHEN NEW.version <> coalesce((SELECT max(version) FROM policy_versions), 0) + 1"
	"  BEGIN SELECT RAISE(ABORT, 'policy versions are only appended'); END;"
	"CREATE TRIGGER policy_versions_no_update BEFORE UPDATE ON policy_versions"
	"  BEGIN SELECT RAISE(ABORT, 'policy versions are never changed'); END;"
	"CREATE TRIGGER policy_versions_no_delete BEFORE DELETE ON policy_versions"
	"  BEGIN SELECT RAISE(ABORT, 'policy versions are never deleted'); END;";
