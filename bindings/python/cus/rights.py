"""Data-subject rights (arts 15, 16, 18), the register of processing (art. 30)
and the data protection officer's tools (<cus/rights.h>).

These are methods of cus.Session (through RightsMixin):

    with db.session("data_subject_request") as s:      # the IOD
        copy = s.export_person(pid)                    # dict of sections (art. 15)
        s.export_person(pid, path="copy.xlsx")         # or a file, JSON or XLSX
        s.restrict(pid, "art. 18 ust. 1 lit. a")       # art. 18; s.lift(pid, reason)
    with db.session("qualification") as s:
        s.rectify(pid, "last_name", "Nowak", reason="akt małżeństwa")
        s.person_history(pid)                          # the values changes replaced
    with db.session("audit") as s:
        s.anomalies(from_date="2024-01-01")
        s.access_report("report.xlsx", person=pid)
        for b in s.break_glass_list(): s.acknowledge_break_glass(b["id"])
    with cus.open_break_glass(db, "qualification", "a justification of 20+ characters") as s:
        ...

register(db, path) writes the register of processing activities.
"""

import ctypes
import json
import os
import tempfile

from . import _lib
from .errors import check, clear

__all__ = ["RightsMixin", "open_break_glass", "register", "ANOMALY_KINDS", "FORMATS",
           "BREAK_GLASS_MIN_REASON"]

_i64, _int, _uint, _p = ctypes.c_int64, ctypes.c_int, ctypes.c_uint, ctypes.c_char_p
_P = ctypes.POINTER

#: cus_format
FORMATS = {None: 0, "json": 1, "xlsx": 2}
#: cus_anomaly_kind names, ANOMALY_KINDS[k - 1] for kind k
ANOMALY_KINDS = ("off_hours", "bulk_read", "no_case", "same_surname", "denials")


class cus_history_entry(ctypes.Structure):
    _fields_ = [("id", _i64), ("version", _i64), ("field", _p), ("category", _p), ("old_value", _p),
                ("readable", _int), ("reason", _p), ("changed_by", _p), ("changed", _p)]


class cus_anomaly(ctypes.Structure):
    _fields_ = [("kind", _int), ("user", _p), ("subject", _p), ("time", _p), ("period", _p), ("count", _i64),
                ("seq", _i64), ("detail", _p)]


class cus_break_glass(ctypes.Structure):
    _fields_ = [("id", _i64), ("user", _p), ("role", _p), ("purpose", _p), ("session", _p), ("reason", _p),
                ("started", _p), ("expires", _p), ("ended", _p), ("end_reason", _p), ("reads", _i64),
                ("acknowledged", _p), ("acknowledged_by", _p), ("note", _p)]


class cus_access_report_options(ctypes.Structure):
    _fields_ = [("version", _uint), ("person", _i64), ("user", _p), ("from_", _p), ("to", _p)]


class _Iter(ctypes.Structure):
    pass


_L = _lib.lib
_S = _P(_lib.cus_session)
_PROTOS = {
    "cus_rights_export": (_int, [_S, _i64, _p, _int]),
    "cus_rights_export_pesel": (_int, [_S, _p, _p, _int]),
    "cus_rights_rectify": (_int, [_S, _i64, _p, _p, _p]),
    "cus_person_history": (_int, [_P(_P(_Iter)), _S, _i64]),
    "cus_history_next": (_int, [_P(_P(cus_history_entry)), _P(_Iter)]),
    "cus_history_iter_free": (None, [_P(_Iter)]),
    "cus_rights_restrict": (_int, [_S, _i64, _p]),
    "cus_rights_lift": (_int, [_S, _i64, _p]),
    "cus_rights_restricted": (_int, [_S, _i64]),
    "cus_rights_register": (_int, [_lib._db_p, _p, _int]),
    "cus_access_report": (_int, [_S, _P(cus_access_report_options), _p, _int, _P(_i64)]),
    "cus_anomalies": (_int, [_P(_P(_Iter)), _S, _p, _p]),
    "cus_anomaly_next": (_int, [_P(_P(cus_anomaly)), _P(_Iter)]),
    "cus_anomaly_iter_free": (None, [_P(_Iter)]),
    "cus_anomaly_kind_name": (_p, [_int]),
    "cus_break_glass_min_reason": (_int, []),
    "cus_session_open_break_glass": (_int, [_P(_S), _lib._db_p, _p, _p]),
    "cus_session_break_glass": (_i64, [_S]),
    "cus_break_glass_list": (_int, [_P(_P(_Iter)), _S, _int]),
    "cus_break_glass_next": (_int, [_P(_P(cus_break_glass)), _P(_Iter)]),
    "cus_break_glass_iter_free": (None, [_P(_Iter)]),
    "cus_break_glass_acknowledge": (_int, [_S, _i64, _p]),
}
for _name, (_res, _args) in _PROTOS.items():
    _f = getattr(_L, _name)
    _f.restype = _res
    _f.argtypes = _args

BREAK_GLASS_MIN_REASON = _L.cus_break_glass_min_reason()
_ITEROVER = -31


def _b(s, what):
    if s is None:
        return None
    if isinstance(s, os.PathLike):
        s = os.fspath(s)
    if isinstance(s, bytes):
        return s
    if not isinstance(s, str):
        raise TypeError("%s must be str, not %s" % (what, type(s).__name__))
    if "\0" in s:
        raise ValueError("%s contains a NUL character" % what)
    return s.encode("utf-8")


