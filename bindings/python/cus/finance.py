"""Finance (finance.h): projects, budget plan lines, expenditures and the
breakdowns of plan against execution.

These are methods of cus.Session (through FinanceMixin); every call is an
audited operation on the data category "finance". Amounts are int grosze
(1 zł = 100 gr); a str amount ("1 234,56 zł", "1234.56") is parsed exactly by
the library. Shares and % executed are int basis points (10000 = 100 %), None
when undefined.

    with db.session("reporting") as s:
        s.add_project("QWSP", "Q-współPRACY", total_cost="552 531,25",
                      co_financing="442 025,00", own_contribution="110 506,25")
        b = s.budget("2022", by="source")
        b["total"]["executed"], b["total"]["executed_bp"]

Calls that check sums (add_project, add_budget_line, the imports) return a
report dict with "mismatches" (each with line, field, project, expected,
actual, difference, message, error); with strict=True a mismatch raises
InvalidInputError (whose .report holds the report) and nothing is stored.
"""

import ctypes
import datetime

from . import _lib
from .errors import check, clear

__all__ = ["FinanceMixin", "BUDGET_BY", "money_parse", "money_format"]

_L = _lib.lib
_P = ctypes.POINTER
_ITEROVER = -31
_c_char_p = ctypes.c_char_p
_i64 = ctypes.c_int64

STRICT = 1
#: The breakdowns of Session.budget(by=...).
BUDGET_BY = ("source", "project", "classification", "area", "service", "dzial", "rozdzial", "paragraf")


class cus_classification(ctypes.Structure):
    _fields_ = [("dzial", ctypes.c_char * 4), ("rozdzial", ctypes.c_char * 6), ("paragraf", ctypes.c_char * 5)]


class cus_finance_mismatch(ctypes.Structure):
    _fields_ = [("line", _i64), ("field", _c_char_p), ("project", _c_char_p), ("expected", _i64),
                ("actual", _i64), ("difference", _i64), ("message", _c_char_p), ("error", ctypes.c_int)]


class cus_finance_report(ctypes.Structure):
    _fields_ = [("rows", _i64), ("imported", _i64), ("error_count", ctypes.c_size_t),
                ("errors", _P(_lib.cus_import_error)), ("error_total", ctypes.c_size_t),
                ("mismatch_count", ctypes.c_size_t), ("mismatches", _P(cus_finance_mismatch)),
                ("encoding", _c_char_p), ("delimiter", ctypes.c_char), ("strict", ctypes.c_int)]


class cus_finance_import_options(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint), ("encoding", _c_char_p), ("delimiter", ctypes.c_char),
                ("flags", ctypes.c_uint)]


class cus_project_source(ctypes.Structure):
    _fields_ = [("source", _c_char_p), ("amount", _i64)]


class cus_project_input(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint), ("code", _c_char_p), ("name", _c_char_p), ("programme", _c_char_p),
                ("measure", _c_char_p), ("period_from", _c_char_p), ("period_to", _c_char_p),
                ("total_cost", _i64), ("co_financing", _i64), ("own_contribution", _i64),
                ("sources", _P(cus_project_source)), ("nsources", ctypes.c_size_t)]


class cus_project(ctypes.Structure):
    _fields_ = [("id", _i64), ("code", _c_char_p), ("name", _c_char_p), ("programme", _c_char_p),
                ("measure", _c_char_p), ("period_from", _c_char_p), ("period_to", _c_char_p),
                ("total_cost", _i64), ("co_financing", _i64), ("own_contribution", _i64),
                ("co_financing_bp", _i64), ("sources", _P(cus_project_source)), ("nsources", ctypes.c_size_t),
                ("planned", _i64), ("spent", _i64), ("created_by", _c_char_p), ("created", _c_char_p)]


class cus_budget_line_input(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint), ("year", ctypes.c_int), ("dzial", _c_char_p), ("rozdzial", _c_char_p),
                ("paragraf", _c_char_p), ("source", _c_char_p), ("project", _c_char_p), ("service", _c_char_p),
                ("amount", _i64), ("note", _c_char_p)]


class cus_budget_line(ctypes.Structure):
    _fields_ = [("id", _i64), ("year", ctypes.c_int), ("dzial", _c_char_p), ("rozdzial", _c_char_p),
                ("paragraf", _c_char_p), ("source", _c_char_p), ("project", _c_char_p), ("service", _c_char_p),
                ("note", _c_char_p), ("amount", _i64), ("created_by", _c_char_p), ("created", _c_char_p)]


