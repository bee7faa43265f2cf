"""Sessions, users, policies and the audit log (access.h, policy.h, audit.h)."""

import ctypes

from . import _lib
from .errors import check, clear, IntegrityError
from .registry import PersonsMixin
from .cases import CasesMixin
from .plans import PlansMixin
from .indicators import IndicatorsMixin
from .finance import FinanceMixin
from .report import ReportMixin
from .rights import RightsMixin
from .retention import RetentionMixin

__all__ = ["Session", "OPS", "categories", "check_policy", "check_policy_text",
           "default_policy_path"]

_L = _lib.lib
_ITEROVER = -31

#: cus_op flags by name.
OPS = {"read": 1, "write": 2, "export": 4}


def _s(b):
    return None if b is None else b.decode("utf-8", "replace")


def _b(s, what):
    if s is None:
        return None
    if isinstance(s, bytes):
        return s
    if isinstance(s, str):
        if "\0" in s:
            raise ValueError("%s contains a NUL character" % what)
        return s.encode("utf-8")
    raise TypeError("%s must be str, not %s" % (what, type(s).__name__))


def _ops(ops):
    if isinstance(ops, int):
        return ops
    if isinstance(ops, str):
        ops = [ops]
    flags = 0
    for o in ops:
        try:
            flags |= OPS[o]
        except KeyError:
            raise ValueError("operation must be one of %s, not %r" % (", ".join(OPS), o)) from None
    return flags


def _struct_dict(st, skip=()):
    out = {}
    for name, ctype in type(st)._fields_:
        if name in skip:
            continue
        v = getattr(st, name)
        out[name] = _s(v) if ctype is ctypes.c_char_p else v
    return out


def categories():
    """The data category codes, in the library's order."""
    return [_s(_L.cus_category_name(i)) for i in range(_lib.CATEGORY_COUNT)]


def default_policy_path():
    """The policy set `cus init` loads by default."""
    return _s(_L.cus_policy_default_path())


def check_policy(path):
    """Validate a policy file without loading it. Raises InvalidInputError
    whose line, column and field name the place of the first problem."""
    from .db import _path
    clear()
    check(_L.cus_policy_check_file(_path(path)))


def check_policy_text(text, name="<string>"):
    """Validate a policy held in a str or bytes."""
    data = text.encode("utf-8") if isinstance(text, str) else bytes(text)
    clear()
    check(_L.cus_policy_check_buffer(_b(name, "name"), data, len(data)))


def _iterate(handle, next_fn, free_fn, entry_type, convert):
    """Drain a C iterator into a list, always freeing it."""
    out = []
    try:
        while True:
            p = ctypes.POINTER(entry_type)()
            clear()
            rc = next_fn(ctypes.byref(p), handle)
            if rc == _ITEROVER:
                break
            check(rc)
            out.append(convert(p.contents))
    finally:
        free_fn(handle)
    return out


class Session(PersonsMixin, CasesMixin, PlansMixin, IndicatorsMixin, FinanceMixin, RightsMixin, ReportMixin, RetentionMixin):
    """A purpose-bound session (cus_session) of the database's user.

    Get one with Database.session(purpose); use it as a context manager or
    call close(). Keeps its Database alive. The register of persons and CSV
    import are its methods too (cus.registry.PersonsMixin).
    """

    _close_fn = _L.cus_session_close

    def __init__(self, db, purpose):
        self._db = db
        handle = ctypes.POINTER(_lib.cus_session)()
        clear()
        check(_L.cus_session_open(ctypes.byref(handle), db._live(), _b(purpose, "purpose")))
        self._handle = handle

    def close(self):
        """End the session. Calling it again does nothing."""
        if getattr(self, "_handle", None):
            self._close_iterators()
        handle, self._handle = getattr(self, "_handle", None), None
        if handle:
            self._close_fn(handle)

    def __del__(self):
        self.close()

    def __enter__(self):
        self._live()
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    def _live(self):
        if not self._handle:
            raise ValueError("operation on a closed session")
        self._db._live()
        return self._handle

    def __repr__(self):
        if not self._handle:
            return "<cus.Session closed>"
        return "<cus.Session user=%r role=%r purpose=%r>" % (self.user, self.role, self.purpose)

    @property
    def user(self):
        return _s(_L.cus_session_user(self._live()))

    @property
    def role(self):
        return _s(_L.cus_session_role(self._live()))

    @property
    def purpose(self):
        return _s(_L.cus_session_purpose(self._live()))

    @property
    def id(self):
        """The session id recorded in every audit entry (32 hex digits)."""
        return _s(_L.cus_session_id(self._live()))

    @property
    def policy_version(self):
        return _L.cus_session_policy_version(self._live())

    def allows(self, category, ops="read"):
        """May this session's role do ops ("read", "write", "export" or a list
        of them) on a data category for the session's purpose?"""
        clear()
        return bool(check(_L.cus_session_allows(self._live(), _b(category, "category"), _ops(ops))))

    # -- users

    def add_user(self, login, role, *, name=None, passphrase=None, key_file=None, kdf=None):
        """Add an account with a role and its key slot (cus_user_add)."""
        from .db import _key, _options
        handle = self._live()
        opts = _options(kdf=kdf)
        with _key(passphrase, key_file) as key:
            clear()
            check(_L.cus_user_add(handle, _b(login, "login"), _b(role, "role"), _b(name, "name"), key,
                                  ctypes.byref(opts)))

    def disable_user(self, login):
        """Disable an account and destroy its key slot (cus_user_disable)."""
        clear()
        check(_L.cus_user_disable(self._live(), _b(login, "login")))

    def users(self):
        """The accounts, sorted by login: a list of dicts (cus_user_list)."""
        it = ctypes.POINTER(_lib.cus_user_iter)()
        clear()
        check(_L.cus_user_list(ctypes.byref(it), self._live()))
        return _iterate(it, _L.cus_user_next, _L.cus_user_iter_free, _lib.cus_user, _struct_dict)

    # -- policy

    def load_policy(self, path):
        """Store a policy file as a new version; returns the version number."""
        from .db import _path
        v = ctypes.c_int64()
        clear()
        check(_L.cus_policy_load_file(self._live(), _path(path), ctypes.byref(v)))
        return v.value

    # -- audit

    def audit_log(self, subject=None, user=None, from_date=None, to_date=None):
        """The audit entries (oldest first) as dicts; needs read on "audit".
        Dates are "YYYY-MM-DD", inclusive."""
        f = _lib.cus_audit_filter(_lib.AUDIT_FILTER_VERSION, _b(subject, "subject"), _b(user, "user"),
                                  _b(from_date, "from_date"), _b(to_date, "to_date"))
        it = ctypes.POINTER(_lib.cus_audit_iter)()
        clear()
        check(_L.cus_audit_log(ctypes.byref(it), self._live(), ctypes.byref(f)))
        return _iterate(it, _L.cus_audit_next, _L.cus_audit_iter_free, _lib.cus_audit_entry, _struct_dict)

    def audit_checkpoint(self, checkpoints=None):
        """Write a signed checkpoint now; returns the sequence number it covers."""
        from .db import _path
        seq = ctypes.c_int64()
        clear()
        check(_L.cus_audit_checkpoint(self._live(), None if checkpoints is None else _path(checkpoints),
                                      ctypes.byref(seq)))
        return seq.value


