"""Loading libcus and declaring its C API for ctypes.

This module mirrors the public headers (<cus/common.h>, <cus/db.h>,
<cus/access.h>, <cus/policy.h>, <cus/audit.h>, <cus/registry.h>,
<cus/import.h>): every struct is laid out exactly as in C and every exported
function gets its argument and return types here, so a mismatch shows up in
one file.

The library is found through the environment variable CUS_LIBRARY (a path to
libcus.so), otherwise through the system loader: ctypes.util.find_library("cus"),
then "libcus.so.0".
"""

import ctypes
import ctypes.util
import os

__all__ = ["lib", "path", "cus_error", "cus_db_options", "cus_db_info",
           "cus_table_rows", "DB_OPTIONS_VERSION", "cus_user", "cus_policy_info",
           "cus_purpose", "cus_role", "cus_audit_entry", "cus_audit_filter",
           "cus_audit_report", "AUDIT_FILTER_VERSION", "CATEGORY_COUNT",
           "cus_person_input", "cus_person", "cus_member", "cus_record_input", "cus_record",
           "cus_import_options", "cus_import_error", "cus_import_report", "import_progress_fn",
           "PERSON_INPUT_VERSION", "RECORD_INPUT_VERSION", "IMPORT_OPTIONS_VERSION"]

#: CUS_CATEGORY_COUNT (access.h)
CATEGORY_COUNT = 13

# ---------------------------------------------------------------- structs

class cus_error(ctypes.Structure):
    """struct cus_error (common.h)."""
    _fields_ = [
        ("code", ctypes.c_int),
        ("module", ctypes.c_char_p),
        ("message", ctypes.c_char_p),
        ("field", ctypes.c_char_p),
        ("line", ctypes.c_int),
        ("column", ctypes.c_int),
    ]


#: CUS_DB_OPTIONS_VERSION (db.h)
DB_OPTIONS_VERSION = 1


class cus_db_options(ctypes.Structure):
    """cus_db_options (db.h), version CUS_DB_OPTIONS_VERSION."""
    _fields_ = [
        ("version", ctypes.c_uint),
        ("kdf_opslimit", ctypes.c_ulonglong),
        ("kdf_memlimit", ctypes.c_size_t),
        ("keystore_path", ctypes.c_char_p),
        ("read_only", ctypes.c_int),
        ("checkpoints_path", ctypes.c_char_p),
    ]


class cus_table_rows(ctypes.Structure):
    """cus_table_rows (db.h)."""
    _fields_ = [
        ("name", ctypes.c_char_p),
        ("rows", ctypes.c_int64),
    ]


class cus_db_info(ctypes.Structure):
    """cus_db_info (db.h)."""
    _fields_ = [
        ("format_version", ctypes.c_int),
        ("library_format_version", ctypes.c_int),
        ("library_version", ctypes.c_char_p),
        ("sqlcipher_version", ctypes.c_char_p),
        ("sqlite_version", ctypes.c_char_p),
        ("cipher_page_size", ctypes.c_int),
        ("journal_mode", ctypes.c_char_p),
        ("database_id", ctypes.c_char_p),
        ("created", ctypes.c_char_p),
        ("user", ctypes.c_char_p),
        ("kdf", ctypes.c_char_p),
        ("kdf_opslimit", ctypes.c_ulonglong),
        ("kdf_memlimit", ctypes.c_size_t),
        ("kdf_min_opslimit", ctypes.c_ulonglong),
        ("kdf_min_memlimit", ctypes.c_size_t),
        ("key_slots", ctypes.c_int),
        ("policy_version", ctypes.c_int64),
        ("table_count", ctypes.c_size_t),
        ("tables", ctypes.POINTER(cus_table_rows)),
    ]


class cus_user(ctypes.Structure):
    """cus_user (access.h)."""
    _fields_ = [(n, ctypes.c_char_p) for n in
                ("login", "name", "role", "state", "created", "changed", "created_by")]


class cus_policy_info(ctypes.Structure):
    """cus_policy_info (policy.h)."""
    _fields_ = [
        ("version", ctypes.c_int64),
        ("policy_id", ctypes.c_char_p),
        ("name", ctypes.c_char_p),
        ("valid_from", ctypes.c_char_p),
        ("valid_to", ctypes.c_char_p),
        ("municipality", ctypes.c_char_p),
        ("teryt", ctypes.c_char_p),
        ("hash", ctypes.c_char_p),
        ("loaded_by", ctypes.c_char_p),
        ("loaded_at", ctypes.c_char_p),
        ("source", ctypes.c_char_p),
        ("purposes", ctypes.c_int),
        ("roles", ctypes.c_int),
    ]