class cus_expenditure_input(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint), ("date", _c_char_p), ("dzial", _c_char_p), ("rozdzial", _c_char_p),
                ("paragraf", _c_char_p), ("source", _c_char_p), ("project", _c_char_p), ("service", _c_char_p),
                ("amount", _i64), ("document", _c_char_p)]


class cus_expenditure(ctypes.Structure):
    _fields_ = [("id", _i64), ("date", _c_char_p), ("dzial", _c_char_p), ("rozdzial", _c_char_p),
                ("paragraf", _c_char_p), ("source", _c_char_p), ("project", _c_char_p), ("service", _c_char_p),
                ("document", _c_char_p), ("amount", _i64), ("created_by", _c_char_p), ("created", _c_char_p)]


class cus_period(ctypes.Structure):
    _fields_ = [("kind", ctypes.c_int), ("year", ctypes.c_int), ("index", ctypes.c_int), ("name", ctypes.c_char * 8),
                ("first", ctypes.c_char * 11), ("last", ctypes.c_char * 11)]


class cus_budget_row(ctypes.Structure):
    _fields_ = [("key", _c_char_p), ("name", _c_char_p), ("level", ctypes.c_int), ("parent", _c_char_p),
                ("plan", _i64), ("executed", _i64), ("executed_bp", _i64), ("beneficiaries", _i64),
                ("units", _i64), ("cost_per_beneficiary", _i64), ("cost_per_unit", _i64)]


class cus_budget_part(ctypes.Structure):
    _fields_ = [("key", _c_char_p), ("plan", _i64), ("executed", _i64), ("plan_share_bp", _i64),
                ("executed_share_bp", _i64)]


class cus_budget_report(ctypes.Structure):
    _fields_ = [("period", cus_period), ("by", ctypes.c_int), ("nrows", ctypes.c_size_t),
                ("rows", _P(cus_budget_row)), ("total", cus_budget_row), ("spending", cus_budget_part * 3),
                ("financing", cus_budget_part * 4), ("mismatch_count", ctypes.c_size_t),
                ("mismatches", _P(cus_finance_mismatch))]


class _Iter(ctypes.Structure):
    pass


_sess = _P(_lib.cus_session)
_PROTOTYPES = {
    "cus_money_parse": (ctypes.c_int, [_c_char_p, _P(_i64)]),
    "cus_money_format": (ctypes.c_int, [ctypes.c_char_p, ctypes.c_size_t, _i64]),
    "cus_classification_parse": (ctypes.c_int, [_P(cus_classification), _c_char_p]),
    "cus_finance_report_free": (None, [_P(cus_finance_report)]),
    "cus_project_add": (ctypes.c_int, [_P(_P(cus_finance_report)), _sess, _P(cus_project_input), ctypes.c_uint,
                                       _P(_i64)]),
    "cus_project_get": (ctypes.c_int, [_P(_P(cus_project)), _sess, _c_char_p]),
    "cus_project_free": (None, [_P(cus_project)]),
    "cus_project_list": (ctypes.c_int, [_P(_P(_Iter)), _sess]),
    "cus_project_next": (ctypes.c_int, [_P(_P(cus_project)), _P(_Iter)]),
    "cus_project_iter_free": (None, [_P(_Iter)]),
    "cus_project_import": (ctypes.c_int, [_P(_P(cus_finance_report)), _sess, _c_char_p,
                                          _P(cus_finance_import_options)]),
    "cus_project_import_card": (ctypes.c_int, [_P(_P(cus_finance_report)), _sess, _c_char_p, ctypes.c_uint]),
    "cus_budget_line_add": (ctypes.c_int, [_P(_P(cus_finance_report)), _sess, _P(cus_budget_line_input),
                                           ctypes.c_uint, _P(_i64)]),
    "cus_budget_line_list": (ctypes.c_int, [_P(_P(_Iter)), _sess, ctypes.c_int, _c_char_p]),
    "cus_budget_line_next": (ctypes.c_int, [_P(_P(cus_budget_line)), _P(_Iter)]),
    "cus_budget_line_iter_free": (None, [_P(_Iter)]),
    "cus_budget_line_import": (ctypes.c_int, [_P(_P(cus_finance_report)), _sess, _c_char_p,
                                              _P(cus_finance_import_options)]),
    "cus_expenditure_add": (ctypes.c_int, [_sess, _P(cus_expenditure_input), _P(_i64)]),
    "cus_expenditure_list": (ctypes.c_int, [_P(_P(_Iter)), _sess, _c_char_p, _c_char_p]),
    "cus_expenditure_next": (ctypes.c_int, [_P(_P(cus_expenditure)), _P(_Iter)]),
    "cus_expenditure_iter_free": (None, [_P(_Iter)]),
    "cus_expenditure_import": (ctypes.c_int, [_P(_P(cus_finance_report)), _sess, _c_char_p,
                                              _P(cus_finance_import_options)]),
    "cus_budget_report_get": (ctypes.c_int, [_P(_P(cus_budget_report)), _sess, _c_char_p, ctypes.c_int,
                                             ctypes.c_uint]),
    "cus_budget_report_free": (None, [_P(cus_budget_report)]),
    "cus_budget_by_parse": (ctypes.c_int, [_c_char_p]),
}
for _name, (_res, _args) in _PROTOTYPES.items():
    _f = getattr(_L, _name)
    _f.restype = _res
    _f.argtypes = _args


