"""Retention, legal holds, disposal and the erasure of art. 17
(retention.h), as methods of cus.Session (through RetentionMixin).

    with db.session("retention") as s:                    # the archivist
        for item in s.retention_due("2026-12-01"):
            print(item["subject"], item["action"], item["due"])
        pid = s.retention_propose("spis.xlsx")
    with director_db.session("retention") as s:
        s.retention_approve(pid, "zgoda AP nr ZN.6341.12.2026 z dnia 2026-11-20")
    with db.session("retention") as s:
        protocol = s.retention_execute(pid)

    with db.session("data_subject_request") as s:
        try:
            s.rights_erase(12, reason="wniosek z dnia 2026-11-02")
        except cus.errors.RetainedError as e:
            print(e.erasure["ground"], e.erasure["retained_until"])

An item of the due listing is a dict: kind ("person" for a case file, or
"budget", "expenditure", "project"), id, subject ("p-12"), action ("destroy",
"transfer", "appraisal", "held"), categories ("B10,B5"), symbols, first_date,
event_date, due, counts (a dict kind -> number of records). No personal data.
"""

import ctypes

from . import _lib
from .errors import check, clear, RetainedError

__all__ = ["RetentionMixin", "KINDS", "ACTIONS", "due_date"]

_L = _lib.lib
_P = ctypes.POINTER
_p, _i64, _int, _size = ctypes.c_char_p, ctypes.c_int64, ctypes.c_int, ctypes.c_size_t
_ITEROVER = -31

_L.cus_retention_kind_count.restype = _int
_L.cus_retention_kind_count.argtypes = []
_L.cus_retention_kind_name.restype = _p
_L.cus_retention_kind_name.argtypes = [_int]
_NKINDS = _L.cus_retention_kind_count()
#: The kinds of record with a retention rule, in the library's order.
KINDS = tuple(_L.cus_retention_kind_name(i).decode("ascii") for i in range(_NKINDS))
#: The actions, by cus_retention_action value.
ACTIONS = {1: "destroy", 2: "transfer", 3: "appraisal", 4: "held"}


class cus_retention_item(ctypes.Structure):
    _fields_ = [
        ("kind", _p), ("id", _i64), ("subject", _p), ("action", _int), ("action_name", _p),
        ("categories", _p), ("symbols", _p), ("first_date", _p), ("event_date", _p), ("due", _p),
        ("counts", _i64 * _NKINDS),
    ]


class cus_retention_protocol(ctypes.Structure):
    _fields_ = [
        ("protocol", _i64), ("proposal", _i64), ("number", ctypes.c_char * 32), ("executed", ctypes.c_char * 21),
        ("persons", _i64), ("keys", _i64), ("records", _i64 * _NKINDS), ("transferred", _i64),
        ("appraisal", _i64),
    ]


class cus_retention_proposal(ctypes.Structure):
    _fields_ = [
        ("id", _i64), ("state", ctypes.c_char * 12), ("as_of", ctypes.c_char * 11), ("created", ctypes.c_char * 21),
        ("created_by", ctypes.c_char * 65), ("decision", ctypes.c_char * 1024), ("approved_by", ctypes.c_char * 65),
        ("approved", ctypes.c_char * 21), ("executed", ctypes.c_char * 21), ("policy_version", _i64),
        ("items", _i64 * 5),
    ]


class cus_retention_hold_info(ctypes.Structure):
    _fields_ = [
        ("id", _i64), ("target", _p), ("subject", _p), ("reason", _p), ("until", _p), ("placed", _p),
        ("placed_by", _p), ("released", _p), ("released_by", _p),
    ]


class cus_erasure(ctypes.Structure):
    _fields_ = [
        ("request", _i64), ("erased", _int), ("ground", ctypes.c_char * 96), ("retained_until", ctypes.c_char * 11),
        ("reason_code", ctypes.c_char * 24),
    ]


class cus_retention_iter(ctypes.Structure):
    pass


class cus_retention_hold_iter(ctypes.Structure):
    pass


