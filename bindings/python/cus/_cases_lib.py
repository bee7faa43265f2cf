"""ctypes declarations of <cus/cases.h> (case work) and of the one util.h
function the case-work binding needs (cus_money_parse).

Kept apart from _lib.py: every struct here is laid out exactly as in
cases.h, and every function gets its argument and return types here.

As in _lib.py, a function missing from the loaded libcus fails the import
(ImportError naming it): a mismatch shows at once, not at the first call.
"""

import ctypes

from . import _lib

__all__ = ["cus_application_input", "cus_application", "cus_condition_eval", "cus_qualification",
           "cus_qualify_options", "cus_qualify_summary", "cus_plan_input", "cus_plan",
           "cus_plan_checkpoint", "cus_delivery_input", "cus_delivery", "cus_delivery_filter",
           "cus_application_iter", "cus_plan_iter", "cus_checkpoint_iter", "cus_delivery_iter",
           "APPLICATION_INPUT_VERSION", "QUALIFY_OPTIONS_VERSION", "PLAN_INPUT_VERSION",
           "DELIVERY_INPUT_VERSION", "DELIVERY_FILTER_VERSION", "CONDITION_CODE_SIZE", "lib"]

_i64, _int, _uint, _p, _size = ctypes.c_int64, ctypes.c_int, ctypes.c_uint, ctypes.c_char_p, ctypes.c_size_t
_P = ctypes.POINTER

# ---------------------------------------------------------------- structs

#: CUS_APPLICATION_INPUT_VERSION
APPLICATION_INPUT_VERSION = 1


class cus_application_input(ctypes.Structure):
    """cus_application_input, version CUS_APPLICATION_INPUT_VERSION."""
    _fields_ = [
        ("version", _uint),
        ("person", _i64),
        ("service", _p),
        ("date", _p),
        ("applicant", _p),
        ("representative", _i64),
        ("declaration_date", _p),
        ("duration_months", _int),
    ]


class cus_application(ctypes.Structure):
    """cus_application."""
    _fields_ = [
        ("id", _i64),
        ("person_id", _i64),
        ("service", _p),
        ("date", _p),
        ("applicant", _p),
        ("representative_id", _i64),
        ("declaration_date", _p),
        ("duration_months", _int),
        ("plan_required", _int),
        ("status", _p),
        ("decision_date", _p),
        ("decided_by", _p),
        ("decision_policy_version", _i64),
        ("reasons", _p),
        ("withdrawn_date", _p),
        ("created", _p),
    ]


class cus_condition_eval(ctypes.Structure):
    """cus_condition_eval."""
    _fields_ = [
        ("code", _p),
        ("kind", _p),
        ("value", _int),
        ("text", _p),
        ("result", _int),
        ("result_name", _p),
        ("explanation", _p),
        ("confirmed_by", _p),
    ]


class cus_qualification(ctypes.Structure):
    """cus_qualification."""
    _fields_ = [
        ("application_id", _i64),
        ("person_id", _i64),
        ("service", _p),
        ("as_of", _p),
        ("result", _int),
        ("result_name", _p),
        ("conditions", _P(cus_condition_eval)),
        ("nconditions", _size),
        ("policy_version", _i64),
        ("decided_by", _p),
        ("decision_date", _p),
        ("plan_required", _int),
        ("status", _p),
        ("run", _i64),
    ]


#: CUS_QUALIFY_OPTIONS_VERSION
QUALIFY_OPTIONS_VERSION = 1


class cus_qualify_options(ctypes.Structure):
    """cus_qualify_options, version CUS_QUALIFY_OPTIONS_VERSION."""
    _fields_ = [
        ("version", _uint),
        ("decision_date", _p),
        ("dry_run", _int),
    ]


class cus_qualify_summary(ctypes.Structure):
    """cus_qualify_summary."""
    _fields_ = [(n, _i64) for n in ("evaluated", "qualified", "refused", "pending")]


#: CUS_PLAN_INPUT_VERSION
PLAN_INPUT_VERSION = 1


class cus_plan_input(ctypes.Structure):
    """cus_plan_input, version CUS_PLAN_INPUT_VERSION."""
    _fields_ = [
        ("version", _uint),
        ("person", _i64),
        ("start", _p),
        ("end", _p),
        ("coordinator", _p),
        ("services", _P(_p)),
        ("nservices", _size),
        ("goals", _p),
    ]


class cus_plan(ctypes.Structure):
    """cus_plan."""
    _fields_ = [
        ("id", _i64),
        ("person_id", _i64),
        ("start", _p),
        ("end", _p),
        ("coordinator", _p),
        ("services", _P(_p)),
        ("nservices", _size),
        ("goals", _p),
        ("status", _p),
        ("closed", _p),
        ("created", _p),
    ]


class cus_plan_checkpoint(ctypes.Structure):
    """cus_plan_checkpoint."""
    _fields_ = [
        ("plan_id", _i64),
        ("person_id", _i64),
        ("coordinator", _p),
        ("kind", _p),
        ("number", _int),
        ("due", _p),
        ("done", _p),
        ("on_time", _int),
        ("status", _p),
        ("days", _int),
    ]


#: CUS_DELIVERY_INPUT_VERSION
DELIVERY_INPUT_VERSION = 1


class cus_delivery_input(ctypes.Structure):
    """cus_delivery_input, version CUS_DELIVERY_INPUT_VERSION."""
    _fields_ = [
        ("version", _uint),
        ("person", _i64),
        ("service", _p),
        ("date", _p),
        ("units", _i64),
        ("cost", _i64),
        ("provider", _p),
        ("funding", _p),
    ]


