/* The user accounts. Key slots live in the key store; this is who they are. */
#include "../store/store.h"

const char cus__schema_access[] =
	"CREATE TABLE users ("
	"  login TEXT PRIMARY KEY,"
	"  name TEXT NOT NULL DEFAULT '',"
	"  role TEXT NOT NULL,"
	"  state TEXT NOT NULL CHECK (state IN ('active', 'disabled')),"
	"  created TEXT NOT NULL,"
	"  changed TEXT NOT NULL,"
	"  created_by TEXT);";
