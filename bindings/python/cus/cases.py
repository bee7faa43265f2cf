"""Case work (cases.h): employment status, applications, qualification and
the CSV imports of applications and deliveries.

These are methods of cus.Session (through CasesMixin); plans and deliveries
are in cus.plans (PlansMixin). Every call is one audited operation of the
session's purpose; the Milanówek policy lets OUS and KIPUS staff apply and
qualify in a "qualification" session.

    with db.session("qualification") as s:
        app = s.apply(pid, "senior_club", "2022-05-14")
        q = s.qualify(app)
        q["result"]                            # "qualified", "refused" or "pending"
        for c in q["conditions"]:
            print(c["code"], c["result"], c["explanation"])

Dates may be datetime.date objects or "YYYY-MM-DD" strings; dates read back
are strings. Ids are ints.
"""

import ctypes
import decimal

from . import _lib
from . import _cases_lib as _C
from .errors import check, clear, InvalidInputError
from .registry import _b, _s, _report_dict
from .registry import _id as _registry_id

__all__ = ["CasesMixin", "units_parse", "condition_code", "CONDITION_RESULTS", "QUALIFICATION_RESULTS",
           "EMPLOYMENT_STATUSES", "APPLICANTS", "APPLICATION_STATUSES", "APPLICATION_KEYS"]

_L = _C.lib

#: Condition results (cus_condition_result): CONDITION_RESULTS[r - 1] is the name of r.
CONDITION_RESULTS = ("met", "not_met", "needs_confirmation", "needs_data")

#: Qualification results (cus_qualification_result), likewise.
QUALIFICATION_RESULTS = ("qualified", "refused", "pending")

#: Employment statuses (cus_employment_add).
EMPLOYMENT_STATUSES = ("unemployed", "employed", "self_employed", "retired", "student", "inactive")

#: Who files an application (cus_application_input.applicant).
APPLICANTS = ("self", "legal_representative", "carer")

#: The statuses of an application.
APPLICATION_STATUSES = ("submitted", "qualified", "refused", "withdrawn")

#: The keys of an application dict (the fields of cus_application).
APPLICATION_KEYS = tuple(name for name, _ in _C.cus_application._fields_)

_INT64_MIN, _INT64_MAX = -2 ** 63, 2 ** 63 - 1


# ---------------------------------------------------------------- helpers

def _invalid(field, message):
    """An InvalidInputError raised by the binding itself (module "binding")."""
    return InvalidInputError(message, -2, "binding", field)


def _int_arg(v, what):
    if isinstance(v, bool) or not isinstance(v, int):
        raise TypeError("%s must be int, not %s" % (what, type(v).__name__))
    if not -2 ** 31 <= v < 2 ** 31:
        raise _invalid(what, "%s out of range" % what)
    return v


def _id(v, what="person"):
    """An id as int64: ctypes would silently truncate a larger int (2**64 + 5
    would become id 5), so out-of-range ids raise InvalidInputError."""
    v = _registry_id(v, what)
    if not _INT64_MIN <= v <= _INT64_MAX:
        raise _invalid(what, "%s id out of range" % what)
    return v


def _opt_id(v, what):
    """An optional id: None means 0 ("none" / "every")."""
    return 0 if v is None else _id(v, what)


def _hundredths(value, field):
    """value (int, decimal.Decimal or float) times 100, exactly, as an int.

    A float is taken as the decimal number it prints as (repr: 1.5 is 1.5).
    More than two decimals, NaN, infinities or a result outside int64 raise
    InvalidInputError naming field; the library checks the range."""
    if isinstance(value, bool):
        raise TypeError("%s must be a number or str, not bool" % field)
    if isinstance(value, int):
        n = value * 100
    else:
        if isinstance(value, float):
            value = decimal.Decimal(repr(value))
        if not isinstance(value, decimal.Decimal):
            raise TypeError("%s must be int, decimal.Decimal, float or str, not %s"
                            % (field, type(value).__name__))
        if not value.is_finite():
            raise _invalid(field, "%s is not a finite number" % field)
        sign, digits, exp = value.as_tuple()
        n = int("".join(map(str, digits)) or "0")
        e = exp + 2
        if n == 0:
            pass
        elif e >= 0:
            if e > 40:
                raise _invalid(field, "%s is too large" % field)
            n *= 10 ** e
        else:
            if -e > 40 or n % 10 ** -e:
                raise _invalid(field, "%s has more than two decimals" % field)
            n //= 10 ** -e
        if sign:
            n = -n
    if not _INT64_MIN <= n <= _INT64_MAX:
        raise _invalid(field, "%s is too large" % field)
    return n