_S = _P(_lib.cus_session)
_PROTOTYPES = {
    "cus_retention_due_date": (_int, [ctypes.c_char_p, _p, _int, _p]),
    "cus_retention_due": (_int, [_P(_P(cus_retention_iter)), _S, _p]),
    "cus_retention_next": (_int, [_P(_P(cus_retention_item)), _P(cus_retention_iter)]),
    "cus_retention_count": (_size, [_P(cus_retention_iter)]),
    "cus_retention_iter_free": (None, [_P(cus_retention_iter)]),
    "cus_retention_propose": (_int, [_P(_i64), _S, _p, _p]),
    "cus_retention_approve": (_int, [_S, _i64, _p]),
    "cus_retention_withdraw": (_int, [_S, _i64]),
    "cus_retention_execute": (_int, [_P(cus_retention_protocol), _S, _i64]),
    "cus_retention_proposal_get": (_int, [_P(cus_retention_proposal), _S, _i64]),
    "cus_retention_hold": (_int, [_P(_i64), _S, _p, _p, _p]),
    "cus_retention_release": (_int, [_S, _i64]),
    "cus_retention_holds": (_int, [_P(_P(cus_retention_hold_iter)), _S, _int]),
    "cus_retention_hold_next": (_int, [_P(_P(cus_retention_hold_info)), _P(cus_retention_hold_iter)]),
    "cus_retention_hold_iter_free": (None, [_P(cus_retention_hold_iter)]),
    "cus_rights_erase": (_int, [_P(cus_erasure), _S, _i64, _p]),
    "cus_rights_erase_pesel": (_int, [_P(cus_erasure), _S, _p, _p]),
}
for _name, (_restype, _argtypes) in _PROTOTYPES.items():
    _f = getattr(_L, _name)
    _f.restype = _restype
    _f.argtypes = _argtypes


def _s(b):
    return None if b is None else b.decode("utf-8")


def _b(v):
    if v is None:
        return None
    if isinstance(v, bytes):
        return v
    v = str(v)
    if "\0" in v:
        raise ValueError("a value contains a NUL character")
    return v.encode("utf-8")


def _counts(arr):
    return {KINDS[k]: arr[k] for k in range(_NKINDS) if arr[k]}


def _item(x):
    return {
        "kind": _s(x.kind), "id": x.id, "subject": _s(x.subject), "action": _s(x.action_name),
        "categories": _s(x.categories), "symbols": _s(x.symbols), "first_date": _s(x.first_date) or None,
        "event_date": _s(x.event_date) or None, "due": _s(x.due), "counts": _counts(x.counts),
    }


def _erasure(e):
    return {
        "request": e.request, "erased": bool(e.erased), "ground": _s(e.ground) or None,
        "retained_until": _s(e.retained_until) or None, "reason_code": _s(e.reason_code) or None,
    }


def due_date(category, event, years=None):
    """The first day a record may be disposed of: 1 January of the year after
    event plus the period (cus_retention_due_date). category "A", "B10",
    "BE5", "Bc" (Bc needs years). Raises InvalidInputError."""
    out = ctypes.create_string_buffer(11)
    clear()
    check(_L.cus_retention_due_date(out, _b(category), -1 if years is None else int(years), _b(event)))
    return out.value.decode("ascii")