def _s(b):
    return None if b is None else b.decode("utf-8", "replace")


def _b(v, what):
    if v is None:
        return None
    if isinstance(v, (datetime.date, datetime.datetime)):
        v = v.isoformat()[:10]
    if isinstance(v, str):
        if "\0" in v:
            raise ValueError("%s contains a NUL character" % what)
        return v.encode("utf-8")
    if isinstance(v, bytes):
        return v
    raise TypeError("%s must be str, not %s" % (what, type(v).__name__))


def money_parse(text):
    """An amount of złoty as text ("1 234,56 zł") in grosze, exactly."""
    v = _i64()
    clear()
    check(_L.cus_money_parse(_b(text, "amount"), ctypes.byref(v)))
    return v.value


def money_format(grosze):
    """Grosze as Polish display text: "1 234,56 zł" (no-break spaces)."""
    buf = ctypes.create_string_buffer(40)
    check(_L.cus_money_format(buf, 40, int(grosze)))
    return buf.value.decode("utf-8")


def _amount(v, what):
    if isinstance(v, bool):
        raise TypeError("%s must be int grosze or str złoty" % what)
    if isinstance(v, int):
        return v
    if isinstance(v, str):
        try:
            return money_parse(v)
        except Exception as e:
            e.field = what
            raise
    raise TypeError("%s must be int grosze or str złoty, not %s" % (what, type(v).__name__))


def _classification(text):
    c = cus_classification()
    clear()
    check(_L.cus_classification_parse(ctypes.byref(c), _b(text, "classification")))
    return c.dzial, c.rozdzial, c.paragraf


def _bp(v):
    return None if v < 0 else v


def _mismatch(m):
    return {"line": m.line, "field": _s(m.field), "project": _s(m.project), "expected": m.expected,
            "actual": m.actual, "difference": m.difference, "message": _s(m.message), "error": bool(m.error)}


def _report(r):
    return {
        "rows": r.rows, "imported": r.imported, "encoding": _s(r.encoding),
        "delimiter": r.delimiter.decode("ascii") if r.delimiter not in (b"", b"\0") else None,
        "strict": bool(r.strict), "error_count": r.error_count, "error_total": r.error_total,
        "errors": [{"line": r.errors[i].line, "field": _s(r.errors[i].field), "message": _s(r.errors[i].message)}
                   for i in range(r.error_count)],
        "mismatches": [_mismatch(r.mismatches[i]) for i in range(r.mismatch_count)],
    }


def _with_report(call):
    """Run call(byref(report ptr)); return (rc-checked) report dict, raising with .report."""
    r = _P(cus_finance_report)()
    clear()
    rc = call(ctypes.byref(r))
    err = None
    if rc < 0:
        try:
            check(rc)
        except Exception as e:
            err = e
    report = None
    if r:
        try:
            report = _report(r.contents)
        finally:
            _L.cus_finance_report_free(r)
    if err is not None:
        err.report = report
        raise err
    return report


def _project(p):
    return {
        "id": p.id, "code": _s(p.code), "name": _s(p.name), "programme": _s(p.programme),
        "measure": _s(p.measure), "period_from": _s(p.period_from), "period_to": _s(p.period_to),
        "total_cost": p.total_cost, "co_financing": p.co_financing, "own_contribution": p.own_contribution,
        "co_financing_bp": _bp(p.co_financing_bp),
        "sources": {_s(p.sources[i].source): p.sources[i].amount for i in range(p.nsources)},
        "planned": p.planned, "spent": p.spent, "created_by": _s(p.created_by), "created": _s(p.created),
    }