def _parse_str(fn, text, field):
    """Run a C parser (cus_units_parse, cus_money_parse) on text, naming field."""
    v = ctypes.c_int64()
    clear()
    try:
        check(fn(_b(text, field), ctypes.byref(v)))
    except InvalidInputError as e:
        e.field = field
        raise
    return v.value


def _units(value):
    """Units of a service as int hundredths: str as cus_units_parse() reads
    it ("1,5"), or a number of units (int, Decimal, float: 1.5 -> 150)."""
    if isinstance(value, str):
        return _parse_str(_L.cus_units_parse, value, "units")
    return _hundredths(value, "units")


def _grosze(value):
    """An amount of złoty as int grosze: str as cus_money_parse() reads it
    ("123,45", "1 234,50 zł") or an int / decimal.Decimal of złoty. Floats
    are refused (binary fractions are not amounts of money)."""
    if value is None:
        return 0
    if isinstance(value, float):
        raise TypeError("cost must be decimal.Decimal, int or str of złoty, not float")
    if isinstance(value, str):
        return _parse_str(_L.cus_money_parse, value, "cost")
    return _hundredths(value, "cost")


def _from_hundredths(n):
    """int hundredths as a Decimal with two decimals (150 -> Decimal("1.50"))."""
    return decimal.Decimal(n).scaleb(-2)


def units_parse(text):
    """Parse a number of units as the library does (cus_units_parse): digits
    with at most two decimals after ',' or '.'; returns int hundredths
    ("1,5" -> 150). InvalidInputError (field "units") for anything else,
    zero, a negative number or more than 1000000."""
    return _parse_str(_L.cus_units_parse, text, "units")


def condition_code(service, i):
    """The code of condition i of a service (cus_service_condition_code):
    its kind, numbered when the service has several of that kind
    ("manual_1", "manual_2"). service is a dict as Database.services()
    returns it (only its "code" and "conditions" are used) or a list of
    condition kinds. InvalidInputError (field "condition") for i out of
    range."""
    conds = service.get("conditions", ()) if isinstance(service, dict) else service
    kinds = [c["kind"] if isinstance(c, dict) else c for c in conds]
    i = _int_arg(i, "condition")
    if i < 0:
        raise _invalid("condition", "condition index out of range")
    arr = (_lib.cus_service_condition * max(len(kinds), 1))()
    for k, kind in enumerate(kinds):
        arr[k].kind = _b(kind, "kind")
    sv = _lib.cus_service()
    sv.code = _b(service.get("code") if isinstance(service, dict) else None, "code")
    sv.conditions = arr
    sv.nconditions = len(kinds)
    buf = ctypes.create_string_buffer(_C.CONDITION_CODE_SIZE)
    clear()
    check(_L.cus_service_condition_code(buf, len(buf), ctypes.byref(sv), i))
    return buf.value.decode("utf-8")


def _application_dict(a):
    out = {}
    for name, ctype in _C.cus_application._fields_:
        v = getattr(a, name)
        out[name] = _s(v) if ctype is ctypes.c_char_p else v
    out["plan_required"] = bool(out["plan_required"])
    out["representative_id"] = out["representative_id"] or None
    out["decision_policy_version"] = out["decision_policy_version"] or None
    return out


def _name(value, names, fn):
    if 1 <= value <= len(names):
        return names[value - 1]
    return _s(fn(value))


def _condition_dict(c):
    return {
        "code": _s(c.code),
        "kind": _s(c.kind),
        "value": c.value or None,
        "text": _s(c.text),
        "result": _s(c.result_name) or _name(c.result, CONDITION_RESULTS, _L.cus_condition_result_name),
        "explanation": _s(c.explanation),
        "confirmed_by": _s(c.confirmed_by),
    }


