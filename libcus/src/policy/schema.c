/* The policy tables. Stored versions are never changed or removed. */
#include "policy.h"

const char cus__schema_policy[] =
	"CREATE TABLE policy_versions ("
	"  version INTEGER PRIMARY KEY,"
	"  policy_id TEXT NOT NULL,"
	"  name TEXT NOT NULL,"
	"  valid_from TEXT NOT NULL,"
	"  valid_to TEXT,"
	"  municipality TEXT NOT NULL,"
	"  teryt TEXT NOT NULL,"
	"  hash TEXT NOT NULL,"
	"  source TEXT NOT NULL,"
	"  yaml TEXT NOT NULL,"
	"  loaded_by TEXT NOT NULL,"
	"  loaded_at TEXT NOT NULL);"
	"CREATE TRIGGER policy_versions_no_update BEFORE UPDATE ON policy_versions"
	"  BEGIN SELECT RAISE(ABORT, 'policy versions are never changed'); END;"
	"CREATE TRIGGER policy_versions_no_delete BEFORE DELETE ON policy_versions"
	"  BEGIN SELECT RAISE(ABORT, 'policy versions are never deleted'); END;";