class cus_purpose(ctypes.Structure):
    """cus_purpose (policy.h)."""
    _fields_ = [("code", ctypes.c_char_p), ("name", ctypes.c_char_p), ("legal_basis", ctypes.c_char_p)]


class cus_role(ctypes.Structure):
    """cus_role (policy.h)."""
    _fields_ = [("code", ctypes.c_char_p), ("name", ctypes.c_char_p)]


class cus_audit_entry(ctypes.Structure):
    """cus_audit_entry (audit.h)."""
    _fields_ = [
        ("seq", ctypes.c_int64),
        ("time", ctypes.c_char_p),
        ("user", ctypes.c_char_p),
        ("role", ctypes.c_char_p),
        ("session", ctypes.c_char_p),
        ("action", ctypes.c_char_p),
        ("object_type", ctypes.c_char_p),
        ("subject", ctypes.c_char_p),
        ("categories", ctypes.c_char_p),
        ("purpose", ctypes.c_char_p),
        ("legal_basis", ctypes.c_char_p),
        ("outcome", ctypes.c_char_p),
        ("policy_version", ctypes.c_int64),
        ("detail", ctypes.c_char_p),
        ("prev_hash", ctypes.c_char_p),
        ("hash", ctypes.c_char_p),
    ]


#: CUS_AUDIT_FILTER_VERSION (audit.h)
AUDIT_FILTER_VERSION = 1


class cus_audit_filter(ctypes.Structure):
    """cus_audit_filter (audit.h)."""
    _fields_ = [
        ("version", ctypes.c_uint),
        ("subject", ctypes.c_char_p),
        ("user", ctypes.c_char_p),
        ("from_", ctypes.c_char_p),
        ("to", ctypes.c_char_p),
    ]


class cus_audit_report(ctypes.Structure):
    """cus_audit_report (audit.h)."""
    _fields_ = [
        ("entries", ctypes.c_int64),
        ("checkpoints", ctypes.c_int64),
        ("first_bad_seq", ctypes.c_int64),
        ("problem", ctypes.c_char_p),
        ("db_checkpoints", ctypes.c_int64),
        ("file_checkpoints", ctypes.c_int64),
    ]


#: CUS_PERSON_INPUT_VERSION (registry.h)
PERSON_INPUT_VERSION = 1


class cus_person_input(ctypes.Structure):
    """cus_person_input (registry.h), version CUS_PERSON_INPUT_VERSION."""
    _fields_ = [
        ("version", ctypes.c_uint),
        ("pesel", ctypes.c_char_p),
        ("first_names", ctypes.c_char_p),
        ("last_name", ctypes.c_char_p),
        ("birth_date", ctypes.c_char_p),
        ("sex", ctypes.c_char),
        ("address", ctypes.c_char_p),
        ("phone", ctypes.c_char_p),
        ("email", ctypes.c_char_p),
        ("financial", ctypes.c_char_p),
        ("teryt", ctypes.c_char_p),
        ("registered", ctypes.c_char_p),
    ]


class cus_person(ctypes.Structure):
    """cus_person (registry.h)."""
    _fields_ = [
        ("id", ctypes.c_int64),
        ("version", ctypes.c_int64),
        ("pesel", ctypes.c_char_p),
        ("first_names", ctypes.c_char_p),
        ("last_name", ctypes.c_char_p),
        ("birth_date", ctypes.c_char_p),
        ("sex", ctypes.c_char),
        ("address", ctypes.c_char_p),
        ("phone", ctypes.c_char_p),
        ("email", ctypes.c_char_p),
        ("financial", ctypes.c_char_p),
        ("teryt", ctypes.c_char_p),
        ("registered", ctypes.c_char_p),
        ("changed", ctypes.c_char_p),
    ]


class cus_member(ctypes.Structure):
    """cus_member (registry.h)."""
    _fields_ = [
        ("person_id", ctypes.c_int64),
        ("relation", ctypes.c_char_p),
        ("birth_date", ctypes.c_char_p),
        ("sex", ctypes.c_char),
    ]


