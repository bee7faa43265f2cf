"""The Programme's evaluation indicators (indicators.h), as methods of
cus.Session (through IndicatorsMixin).

    with db.session("reporting") as s:                 # the director
        for cell in s.indicators("2022", indicator="persons_served"):
            print(cell["dims"], cell["numerator"], cell["value"])

A cell is a dict: indicator, name, criterion, period, first and last (the
window's days), dims (a dict dimension -> value, None where the cell is the
total over that dimension), numerator, denominator (None without one),
factor, value (numerator / denominator × factor; None when the denominator
is 0) and unit ("persons", "families", "count", "units" — hundredths —,
"grosze", "services", "plans", "reviews").
"""

import ctypes

from . import _lib
from .errors import check, clear

__all__ = ["IndicatorsMixin", "DIMENSIONS", "MEASURES", "INDICATOR_MAX_DIMS"]

_L = _lib.lib
_P = ctypes.POINTER
_p, _i64, _size, _int, _uint = ctypes.c_char_p, ctypes.c_int64, ctypes.c_size_t, ctypes.c_int, ctypes.c_uint

#: CUS_INDICATOR_MAX_DIMS
INDICATOR_MAX_DIMS = 4
#: CUS_INDICATOR_QUERY_VERSION
INDICATOR_QUERY_VERSION = 1

#: The dimension codes.
DIMENSIONS = ("month", "quarter", "half_year", "year", "service", "area", "funding", "project", "sex",
              "age_band", "family_type")
#: The measure codes.
MEASURES = ("persons", "families", "deliveries", "units", "cost", "services", "applications", "applicants",
            "qualified", "refused", "decided", "withdrawn", "plans_active", "reviews_due", "reviews_on_time")


class cus_indicator(ctypes.Structure):
    """cus_indicator (indicators.h)."""
    _fields_ = [
        ("code", _p), ("name", _p), ("description", _p), ("criterion", _p), ("measure", _p),
        ("denominator", _p), ("factor", _i64), ("target", _p), ("cumulative", _int),
        ("by", _P(_p)), ("nby", _size), ("services", _P(_p)), ("nservices", _size),
        ("areas", _P(_p)), ("nareas", _size), ("funding", _P(_p)), ("nfunding", _size),
    ]


class cus_indicator_query(ctypes.Structure):
    """cus_indicator_query, version CUS_INDICATOR_QUERY_VERSION."""
    _fields_ = [
        ("version", _uint), ("period", _p), ("indicator", _p), ("measure", _p), ("denominator", _p),
        ("factor", _i64), ("by", _P(_p)), ("nby", _size), ("totals", _int),
    ]


class cus_indicator_value(ctypes.Structure):
    """cus_indicator_value (indicators.h)."""
    _fields_ = [
        ("indicator", _p), ("name", _p), ("criterion", _p), ("period", _p), ("first", _p), ("last", _p),
        ("ndims", _size), ("dims", _P(_p)), ("values", _P(_p)), ("numerator", _i64),
        ("has_denominator", _int), ("denominator", _i64), ("factor", _i64), ("has_value", _int),
        ("value", ctypes.c_double), ("unit", _p),
    ]


class cus_indicator_iter(ctypes.Structure):
    pass


_PROTOTYPES = {
    "cus_indicator_list": (_int, [_P(_P(cus_indicator)), _P(_lib.cus_db)]),
    "cus_indicator_dimension_valid": (_int, [_p]),
    "cus_indicator_measure_valid": (_int, [_p]),
    "cus_indicator_query_init": (_int, [_P(cus_indicator_query), _uint]),
    "cus_indicators_compute": (_int, [_P(_P(cus_indicator_iter)), _P(_lib.cus_session), _P(cus_indicator_query)]),
    "cus_indicator_next": (_int, [_P(_P(cus_indicator_value)), _P(cus_indicator_iter)]),
    "cus_indicator_count": (_size, [_P(cus_indicator_iter)]),
    "cus_indicator_at": (_P(cus_indicator_value), [_P(cus_indicator_iter), _size]),
    "cus_indicator_iter_free": (None, [_P(cus_indicator_iter)]),
}
for _name, (_restype, _argtypes) in _PROTOTYPES.items():
    _f = getattr(_L, _name)
    _f.restype = _restype
    _f.argtypes = _argtypes


def _s(b):
    return None if b is None else b.decode("utf-8")


def _codes(arr, n):
    return [_s(arr[i]) for i in range(n)]


def _definition(d):
    return {
        "code": _s(d.code), "name": _s(d.name), "description": _s(d.description),
        "criterion": _s(d.criterion), "measure": _s(d.measure), "denominator": _s(d.denominator),
        "factor": d.factor, "target": _s(d.target), "cumulative": bool(d.cumulative),
        "by": _codes(d.by, d.nby), "services": _codes(d.services, d.nservices),
        "areas": _codes(d.areas, d.nareas), "funding": _codes(d.funding, d.nfunding),
    }


def _cell(v):
    return {
        "indicator": _s(v.indicator), "name": _s(v.name), "criterion": _s(v.criterion),
        "period": _s(v.period), "first": _s(v.first), "last": _s(v.last),
        "dims": {_s(v.dims[d]): _s(v.values[d]) for d in range(v.ndims)},
        "numerator": v.numerator,
        "denominator": v.denominator if v.has_denominator else None,
        "factor": v.factor,
        "value": v.value if v.has_value else None,
        "unit": _s(v.unit),
    }


class IndicatorsMixin:
    """Indicators, as methods of cus.Session."""

    def indicator_definitions(self):
        """The indicators the active policy defines, in file order: a list
        of dicts (code, name, description, criterion, measure, denominator,
        factor, target, cumulative, by, services, areas, funding)."""
        out = _P(cus_indicator)()
        clear()
        n = check(_L.cus_indicator_list(ctypes.byref(out), self._db._live()))
        return [_definition(out[i]) for i in range(n)]

    def indicators(self, period, indicator=None, measure=None, denominator=None, factor=0, by=None,
                   totals=True):
        """Compute indicators for period ("2022", "2022H1", "2022Q3",
        "2022-03"): every indicator of the policy, one (indicator="code"), or
        an ad hoc measure (measure=, denominator=, factor=). by: a list of
        dimensions overriding each indicator's breakdown; totals: also the
        cells where dimensions are "all". Returns a list of cell dicts (see
        the module's doc). Raises InvalidInputError (field "period", "by",
        "measure", "denominator", "factor"), NotFoundError (field
        "indicator"), AccessDeniedError (needs read on reports)."""
        q = cus_indicator_query()
        check(_L.cus_indicator_query_init(ctypes.byref(q), INDICATOR_QUERY_VERSION))
        keep = []

        def b(v):
            if v is None:
                return None
            e = str(v).encode("utf-8")
            keep.append(e)
            return e
        q.period = b(period)
        q.indicator = b(indicator)
        q.measure = b(measure)
        q.denominator = b(denominator)
        q.factor = int(factor or 0)
        if by:
            arr = (_p * len(by))(*[b(d) for d in by])
            keep.append(arr)
            q.by = ctypes.cast(arr, _P(_p))
            q.nby = len(by)
        q.totals = 1 if totals else 0
        it = _P(cus_indicator_iter)()
        clear()
        check(_L.cus_indicators_compute(ctypes.byref(it), self._live(), ctypes.byref(q)))
        try:
            return [_cell(_L.cus_indicator_at(it, i).contents) for i in range(_L.cus_indicator_count(it))]
        finally:
            _L.cus_indicator_iter_free(it)