def _qualification_dict(q):
    return {
        "application": q.application_id,
        "person": q.person_id,
        "service": _s(q.service),
        "as_of": _s(q.as_of),
        "result": _s(q.result_name) or _name(q.result, QUALIFICATION_RESULTS, _L.cus_qualification_result_name),
        "conditions": [_condition_dict(q.conditions[i]) for i in range(q.nconditions)] if q.conditions else [],
        "policy_version": q.policy_version,
        "decided_by": _s(q.decided_by),
        "decision_date": _s(q.decision_date),
        "plan_required": bool(q.plan_required),
        "status": _s(q.status),
        "run": q.run,
    }


def _qualify_options(decision_date, dry_run):
    o = _C.cus_qualify_options()
    o.version = _C.QUALIFY_OPTIONS_VERSION
    o.decision_date = _b(decision_date, "decision_date")
    o.dry_run = 1 if dry_run else 0
    return o


def _import(session, fn, path, encoding, delimiter, progress):
    """Run a CSV import (cus_import_*) as Session.import_persons does."""
    from .db import _path
    opts = _lib.cus_import_options()
    opts.version = _lib.IMPORT_OPTIONS_VERSION
    opts.encoding = _b(encoding, "encoding")
    if delimiter is not None:
        if not isinstance(delimiter, str) or len(delimiter) != 1 or not delimiter.isascii():
            raise ValueError("delimiter must be ';' or ',', not %r" % (delimiter,))
        opts.delimiter = delimiter.encode("ascii")
    callback = None
    if progress is not None:
        if not callable(progress):
            raise TypeError("progress must be callable")

        def _progress(_ctx, done, total):
            try:
                progress(done, total)
            except Exception:       # must not unwind through C
                pass
        callback = _lib.import_progress_fn(_progress)
        opts.progress = callback
    bpath = _path(path)
    r = ctypes.POINTER(_lib.cus_import_report)()
    clear()
    rc = fn(ctypes.byref(r), session._live(), bpath, ctypes.byref(opts))
    last = None
    if rc < 0:
        try:
            check(rc)
        except Exception as e:      # re-raised below, with the report
            last = e
    report = None
    if r:
        try:
            report = _report_dict(r.contents)
        finally:
            _lib.lib.cus_import_report_free(r)
    del callback
    if last is not None:
        last.report = report
        raise last
    return report


# ---------------------------------------------------------------- the mixin