class RetentionMixin:
    """Retention and erasure, as methods of cus.Session."""

    def retention_due(self, as_of=None):
        """What is due on as_of (YYYY-MM-DD, default today): a list of item
        dicts. Needs read on basic (purpose retention)."""
        it = _P(cus_retention_iter)()
        clear()
        check(_L.cus_retention_due(ctypes.byref(it), self._live(), _b(as_of)))
        try:
            out = []
            x = _P(cus_retention_item)()
            while True:
                rc = _L.cus_retention_next(ctypes.byref(x), it)
                if rc == _ITEROVER:
                    return out
                check(rc)
                out.append(_item(x.contents))
        finally:
            _L.cus_retention_iter_free(it)

    def retention_propose(self, path, as_of=None):
        """Store a disposal proposal of what is due and write the disposal
        list to path (XLSX); returns the proposal's id."""
        from .db import _path
        pid = _i64()
        clear()
        check(_L.cus_retention_propose(ctypes.byref(pid), self._live(), _b(as_of), _path(path)))
        return pid.value

    def retention_approve(self, proposal, decision):
        """Approve with the number and date of the state archive's consent
        (an approver's role). Raises NotApprovedError when not awaiting
        approval, AccessDeniedError for another role."""
        clear()
        check(_L.cus_retention_approve(self._live(), int(proposal), _b(decision)))

    def retention_withdraw(self, proposal):
        """Withdraw a proposal that was not executed."""
        clear()
        check(_L.cus_retention_withdraw(self._live(), int(proposal)))

    def retention_execute(self, proposal):
        """Execute an approved proposal; returns the protocol dict (protocol,
        proposal, number, executed, persons, keys, records, transferred,
        appraisal). Raises NotApprovedError, LegalHoldError, ArchivalError,
        AppraisalError or RetainedError, each audited, nothing destroyed."""
        p = cus_retention_protocol()
        clear()
        check(_L.cus_retention_execute(ctypes.byref(p), self._live(), int(proposal)))
        return {
            "protocol": p.protocol, "proposal": p.proposal, "number": _s(p.number), "executed": _s(p.executed),
            "persons": p.persons, "keys": p.keys, "records": _counts(p.records), "transferred": p.transferred,
            "appraisal": p.appraisal,
        }

    def retention_proposal(self, proposal):
        """A stored proposal as a dict."""
        p = cus_retention_proposal()
        clear()
        check(_L.cus_retention_proposal_get(ctypes.byref(p), self._live(), int(proposal)))
        return {
            "id": p.id, "state": _s(p.state), "as_of": _s(p.as_of), "created": _s(p.created),
            "created_by": _s(p.created_by), "decision": _s(p.decision) or None,
            "approved_by": _s(p.approved_by) or None, "approved": _s(p.approved) or None,
            "executed": _s(p.executed) or None, "policy_version": p.policy_version,
            "destroy": p.items[1], "transfer": p.items[2], "appraisal": p.items[3],
        }

    def retention_hold(self, target, reason, until=None):
        """A legal hold on a person's file (12, "p-12") or a record
        ("application:17"); returns its id. The reason must not hold the
        person's data."""
        hid = _i64()
        clear()
        check(_L.cus_retention_hold(ctypes.byref(hid), self._live(), _b(target), _b(reason), _b(until)))
        return hid.value

    def retention_release(self, hold):
        """Release a hold."""
        clear()
        check(_L.cus_retention_release(self._live(), int(hold)))

    def retention_holds(self, active_only=True):
        """The holds, newest first, as dicts."""
        it = _P(cus_retention_hold_iter)()
        clear()
        check(_L.cus_retention_holds(ctypes.byref(it), self._live(), 1 if active_only else 0))
        try:
            out = []
            h = _P(cus_retention_hold_info)()
            while True:
                rc = _L.cus_retention_hold_next(ctypes.byref(h), it)
                if rc == _ITEROVER:
                    return out
                check(rc)
                c = h.contents
                out.append({"id": c.id, "target": _s(c.target), "subject": _s(c.subject), "reason": _s(c.reason),
                            "until": _s(c.until), "placed": _s(c.placed), "placed_by": _s(c.placed_by),
                            "released": _s(c.released), "released_by": _s(c.released_by)})
        finally:
            _L.cus_retention_hold_iter_free(it)

    def rights_erase(self, person=None, *, pesel=None, reason):
        """Erase a person (art. 17) when no statutory retention applies;
        returns the outcome dict (request, erased, ground, retained_until,
        reason_code). A refusal raises RetainedError whose .erasure is that
        dict (ground "art. 17 ust. 3 lit. b RODO", retained_until ...)."""
        if (person is None) == (pesel is None):
            raise ValueError("give a person id or a pesel")
        e = cus_erasure()
        clear()
        if pesel is not None:
            rc = _L.cus_rights_erase_pesel(ctypes.byref(e), self._live(), _b(pesel), _b(reason))
        else:
            rc = _L.cus_rights_erase(ctypes.byref(e), self._live(), int(person), _b(reason))
        try:
            check(rc)
        except RetainedError as err:
            err.erasure = _erasure(e)
            raise
        return _erasure(e)