#: CUS_RECORD_INPUT_VERSION (registry.h)
RECORD_INPUT_VERSION = 1


class cus_record_input(ctypes.Structure):
    """cus_record_input (registry.h), version CUS_RECORD_INPUT_VERSION."""
    _fields_ = [("version", ctypes.c_uint)] + [(n, ctypes.c_char_p) for n in (
        "category", "kind", "text", "degree", "valid_until", "indications", "source_document", "date",
        "legal_basis")]


class cus_record(ctypes.Structure):
    """cus_record (registry.h)."""
    _fields_ = [("id", ctypes.c_int64), ("person_id", ctypes.c_int64)] + [(n, ctypes.c_char_p) for n in (
        "category", "kind", "text", "degree", "valid_until", "indications", "source_document", "date",
        "legal_basis", "created")]


#: CUS_IMPORT_OPTIONS_VERSION (import.h)
IMPORT_OPTIONS_VERSION = 1

#: void (*progress)(void *ctx, uint64_t done, uint64_t total) (import.h)
import_progress_fn = ctypes.CFUNCTYPE(None, ctypes.c_void_p, ctypes.c_uint64, ctypes.c_uint64)


class cus_import_options(ctypes.Structure):
    """cus_import_options (import.h), version CUS_IMPORT_OPTIONS_VERSION."""
    _fields_ = [
        ("version", ctypes.c_uint),
        ("encoding", ctypes.c_char_p),
        ("delimiter", ctypes.c_char),
        ("progress", import_progress_fn),
        ("progress_ctx", ctypes.c_void_p),
    ]


class cus_import_error(ctypes.Structure):
    """cus_import_error (import.h)."""
    _fields_ = [
        ("line", ctypes.c_int64),
        ("field", ctypes.c_char_p),
        ("message", ctypes.c_char_p),
    ]


class cus_import_report(ctypes.Structure):
    """cus_import_report (import.h)."""
    _fields_ = [
        ("rows", ctypes.c_int64),
        ("imported", ctypes.c_int64),
        ("error_count", ctypes.c_size_t),
        ("errors", ctypes.POINTER(cus_import_error)),
        ("encoding", ctypes.c_char_p),
        ("delimiter", ctypes.c_char),
        ("error_total", ctypes.c_size_t),
    ]


class cus_pesel_info(ctypes.Structure):
    """cus_pesel_info (util.h)."""
    _fields_ = [("birth_date", ctypes.c_char * 11), ("sex", ctypes.c_char)]


class cus_service_condition(ctypes.Structure):
    """cus_service_condition (policy.h)."""
    _fields_ = [("kind", ctypes.c_char_p), ("value", ctypes.c_int), ("text", ctypes.c_char_p)]


class cus_service(ctypes.Structure):
    """cus_service (policy.h)."""
    _fields_ = [
        ("code", ctypes.c_char_p),
        ("name", ctypes.c_char_p),
        ("area", ctypes.c_char_p),
        ("area_name", ctypes.c_char_p),
        ("unit", ctypes.c_char_p),
        ("funding", ctypes.POINTER(ctypes.c_char_p)),
        ("nfunding", ctypes.c_size_t),
        ("conditions", ctypes.POINTER(cus_service_condition)),
        ("nconditions", ctypes.c_size_t),
    ]


# Opaque handles: only ever used through pointers.
class cus_db(ctypes.Structure):
    pass


class cus_key(ctypes.Structure):
    pass


class cus_session(ctypes.Structure):
    pass


class cus_user_iter(ctypes.Structure):
    pass


class cus_policy_iter(ctypes.Structure):
    pass


class cus_audit_iter(ctypes.Structure):
    pass


class cus_person_iter(ctypes.Structure):
    pass


class cus_member_iter(ctypes.Structure):
    pass


class cus_record_iter(ctypes.Structure):
    pass


# ---------------------------------------------------------------- loading

def _load():
    env = os.environ.get("CUS_LIBRARY")
    if env:
        try:
            return ctypes.CDLL(env), env
        except OSError as e:
            raise ImportError("cannot load libcus from CUS_LIBRARY=%r: %s" % (env, e)) from e
    tried = []
    for name in (ctypes.util.find_library("cus"), "libcus.so.0"):
        if not name or name in tried:
            continue
        tried.append(name)
        try:
            return ctypes.CDLL(name), name
        except OSError:
            pass
    raise ImportError("cannot find libcus (tried %s); set CUS_LIBRARY to the path of libcus.so"
                      % (", ".join(tried) or "nothing"))


