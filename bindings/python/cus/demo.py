"""The demonstration centre (demo.h): a synthetic centre the size of
Milanówek for the Programme period 2021-08-01 - 2023-09-30.

    summary = cus.demo_create("demo.db", "admin", passphrase=secret)
    with cus.Database.open("demo.db", "director", passphrase=secret) as db:
        ...

    db = cus.Database.demo("demo.db", "admin", passphrase=secret, persons=200, seed=7)
    db.demo_summary["deliveries"]

The staff accounts (cus.DEMO_STAFF: login, role, name) get staff_passphrase
(or staff_key_file), else the administrator's passphrase or key. The same
seed and persons give the same data.
"""

import ctypes
import os

from . import _lib
from .errors import check, clear

__all__ = ["demo_create", "DEMO_STAFF", "DEMO_PERSONS_DEFAULT", "DEMO_SEED_DEFAULT", "DEMO_SUMMARY_KEYS"]

_L = _lib.lib
_i64 = ctypes.c_int64

#: CUS_DEMO_PERSONS_DEFAULT, CUS_DEMO_SEED_DEFAULT (demo.h)
DEMO_PERSONS_DEFAULT = 2000
DEMO_SEED_DEFAULT = 2021

#: The fields of the summary, in the order of cus_demo_summary.
DEMO_SUMMARY_KEYS = (
    "staff", "persons", "residents", "households", "service_users", "records", "records_disability",
    "records_health", "records_location", "records_family", "records_judgment", "employment", "applications",
    "qualified", "refused", "pending", "withdrawn", "confirmations", "plans", "reviews", "reviews_late",
    "reviews_missing", "deliveries", "delivery_cost", "projects", "budget_lines", "plan_amount", "expenditures",
    "expenditure_amount", "audit_entries",
)


class cus_demo_options(ctypes.Structure):
    """cus_demo_options (demo.h), version 1."""
    _fields_ = [
        ("version", ctypes.c_uint),
        ("persons", ctypes.c_int),
        ("seed", ctypes.c_uint64),
        ("staff_key", _lib.key_p),
        ("policy_path", ctypes.c_char_p),
        ("tmpdir", ctypes.c_char_p),
        ("db_options", ctypes.POINTER(_lib.cus_db_options)),
        ("progress", ctypes.c_void_p),
        ("progress_ctx", ctypes.c_void_p),
    ]


class cus_demo_summary(ctypes.Structure):
    """cus_demo_summary (demo.h)."""
    _fields_ = [("version", ctypes.c_uint)] + [(k, _i64) for k in DEMO_SUMMARY_KEYS]


_PROTOTYPES = {
    "cus_demo_options_init": (ctypes.c_int, [ctypes.POINTER(cus_demo_options), ctypes.c_uint]),
    "cus_demo_create": (ctypes.c_int, [ctypes.POINTER(_lib.db_p), ctypes.c_char_p, ctypes.c_char_p, _lib.key_p,
                                       ctypes.POINTER(cus_demo_options), ctypes.POINTER(cus_demo_summary)]),
    "cus_demo_staff": (ctypes.c_int, [ctypes.c_size_t, ctypes.POINTER(ctypes.c_char_p),
                                      ctypes.POINTER(ctypes.c_char_p), ctypes.POINTER(ctypes.c_char_p)]),
}
for _name, (_res, _args) in _PROTOTYPES.items():
    _f = getattr(_L, _name)
    _f.restype = _res
    _f.argtypes = _args


def _staff():
    out, i = [], 0
    login, role, name = ctypes.c_char_p(), ctypes.c_char_p(), ctypes.c_char_p()
    while _L.cus_demo_staff(i, ctypes.byref(login), ctypes.byref(role), ctypes.byref(name)) == 0:
        out.append((login.value.decode(), role.value.decode(), name.value.decode("utf-8")))
        i += 1
    return tuple(out)


#: The staff accounts the demo makes: (login, role, display name).
DEMO_STAFF = _staff()


def _create(path, admin, passphrase, key_file, persons, seed, staff_passphrase, staff_key_file, policy, kdf,
            tmpdir, keep_open):
    from .db import Database, _key, _options, _path
    if not isinstance(admin, str):
        raise TypeError("admin must be str, not %s" % type(admin).__name__)
    if not isinstance(persons, int) or isinstance(persons, bool):
        raise TypeError("persons must be int")
    if not isinstance(seed, int) or isinstance(seed, bool) or seed < 0 or seed >= 1 << 64:
        raise ValueError("seed must be an int from 0 to 2**64 - 1")
    bpath = _path(path)
    o = cus_demo_options()
    clear()
    check(_L.cus_demo_options_init(ctypes.byref(o), 1))
    o.persons = persons
    o.seed = seed
    o.policy_path = None if policy is None else _path(policy, "policy")
    o.tmpdir = None if tmpdir is None else _path(tmpdir, "tmpdir")
    dbo = _options(kdf=kdf)
    o.db_options = ctypes.pointer(dbo)
    summary = cus_demo_summary()
    handle = _lib.db_p()
    with _key(passphrase, key_file) as key:
        if staff_passphrase is None and staff_key_file is None:
            clear()
            check(_L.cus_demo_create(ctypes.byref(handle) if keep_open else None, bpath, admin.encode("utf-8"),
                                     key, ctypes.byref(o), ctypes.byref(summary)))
        else:
            with _key(staff_passphrase, staff_key_file) as skey:
                o.staff_key = skey
                clear()
                check(_L.cus_demo_create(ctypes.byref(handle) if keep_open else None, bpath,
                                         admin.encode("utf-8"), key, ctypes.byref(o), ctypes.byref(summary)))
                o.staff_key = None
    result = {k: getattr(summary, k) for k in DEMO_SUMMARY_KEYS}
    if keep_open:
        db = Database(handle, path)
        db.demo_summary = result
        return db
    return result


def demo_create(path, admin="admin", *, passphrase=None, key_file=None, persons=DEMO_PERSONS_DEFAULT,
                seed=DEMO_SEED_DEFAULT, staff_passphrase=None, staff_key_file=None, policy=None, kdf=None,
                tmpdir=None):
    """Create the demonstration centre at path (cus_demo_create) and return
    its summary (a dict, keys DEMO_SUMMARY_KEYS; amounts in grosze). The
    files must not exist; on failure nothing is left behind."""
    return _create(path, admin, passphrase, key_file, persons, seed, staff_passphrase, staff_key_file, policy,
                   kdf, tmpdir, False)


def demo_open(path, admin="admin", **kw):
    """The same, returning the Database open as admin, with .demo_summary."""
    args = dict(passphrase=None, key_file=None, persons=DEMO_PERSONS_DEFAULT, seed=DEMO_SEED_DEFAULT,
                staff_passphrase=None, staff_key_file=None, policy=None, kdf=None, tmpdir=None)
    unknown = set(kw) - set(args)
    if unknown:
        raise TypeError("unexpected argument(s): %s" % ", ".join(sorted(unknown)))
    args.update(kw)
    return _create(path, admin, args["passphrase"], args["key_file"], args["persons"], args["seed"],
                   args["staff_passphrase"], args["staff_key_file"], args["policy"], args["kdf"], args["tmpdir"],
                   True)