def _line(l):
    return {"id": l.id, "year": l.year, "dzial": _s(l.dzial), "rozdzial": _s(l.rozdzial),
            "paragraf": _s(l.paragraf), "source": _s(l.source), "project": _s(l.project),
            "service": _s(l.service), "amount": l.amount, "note": _s(l.note)}


def _exp(x):
    return {"id": x.id, "date": _s(x.date), "dzial": _s(x.dzial), "rozdzial": _s(x.rozdzial),
            "paragraf": _s(x.paragraf), "source": _s(x.source), "project": _s(x.project),
            "service": _s(x.service), "amount": x.amount, "document": _s(x.document)}


def _row(r):
    return {"key": _s(r.key), "name": _s(r.name), "level": r.level, "parent": _s(r.parent), "plan": r.plan,
            "executed": r.executed, "executed_bp": _bp(r.executed_bp), "beneficiaries": _bp(r.beneficiaries),
            "units": _bp(r.units), "cost_per_beneficiary": _bp(r.cost_per_beneficiary),
            "cost_per_unit": _bp(r.cost_per_unit)}


def _part(p):
    return {"key": _s(p.key), "plan": p.plan, "executed": p.executed, "plan_share_bp": _bp(p.plan_share_bp),
            "executed_share_bp": _bp(p.executed_share_bp)}


def _drain(handle, next_fn, free_fn, entry, convert):
    out = []
    try:
        while True:
            p = _P(entry)()
            clear()
            rc = next_fn(ctypes.byref(p), handle)
            if rc == _ITEROVER:
                break
            check(rc)
            out.append(convert(p.contents))
    finally:
        free_fn(handle)
    return out


def _import_options(encoding, delimiter, strict):
    o = cus_finance_import_options()
    o.version = 1
    o.encoding = _b(encoding, "encoding")
    if delimiter is not None:
        if delimiter not in (";", ","):
            raise ValueError("delimiter must be ';' or ',', not %r" % (delimiter,))
        o.delimiter = delimiter.encode("ascii")
    o.flags = STRICT if strict else 0
    return o