lib, path = _load()

_c_int, _c_char_p, _c_void_p = ctypes.c_int, ctypes.c_char_p, ctypes.c_void_p
_P = ctypes.POINTER
_db_p = _P(cus_db)
_key_p = _P(cus_key)

# name: (restype, argtypes), in header order.
_PROTOTYPES = {
    # common.h
    "cus_error_last": (_P(cus_error), []),
    "cus_error_clear": (None, []),
    "cus_error_name": (_c_char_p, [_c_int]),
    "cus_strerror": (_c_char_p, [_c_int]),
    "cus_version": (_c_char_p, []),
    "cus_version_number": (_c_int, []),
    "cus_free": (None, [_c_void_p]),
    # db.h
    "cus_key_from_passphrase": (_c_int, [_P(_key_p), _c_char_p, ctypes.c_size_t]),
    "cus_key_from_file": (_c_int, [_P(_key_p), _c_char_p]),
    "cus_key_file_generate": (_c_int, [_c_char_p]),
    "cus_key_free": (None, [_key_p]),
    "cus_kdf_opslimit": (ctypes.c_ulonglong, [_c_int]),
    "cus_kdf_memlimit": (ctypes.c_size_t, [_c_int]),
    "cus_db_options_init": (_c_int, [_P(cus_db_options), ctypes.c_uint]),
    "cus_db_create": (_c_int, [_P(_db_p), _c_char_p, _c_char_p, _key_p, _P(cus_db_options)]),
    "cus_db_open": (_c_int, [_P(_db_p), _c_char_p, _c_char_p, _key_p, _P(cus_db_options)]),
    "cus_db_close": (None, [_db_p]),
    "cus_db_change_passphrase": (_c_int, [_db_p, _key_p, _P(cus_db_options)]),
    "cus_db_user": (_c_char_p, [_db_p]),
    "cus_db_info_get": (_c_int, [_P(_P(cus_db_info)), _db_p]),
    "cus_db_info_free": (None, [_P(cus_db_info)]),
    "cus_db_format_version": (_c_int, []),
    # util.h
    "cus_pesel_check": (_c_int, [_c_char_p, _P(cus_pesel_info)]),
    "cus_nip_check": (_c_int, [_c_char_p, _c_char_p]),
    "cus_regon_check": (_c_int, [_c_char_p, _c_char_p]),
    # access.h
    "cus_category_name": (_c_char_p, [_c_int]),
    "cus_db_init": (_c_int, [_P(_db_p), _c_char_p, _c_char_p, _key_p, _c_char_p, _P(cus_db_options)]),
    "cus_session_open": (_c_int, [_P(_P(cus_session)), _db_p, _c_char_p]),
    "cus_session_close": (None, [_P(cus_session)]),
    "cus_session_user": (_c_char_p, [_P(cus_session)]),
    "cus_session_role": (_c_char_p, [_P(cus_session)]),
    "cus_session_purpose": (_c_char_p, [_P(cus_session)]),
    "cus_session_id": (_c_char_p, [_P(cus_session)]),
    "cus_session_policy_version": (ctypes.c_int64, [_P(cus_session)]),
    "cus_session_allows": (_c_int, [_P(cus_session), _c_char_p, ctypes.c_uint]),
    "cus_user_add": (_c_int, [_P(cus_session), _c_char_p, _c_char_p, _c_char_p, _key_p, _P(cus_db_options)]),
    "cus_user_disable": (_c_int, [_P(cus_session), _c_char_p]),
    "cus_user_list": (_c_int, [_P(_P(cus_user_iter)), _P(cus_session)]),
    "cus_user_next": (_c_int, [_P(_P(cus_user)), _P(cus_user_iter)]),
    "cus_user_iter_free": (None, [_P(cus_user_iter)]),
    # policy.h
    "cus_policy_check_file": (_c_int, [_c_char_p]),
    "cus_policy_check_buffer": (_c_int, [_c_char_p, _c_char_p, ctypes.c_size_t]),
    "cus_policy_load_file": (_c_int, [_P(cus_session), _c_char_p, _P(ctypes.c_int64)]),
    "cus_policy_info_get": (_c_int, [_P(_P(cus_policy_info)), _db_p, ctypes.c_int64]),
    "cus_policy_info_free": (None, [_P(cus_policy_info)]),
    "cus_policy_text": (_c_int, [_P(_c_void_p), _P(ctypes.c_size_t), _db_p, ctypes.c_int64]),
    "cus_policy_history": (_c_int, [_P(_P(cus_policy_iter)), _db_p]),
    "cus_policy_next": (_c_int, [_P(_P(cus_policy_info)), _P(cus_policy_iter)]),
    "cus_policy_iter_free": (None, [_P(cus_policy_iter)]),
    "cus_policy_purposes": (_c_int, [_P(_P(cus_purpose)), _db_p]),
    "cus_policy_roles": (_c_int, [_P(_P(cus_role)), _db_p]),
    "cus_policy_services": (_c_int, [_P(_P(cus_service)), _db_p]),
    "cus_policy_allows": (_c_int, [_db_p, _c_char_p, _c_char_p, ctypes.c_uint, _c_char_p]),
    "cus_policy_default_path": (_c_char_p, []),
    # audit.h
    "cus_audit_log": (_c_int, [_P(_P(cus_audit_iter)), _P(cus_session), _P(cus_audit_filter)]),
    "cus_audit_next": (_c_int, [_P(_P(cus_audit_entry)), _P(cus_audit_iter)]),
    "cus_audit_iter_free": (None, [_P(cus_audit_iter)]),
    "cus_audit_checkpoint": (_c_int, [_P(cus_session), _c_char_p, _P(ctypes.c_int64)]),
    "cus_audit_verify": (_c_int, [_P(_P(cus_audit_report)), _db_p, _c_char_p]),
    "cus_audit_report_free": (None, [_P(cus_audit_report)]),
    # registry.h
    "cus_person_add": (_c_int, [_P(cus_session), _P(cus_person_input), _P(ctypes.c_int64)]),
    "cus_person_get": (_c_int, [_P(_P(cus_person)), _P(cus_session), ctypes.c_int64]),
    "cus_person_by_pesel": (_c_int, [_P(_P(cus_person)), _P(cus_session), _c_char_p]),
    "cus_person_update": (_c_int, [_P(cus_session), ctypes.c_int64, _P(cus_person_input)]),
    "cus_person_free": (None, [_P(cus_person)]),
    "cus_person_list": (_c_int, [_P(_P(cus_person_iter)), _P(cus_session)]),
    "cus_person_find": (_c_int, [_P(_P(cus_person_iter)), _P(cus_session), _c_char_p]),
    "cus_person_next": (_c_int, [_P(_P(cus_person)), _P(cus_person_iter)]),
    "cus_person_iter_free": (None, [_P(cus_person_iter)]),
    "cus_relation_name": (_c_char_p, [_c_int]),
    "cus_household_link": (_c_int, [_P(cus_session), ctypes.c_int64, ctypes.c_int64, _c_char_p]),
    "cus_household_members": (_c_int, [_P(_P(cus_member_iter)), _P(cus_session), ctypes.c_int64]),
    "cus_member_next": (_c_int, [_P(_P(cus_member)), _P(cus_member_iter)]),
    "cus_member_iter_free": (None, [_P(cus_member_iter)]),
    "cus_person_has_child_under": (_c_int, [_P(cus_session), ctypes.c_int64, _c_int, _c_char_p]),
    "cus_record_add": (_c_int, [_P(cus_session), ctypes.c_int64, _P(cus_record_input), _P(ctypes.c_int64)]),
    "cus_record_list": (_c_int, [_P(_P(cus_record_iter)), _P(cus_session), ctypes.c_int64, _c_char_p]),
    "cus_record_next": (_c_int, [_P(_P(cus_record)), _P(cus_record_iter)]),
    "cus_record_iter_free": (None, [_P(cus_record_iter)]),
    # import.h
    "cus_import_persons": (_c_int, [_P(_P(cus_import_report)), _P(cus_session), _c_char_p,
                                    _P(cus_import_options)]),
    "cus_import_report_free": (None, [_P(cus_import_report)]),
}

_missing = []
for _name, (_restype, _argtypes) in _PROTOTYPES.items():
    try:
        _f = getattr(lib, _name)
    except AttributeError:
        _missing.append(_name)
        continue
    _f.restype = _restype
    _f.argtypes = _argtypes
if _missing:
    raise ImportError("%s does not export %s" % (path, ", ".join(_missing)))

db_p = _db_p
key_p = _key_p