# -- Database-level functions (bound as Database methods in db.py)

def policy_info(db, version=0):
    p = ctypes.POINTER(_lib.cus_policy_info)()
    clear()
    check(_L.cus_policy_info_get(ctypes.byref(p), db._live(), version))
    try:
        return _struct_dict(p.contents)
    finally:
        _L.cus_policy_info_free(p)


def policy_text(db, version=0):
    buf = ctypes.c_void_p()
    n = ctypes.c_size_t()
    clear()
    check(_L.cus_policy_text(ctypes.byref(buf), ctypes.byref(n), db._live(), version))
    try:
        return ctypes.string_at(buf, n.value).decode("utf-8")
    finally:
        _L.cus_free(buf)


def policy_history(db):
    it = ctypes.POINTER(_lib.cus_policy_iter)()
    clear()
    check(_L.cus_policy_history(ctypes.byref(it), db._live()))
    return _iterate(it, _L.cus_policy_next, _L.cus_policy_iter_free, _lib.cus_policy_info, _struct_dict)


def purposes(db):
    arr = ctypes.POINTER(_lib.cus_purpose)()
    clear()
    n = check(_L.cus_policy_purposes(ctypes.byref(arr), db._live()))
    return [_struct_dict(arr[i]) for i in range(n)]


def services(db):
    arr = ctypes.POINTER(_lib.cus_service)()
    clear()
    n = check(_L.cus_policy_services(ctypes.byref(arr), db._live()))
    out = []
    for i in range(n):
        sv = arr[i]
        out.append({
            "code": _s(sv.code), "name": _s(sv.name), "area": _s(sv.area), "area_name": _s(sv.area_name),
            "unit": _s(sv.unit),
            "funding": [_s(sv.funding[k]) for k in range(sv.nfunding)],
            "conditions": [{"kind": _s(c.kind), "value": c.value or None, "text": _s(c.text)}
                           for c in (sv.conditions[k] for k in range(sv.nconditions))],
        })
    return out


def roles(db):
    arr = ctypes.POINTER(_lib.cus_role)()
    clear()
    n = check(_L.cus_policy_roles(ctypes.byref(arr), db._live()))
    return [_struct_dict(arr[i]) for i in range(n)]


def policy_allows(db, role, category, ops, purpose):
    clear()
    return bool(check(_L.cus_policy_allows(db._live(), _b(role, "role"), _b(category, "category"), _ops(ops),
                                           _b(purpose, "purpose"))))


def audit_verify(db, checkpoints=None):
    """Verify the audit log. Returns the report as a dict when everything
    holds; raises IntegrityError (with .report) naming the first bad entry."""
    from .db import _path
    r = ctypes.POINTER(_lib.cus_audit_report)()
    clear()
    rc = _L.cus_audit_verify(ctypes.byref(r), db._live(), None if checkpoints is None else _path(checkpoints))
    report = None
    if r:
        report = _struct_dict(r.contents)
        _L.cus_audit_report_free(r)
    try:
        check(rc)
    except IntegrityError as e:
        e.report = report
        raise
    return report