def _d(st):
    out = {}
    for name, ctype in type(st)._fields_:
        v = getattr(st, name)
        out[name] = v.decode("utf-8", "replace") if (ctype is _p and v is not None) else v
    return out


def _items(it, next_fn, free_fn, entry):
    out = []
    try:
        e = _P(entry)()
        while True:
            rc = next_fn(ctypes.byref(e), it)
            if rc == _ITEROVER:
                break
            check(rc)
            out.append(_d(e.contents))
    finally:
        free_fn(it)
    return out


def _format(path, format):
    if format not in FORMATS:
        raise ValueError("format must be 'json', 'xlsx' or None (from the file name)")
    return FORMATS[format]


def _to_temp_json(write):
    """Run write(path) into a fresh temporary file and return the parsed JSON."""
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "out.json")
        write(path)
        with open(path, encoding="utf-8") as f:
            return json.load(f)


def open_break_glass(db, purpose, reason):
    """A break-glass session (cus_session_open_break_glass): reads beyond the
    role's permissions, audited, expiring, listed for the IOD."""
    from .security import Session
    s = Session.__new__(Session)
    s._db = db
    handle = _S()
    clear()
    check(_L.cus_session_open_break_glass(ctypes.byref(handle), db._live(), _b(purpose, "purpose"),
                                          _b(reason, "reason")))
    s._handle = handle
    return s


def register(db, path=None, format=None):
    """The register of processing activities (art. 30): written to path, or
    returned as a dict when path is None."""
    if path is None:
        return _to_temp_json(lambda p: register(db, p, "json"))
    clear()
    check(_L.cus_rights_register(db._live(), _b(path, "path"), _format(path, format)))
    return None


class RightsMixin:
    """Data-subject rights and the IOD's tools as methods of cus.Session."""

    @property
    def break_glass_id(self):
        """The break-glass record of this session, or 0."""
        return _L.cus_session_break_glass(self._live())

    def export_person(self, person=None, *, pesel=None, path=None, format=None):
        """Art. 15: everything held about a person; written to path (JSON or
        XLSX), or returned as a dict of sections when path is None."""
        if (person is None) == (pesel is None):
            raise ValueError("give a person id or pesel=")
        if path is None:
            return _to_temp_json(lambda p: self.export_person(person, pesel=pesel, path=p, format="json"))
        clear()
        if pesel is not None:
            check(_L.cus_rights_export_pesel(self._live(), _b(pesel, "pesel"), _b(path, "path"),
                                             _format(path, format)))
        else:
            check(_L.cus_rights_export(self._live(), int(person), _b(path, "path"), _format(path, format)))
        return None

    def rectify(self, person, field, value, *, reason):
        """Art. 16: change one field; the old value is kept (person_history)."""
        clear()
        check(_L.cus_rights_rectify(self._live(), int(person), _b(field, "field"), _b(value, "value"),
                                    _b(reason, "reason")))

    def person_history(self, person):
        """The values changes of a person replaced, oldest first (dicts)."""
        it = _P(_Iter)()
        clear()
        check(_L.cus_person_history(ctypes.byref(it), self._live(), int(person)))
        return _items(it, _L.cus_history_next, _L.cus_history_iter_free, cus_history_entry)

    def restrict(self, person, reason):
        """Art. 18: restrict the processing of a person's data."""
        clear()
        check(_L.cus_rights_restrict(self._live(), int(person), _b(reason, "reason")))

    def lift(self, person, reason):
        """End a person's restriction."""
        clear()
        check(_L.cus_rights_lift(self._live(), int(person), _b(reason, "reason")))

    def is_restricted(self, person):
        clear()
        return bool(check(_L.cus_rights_restricted(self._live(), int(person))))

    def access_report(self, path=None, *, person=None, user=None, from_date=None, to_date=None, format=None):
        """The IOD's access report; written to path, or returned as a dict."""
        if path is None:
            return _to_temp_json(lambda p: self.access_report(p, person=person, user=user, from_date=from_date,
                                                              to_date=to_date, format="json"))
        o = cus_access_report_options(1, int(person or 0), _b(user, "user"), _b(from_date, "from_date"),
                                      _b(to_date, "to_date"))
        n = _i64()
        clear()
        check(_L.cus_access_report(self._live(), ctypes.byref(o), _b(path, "path"), _format(path, format),
                                   ctypes.byref(n)))
        return n.value

    def anomalies(self, from_date=None, to_date=None):
        """Anomalies in the audit log: dicts whose "kind" is a name of ANOMALY_KINDS."""
        it = _P(_Iter)()
        clear()
        check(_L.cus_anomalies(ctypes.byref(it), self._live(), _b(from_date, "from_date"), _b(to_date, "to_date")))
        out = _items(it, _L.cus_anomaly_next, _L.cus_anomaly_iter_free, cus_anomaly)
        for a in out:
            a["kind"] = ANOMALY_KINDS[a["kind"] - 1]
        return out

    def break_glass_list(self, all=False):
        """The break-glass sessions not yet acknowledged (all=True: every one)."""
        it = _P(_Iter)()
        clear()
        check(_L.cus_break_glass_list(ctypes.byref(it), self._live(), 1 if all else 0))
        return _items(it, _L.cus_break_glass_next, _L.cus_break_glass_iter_free, cus_break_glass)

    def acknowledge_break_glass(self, id, note=None):
        clear()
        check(_L.cus_break_glass_acknowledge(self._live(), int(id), _b(note, "note")))
