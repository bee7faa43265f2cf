"""Python binding of libcus, the encrypted records library of a municipal
Social Services Centre (Centrum Usług Społecznych).

    import cus
    with cus.Database.open("centre.db", passphrase=secret) as db:
        print(db.user, db.info()["format_version"])

The library is loaded with ctypes from $CUS_LIBRARY, else through the system
loader (find_library("cus"), then "libcus.so.0").
"""

from . import _lib
from .errors import (Error, InternalError, InvalidInputError, OutOfMemoryError,
                     FileError, NotFoundError, ExistsError, WrongKeyError,
                     NotADatabaseError, KeyStoreError, VersionError,
                     AccessDeniedError, IntegrityError, ShreddedError, BusyError,
                     CryptoError, error_name, strerror)
from .db import Database, generate_key_file, kdf_limits, format_version, KDF_PRESETS
from .ids import check_pesel, check_nip, check_regon
from .security import (Session, OPS, categories, check_policy, check_policy_text,
                       default_policy_path)
from .registry import PERSON_FIELDS, PERSON_KEYS, RECORD_FIELDS, RELATIONS, RECORD_CATEGORIES
from .cases import (units_parse, condition_code, CONDITION_RESULTS, QUALIFICATION_RESULTS,
                    EMPLOYMENT_STATUSES, APPLICANTS, APPLICATION_STATUSES, APPLICATION_KEYS)
from .plans import PLAN_KEYS, CHECKPOINT_KEYS, DELIVERY_KEYS, REVIEW_KINDS, CHECKPOINT_STATUSES
from .indicators import DIMENSIONS, MEASURES, INDICATOR_MAX_DIMS
from .sdc import suppress, suppress_periods, Suppression, SDC_STATUSES, SDC_K_DEFAULT, SDC_K_MIN
from .finance import BUDGET_BY, money_parse, money_format
from .rights import open_break_glass, ANOMALY_KINDS, BREAK_GLASS_MIN_REASON
from . import rights
from .report import check_report_definition, report_path
from .demo import (demo_create, DEMO_STAFF, DEMO_PERSONS_DEFAULT, DEMO_SEED_DEFAULT,
                   DEMO_SUMMARY_KEYS)

__all__ = [
    "version", "version_number", "library_path",
    "Database", "generate_key_file", "kdf_limits", "format_version", "KDF_PRESETS",
    "check_pesel", "check_nip", "check_regon",
    "Session", "OPS", "categories", "check_policy", "check_policy_text", "default_policy_path",
    "PERSON_FIELDS", "PERSON_KEYS", "RECORD_FIELDS", "RELATIONS", "RECORD_CATEGORIES",
    "units_parse", "condition_code", "CONDITION_RESULTS", "QUALIFICATION_RESULTS", "EMPLOYMENT_STATUSES",
    "APPLICANTS", "APPLICATION_STATUSES", "APPLICATION_KEYS",
    "PLAN_KEYS", "CHECKPOINT_KEYS", "DELIVERY_KEYS", "REVIEW_KINDS", "CHECKPOINT_STATUSES",
    "DIMENSIONS", "MEASURES", "INDICATOR_MAX_DIMS",
    "Error", "InternalError", "InvalidInputError", "OutOfMemoryError",
    "FileError", "NotFoundError", "ExistsError", "WrongKeyError",
    "NotADatabaseError", "KeyStoreError", "VersionError", "AccessDeniedError",
    "IntegrityError", "ShreddedError", "BusyError", "CryptoError",
    "error_name", "strerror",
    "suppress", "suppress_periods", "Suppression", "SDC_STATUSES", "SDC_K_DEFAULT", "SDC_K_MIN",
    "BUDGET_BY", "money_parse", "money_format",
    "check_report_definition", "report_path",
    "demo_create", "DEMO_STAFF", "DEMO_PERSONS_DEFAULT", "DEMO_SEED_DEFAULT", "DEMO_SUMMARY_KEYS",
]

#: The path or name libcus was loaded from.
library_path = _lib.path


def version():
    """The libcus version at run time, e.g. "0.1.0" (cus_version)."""
    return _lib.lib.cus_version().decode("ascii")


def version_number():
    """The version as major * 10000 + minor * 100 + patch."""
    return _lib.lib.cus_version_number()