class FinanceMixin:
    """Projects, plan lines, expenditures and budget breakdowns (finance.h)."""

    # -- projects

    def add_project(self, code, name, *, total_cost, co_financing=0, own_contribution=0, sources=None,
                    programme=None, measure=None, period_from=None, period_to=None, strict=False):
        """Add a project (cus_project_add). sources: {source code: amount}.
        Returns the report dict with "id" and "mismatches"."""
        inp = cus_project_input()
        inp.version = 1
        inp.code, inp.name = _b(code, "code"), _b(name, "name")
        inp.programme, inp.measure = _b(programme, "programme"), _b(measure, "measure")
        inp.period_from, inp.period_to = _b(period_from, "period_from"), _b(period_to, "period_to")
        inp.total_cost = _amount(total_cost, "total_cost")
        inp.co_financing = _amount(co_financing, "co_financing")
        inp.own_contribution = _amount(own_contribution, "own_contribution")
        items = list((sources or {}).items())
        arr = (cus_project_source * max(1, len(items)))()
        for i, (src, amount) in enumerate(items):
            arr[i].source = _b(src, "source")
            arr[i].amount = _amount(amount, "sources")
        inp.sources = arr if items else None
        inp.nsources = len(items)
        pid = _i64()
        handle = self._live()
        report = _with_report(lambda rp: _L.cus_project_add(rp, handle, ctypes.byref(inp), STRICT if strict else 0,
                                                            ctypes.byref(pid)))
        report["id"] = pid.value
        return report

    def project(self, code):
        """One project as a dict (cus_project_get)."""
        p = _P(cus_project)()
        clear()
        check(_L.cus_project_get(ctypes.byref(p), self._live(), _b(code, "project")))
        try:
            return _project(p.contents)
        finally:
            _L.cus_project_free(p)

    def projects(self):
        """Every project, by code."""
        it = _P(_Iter)()
        clear()
        check(_L.cus_project_list(ctypes.byref(it), self._live()))
        return _drain(it, _L.cus_project_next, _L.cus_project_iter_free, cus_project, _project)

    def import_projects(self, path, encoding=None, delimiter=None, strict=False):
        """Import projects from CSV, or a YAML project card (.yaml / .yml)."""
        from .db import _path
        bpath, handle = _path(path), self._live()
        if str(path).lower().endswith((".yaml", ".yml")):
            return self.import_project_card(path, strict=strict)
        o = _import_options(encoding, delimiter, strict)
        return _with_report(lambda rp: _L.cus_project_import(rp, handle, bpath, ctypes.byref(o)))

    def import_project_card(self, path, strict=False):
        """Import a YAML project card (cus_project_import_card)."""
        from .db import _path
        bpath, handle = _path(path), self._live()
        return _with_report(lambda rp: _L.cus_project_import_card(rp, handle, bpath, STRICT if strict else 0))

    # -- plan lines

    def add_budget_line(self, year, classification, source, amount, *, project=None, service=None, note=None,
                        strict=False):
        """Add a plan line; classification "852/85228/4300". Returns the report with "id"."""
        dz, rz, pg = _classification(classification)
        inp = cus_budget_line_input()
        inp.version = 1
        inp.year = int(year)
        inp.dzial, inp.rozdzial, inp.paragraf = dz, rz, pg
        inp.source, inp.project = _b(source, "source"), _b(project, "project")
        inp.service, inp.note = _b(service, "service"), _b(note, "note")
        inp.amount = _amount(amount, "amount")
        lid = _i64()
        handle = self._live()
        report = _with_report(lambda rp: _L.cus_budget_line_add(rp, handle, ctypes.byref(inp),
                                                                STRICT if strict else 0, ctypes.byref(lid)))
        report["id"] = lid.value
        return report

    def budget_lines(self, year=0, project=None):
        it = _P(_Iter)()
        clear()
        check(_L.cus_budget_line_list(ctypes.byref(it), self._live(), int(year), _b(project, "project")))
        return _drain(it, _L.cus_budget_line_next, _L.cus_budget_line_iter_free, cus_budget_line, _line)

    def import_budget_lines(self, path, encoding=None, delimiter=None, strict=False):
        from .db import _path
        bpath, handle = _path(path), self._live()
        o = _import_options(encoding, delimiter, strict)
        return _with_report(lambda rp: _L.cus_budget_line_import(rp, handle, bpath, ctypes.byref(o)))

    # -- expenditures

    def add_expenditure(self, date, classification, source, amount, *, project=None, service=None,
                        document=None):
        """Add an expenditure; returns its id."""
        dz, rz, pg = _classification(classification)
        inp = cus_expenditure_input()
        inp.version = 1
        inp.date = _b(date, "date")
        inp.dzial, inp.rozdzial, inp.paragraf = dz, rz, pg
        inp.source, inp.project = _b(source, "source"), _b(project, "project")
        inp.service, inp.document = _b(service, "service"), _b(document, "document")
        inp.amount = _amount(amount, "amount")
        eid = _i64()
        clear()
        check(_L.cus_expenditure_add(self._live(), ctypes.byref(inp), ctypes.byref(eid)))
        return eid.value

    def expenditures(self, period=None, project=None):
        it = _P(_Iter)()
        clear()
        check(_L.cus_expenditure_list(ctypes.byref(it), self._live(), _b(period, "period"), _b(project, "project")))
        return _drain(it, _L.cus_expenditure_next, _L.cus_expenditure_iter_free, cus_expenditure, _exp)

    def import_expenditures(self, path, encoding=None, delimiter=None):
        from .db import _path
        bpath, handle = _path(path), self._live()
        o = _import_options(encoding, delimiter, False)
        return _with_report(lambda rp: _L.cus_expenditure_import(rp, handle, bpath, ctypes.byref(o)))

    # -- breakdowns

    def budget(self, period, by="source", strict=False):
        """Plan against execution for a period (cus_budget_report_get) as a dict:
        period, first, last, by, rows, total, spending, financing, mismatches.
        With strict, a mismatch in the stored projects raises
        InvalidInputError whose .report is this dict."""
        clear()
        code = check(_L.cus_budget_by_parse(_b(by, "by")))
        r = _P(cus_budget_report)()
        clear()
        rc = _L.cus_budget_report_get(ctypes.byref(r), self._live(), _b(period, "period"), code,
                                      STRICT if strict else 0)
        err = None
        if rc < 0:
            try:
                check(rc)
            except Exception as e:
                err = e
        out = None
        if r:
            try:
                x = r.contents
                out = {
                    "period": _s(x.period.name), "first": _s(x.period.first), "last": _s(x.period.last),
                    "by": by, "rows": [_row(x.rows[i]) for i in range(x.nrows)], "total": _row(x.total),
                    "spending": [_part(p) for p in x.spending], "financing": [_part(p) for p in x.financing],
                    "mismatches": [_mismatch(x.mismatches[i]) for i in range(x.mismatch_count)],
                }
            finally:
                _L.cus_budget_report_free(r)
        if err is not None:
            err.report = out
            raise err
        return out