class cus_delivery(ctypes.Structure):
    """cus_delivery."""
    _fields_ = [
        ("id", _i64),
        ("person_id", _i64),
        ("application_id", _i64),
        ("service", _p),
        ("date", _p),
        ("units", _i64),
        ("cost", _i64),
        ("provider", _p),
        ("funding", _p),
        ("created", _p),
    ]


#: CUS_DELIVERY_FILTER_VERSION
DELIVERY_FILTER_VERSION = 1


class cus_delivery_filter(ctypes.Structure):
    """cus_delivery_filter, version CUS_DELIVERY_FILTER_VERSION."""
    _fields_ = [
        ("version", _uint),
        ("person", _i64),
        ("service", _p),
        ("from_", _p),       # "from" in C
        ("to", _p),
    ]


# Opaque iterators.
class cus_application_iter(ctypes.Structure):
    pass


class cus_plan_iter(ctypes.Structure):
    pass


class cus_checkpoint_iter(ctypes.Structure):
    pass


class cus_delivery_iter(ctypes.Structure):
    pass


#: The buffer cus_service_condition_code() needs ("at least 32 bytes").
CONDITION_CODE_SIZE = 64

# ---------------------------------------------------------------- prototypes

_sess = _P(_lib.cus_session)
_report_pp = _P(_P(_lib.cus_import_report))
_import_opts_p = _P(_lib.cus_import_options)

_PROTOTYPES = {
    # employment
    "cus_employment_add": (_int, [_sess, _i64, _p, _p, _p, _P(_i64)]),
    "cus_employment_on": (_int, [_P(_p), _P(ctypes.c_char), _sess, _i64, _p]),
    # applications
    "cus_application_input_init": (_int, [_P(cus_application_input), _uint]),
    "cus_application_add": (_int, [_sess, _P(cus_application_input), _P(_i64)]),
    "cus_application_get": (_int, [_P(_P(cus_application)), _sess, _i64]),
    "cus_application_free": (None, [_P(cus_application)]),
    "cus_application_list": (_int, [_P(_P(cus_application_iter)), _sess, _i64, _p]),
    "cus_application_next": (_int, [_P(_P(cus_application)), _P(cus_application_iter)]),
    "cus_application_iter_free": (None, [_P(cus_application_iter)]),
    "cus_application_withdraw": (_int, [_sess, _i64, _p]),
    # qualification
    "cus_condition_result_name": (_p, [_int]),
    "cus_qualification_result_name": (_p, [_int]),
    "cus_service_condition_code": (_int, [_P(ctypes.c_char), _size, _P(_lib.cus_service), _size]),
    "cus_qualify_options_init": (_int, [_P(cus_qualify_options), _uint]),
    "cus_qualify": (_int, [_P(_P(cus_qualification)), _sess, _i64, _P(cus_qualify_options)]),
    "cus_qualification_free": (None, [_P(cus_qualification)]),
    "cus_qualify_pending": (_int, [_P(cus_qualify_summary), _sess, _p, _P(cus_qualify_options)]),
    "cus_condition_confirm": (_int, [_sess, _i64, _p, _int, _p]),
    # plans
    "cus_plan_input_init": (_int, [_P(cus_plan_input), _uint]),
    "cus_plan_add": (_int, [_sess, _P(cus_plan_input), _P(_i64)]),
    "cus_plan_get": (_int, [_P(_P(cus_plan)), _sess, _i64]),
    "cus_plan_free": (None, [_P(cus_plan)]),
    "cus_plan_list": (_int, [_P(_P(cus_plan_iter)), _sess, _i64]),
    "cus_plan_next": (_int, [_P(_P(cus_plan)), _P(cus_plan_iter)]),
    "cus_plan_iter_free": (None, [_P(cus_plan_iter)]),
    "cus_plan_close": (_int, [_sess, _i64, _p]),
    "cus_plan_review": (_int, [_sess, _i64, _p, _p, _p, _P(_int)]),
    "cus_plan_schedule": (_int, [_P(_P(cus_checkpoint_iter)), _sess, _i64, _p, _int]),
    "cus_plan_due": (_int, [_P(_P(cus_checkpoint_iter)), _sess, _p, _int]),
    "cus_checkpoint_next": (_int, [_P(_P(cus_plan_checkpoint)), _P(cus_checkpoint_iter)]),
    "cus_checkpoint_iter_free": (None, [_P(cus_checkpoint_iter)]),
    # deliveries
    "cus_delivery_input_init": (_int, [_P(cus_delivery_input), _uint]),
    "cus_units_parse": (_int, [_p, _P(_i64)]),
    "cus_delivery_add": (_int, [_sess, _P(cus_delivery_input), _P(_i64)]),
    "cus_delivery_list": (_int, [_P(_P(cus_delivery_iter)), _sess, _P(cus_delivery_filter)]),
    "cus_delivery_next": (_int, [_P(_P(cus_delivery)), _P(cus_delivery_iter)]),
    "cus_delivery_iter_free": (None, [_P(cus_delivery_iter)]),
    # imports
    "cus_import_applications": (_int, [_report_pp, _sess, _p, _import_opts_p]),
    "cus_import_deliveries": (_int, [_report_pp, _sess, _p, _import_opts_p]),
    # util.h
    "cus_money_parse": (_int, [_p, _P(_i64)]),
}


lib = _lib.lib
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
    raise ImportError("%s does not export %s" % (_lib.path, ", ".join(_missing)))