class CasesMixin:
    """Employment, applications, qualification and the case-work imports,
    as methods of cus.Session."""

    # -- employment

    def add_employment(self, person, status, since, source=None):
        """Record a person's employment status (one of EMPLOYMENT_STATUSES)
        from the date since on, e.g. from a labour office certificate named
        by source; returns the entry's id (cus_employment_add). Needs write
        on financial."""
        eid = ctypes.c_int64()
        clear()
        check(_L.cus_employment_add(self._live(), _id(person), _b(status, "status"), _b(since, "since"),
                                    _b(source, "source"), ctypes.byref(eid)))
        return eid.value

    def employment_on(self, person, date):
        """The person's employment status on date as (status, since), or
        (None, None) when nothing is recorded on or before it."""
        status = ctypes.c_char_p()
        since = ctypes.create_string_buffer(11)
        clear()
        check(_L.cus_employment_on(ctypes.byref(status), since, self._live(), _id(person), _b(date, "date")))
        if not status.value:
            return None, None
        return _s(status.value), since.value.decode("ascii") or None

    # -- applications

    def apply(self, person, service, date, applicant=None, representative=None, declaration_date=None,
              duration_months=0):
        """File an application of person for a service of the active policy
        on date; returns its id (cus_application_add). applicant: one of
        APPLICANTS (None: "self"); representative: the representative's or
        carer's person id when registered; declaration_date: None for the
        application date; duration_months: the expected duration, 0 unknown
        (3 or more: an individual plan is required). The application starts
        as "submitted". InvalidInputError names the bad field."""
        inp = _C.cus_application_input()
        inp.version = _C.APPLICATION_INPUT_VERSION
        inp.person = _id(person)
        inp.service = _b(service, "service")
        inp.date = _b(date, "date")
        inp.applicant = _b(applicant, "applicant")
        inp.representative = _opt_id(representative, "representative")
        inp.declaration_date = _b(declaration_date, "declaration_date")
        inp.duration_months = _int_arg(duration_months or 0, "duration_months")
        aid = ctypes.c_int64()
        clear()
        check(_L.cus_application_add(self._live(), ctypes.byref(inp), ctypes.byref(aid)))
        return aid.value

    def application(self, application_id):
        """An application as a dict with the keys of APPLICATION_KEYS
        (cus_application_get); representative_id and decision_policy_version
        are None when there is none, plan_required a bool. NotFoundError."""
        p = ctypes.POINTER(_C.cus_application)()
        clear()
        check(_L.cus_application_get(ctypes.byref(p), self._live(), _id(application_id, "application")))
        try:
            return _application_dict(p.contents)
        finally:
            _L.cus_application_free(p)

    def applications(self, person=None, status=None):
        """Applications by id (of one person, or every person's; of one of
        APPLICATION_STATUSES, or all): a list of dicts (cus_application_list)."""
        it = ctypes.POINTER(_C.cus_application_iter)()
        clear()
        check(_L.cus_application_list(ctypes.byref(it), self._live(), _opt_id(person, "person"),
                                      _b(status, "status")))
        return list(self._iterator(it, _L.cus_application_next, _L.cus_application_iter_free,
                                   _C.cus_application, _application_dict))

    def withdraw_application(self, application_id, date=None):
        """Withdraw a submitted or qualified application on date (None:
        today); no delivery after that date is accepted for it.
        InvalidInputError field "status" when already refused or withdrawn."""
        clear()
        check(_L.cus_application_withdraw(self._live(), _id(application_id, "application"),
                                          _b(date, "date")))

    # -- qualification

    def qualify(self, application, decision_date=None, dry_run=False):
        """Evaluate every condition of the application's service from the
        register as of the application date (cus_qualify); a submitted
        application becomes qualified or refused unless the result is
        pending or dry_run is true. Returns a dict: application, person,
        service, as_of, result (one of QUALIFICATION_RESULTS), conditions (a
        list of dicts: code, kind, value (years, or None), text, result (one
        of CONDITION_RESULTS), explanation, confirmed_by), policy_version,
        decided_by, decision_date (None when pending), plan_required (bool),
        status (the application's, afterwards) and run (1, 2, ...)."""
        opts = _qualify_options(decision_date, dry_run)
        p = ctypes.POINTER(_C.cus_qualification)()
        clear()
        check(_L.cus_qualify(ctypes.byref(p), self._live(), _id(application, "application"),
                             ctypes.byref(opts)))
        try:
            return _qualification_dict(p.contents)
        finally:
            _L.cus_qualification_free(p)

    def qualify_pending(self, service=None, decision_date=None, dry_run=False):
        """Qualify every submitted application (of one service, or all) in
        one transaction, all or nothing (cus_qualify_pending). Returns a dict
        of counts: evaluated, qualified, refused, pending."""
        opts = _qualify_options(decision_date, dry_run)
        out = _C.cus_qualify_summary()
        clear()
        check(_L.cus_qualify_pending(ctypes.byref(out), self._live(), _b(service, "service"),
                                     ctypes.byref(opts)))
        return {name: getattr(out, name) for name, _ in _C.cus_qualify_summary._fields_}

    def confirm_condition(self, application, condition, met=True, note=None):
        """Confirm (met=True) or reject (met=False) by hand a condition of an
        undecided application, by its code ("manual", "manual_2",
        "identity"; see condition_code()), with an optional note (a document
        seen). Then qualify() again. InvalidInputError field "condition" for a
        condition computed from the register, field "status" for a decided
        or withdrawn application."""
        clear()
        check(_L.cus_condition_confirm(self._live(), _id(application, "application"), _b(condition, "condition"),
                                       1 if met else 0, _b(note, "note")))

    # -- imports

    def import_applications(self, path, encoding=None, delimiter=None, progress=None):
        """Import applications from a CSV file (cus_import_applications),
        atomically; arguments, report and errors as Session.import_persons
        (an exception raised by progress is ignored: it cannot unwind through
        C). Columns: person or pesel, service, date, applicant, representative,
        declaration_date, duration_months (or their Polish names)."""
        return _import(self, _L.cus_import_applications, path, encoding, delimiter, progress)

    def import_deliveries(self, path, encoding=None, delimiter=None, progress=None):
        """Import deliveries from a CSV file (cus_import_deliveries),
        atomically; arguments, report and errors as Session.import_persons.
        Columns: person or pesel, service, date, units ("1,5"), cost (złoty,
        "123,45"; empty is 0), provider, funding (or their Polish names)."""
        return _import(self, _L.cus_import_deliveries, path, encoding, delimiter, progress)
