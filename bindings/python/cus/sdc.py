"""Statistical disclosure control of published tables (<cus/sdc.h>).

    import cus
    p = cus.suppress([[12, 4], [30, 25], [40, 38]], k=10)      # totals=True: margins published too
    p.status(0, 1)          # "small_count"
    p.table()               # [[ "x", "x", 16], ["x", "x", 55], [40, 38, 78], [82, 67, 149]]

A table is a list of rows (lists of values), or a flat list for a list with
its total. Counts are ints; with amounts=True each cell is a tuple
(amount in grosze, contributors, largest contribution in grosze). The
pattern never lets a suppressed cell be recomputed from the published cells
and totals; print suppressed cells with their mark ("x"), never as 0.

The declarations of the C functions live here (not in _lib.py): a libcus
built before this module still serves the rest of the binding, and calling
suppress() then raises NotImplementedError.
"""

import ctypes

from . import _lib
from .errors import check, clear, InvalidInputError

__all__ = ["suppress", "suppress_periods", "Suppression", "SDC_STATUSES", "SDC_K_DEFAULT", "SDC_K_MIN"]

#: Status names, indexed by cus_sdc_status.
SDC_STATUSES = ("published", "small_count", "few_contributors", "dominance", "secondary")

# Flags (sdc.h)
_ROW_TOTALS, _COLUMN_TOTALS, _AMOUNTS = 1, 2, 4

#: CUS_SDC_OPTIONS_VERSION
_OPTIONS_VERSION = 1


class cus_sdc_options(ctypes.Structure):
    """cus_sdc_options (sdc.h), version CUS_SDC_OPTIONS_VERSION."""
    _fields_ = [
        ("version", ctypes.c_uint),
        ("k", ctypes.c_int),
        ("min_contributors", ctypes.c_int),
        ("dominance_percent", ctypes.c_int),
        ("nonadditive", ctypes.c_int),
    ]


class _table(ctypes.Structure):
    pass


_tp = ctypes.POINTER(_table)
_i64, _int, _uint, _size = ctypes.c_int64, ctypes.c_int, ctypes.c_uint, ctypes.c_size_t
_PROTOTYPES = {
    "cus_sdc_k_default": (_int, []),
    "cus_sdc_k_min": (_int, []),
    "cus_sdc_options_init": (_int, [ctypes.POINTER(cus_sdc_options), _uint]),
    "cus_sdc_options_check": (_int, [ctypes.POINTER(cus_sdc_options)]),
    "cus_sdc_table_new": (_int, [ctypes.POINTER(_tp), _size, _size, _uint]),
    "cus_sdc_table_free": (None, [_tp]),
    "cus_sdc_table_set": (_int, [_tp, _size, _size, _i64]),
    "cus_sdc_table_set_contributors": (_int, [_tp, _size, _size, _i64, _i64]),
    "cus_sdc_table_set_cost": (_int, [_tp, _size, _size, _i64]),
    "cus_sdc_table_value": (_int, [_tp, _size, _size, ctypes.POINTER(_i64)]),
    "cus_sdc_protect": (_int, [_tp, ctypes.POINTER(cus_sdc_options)]),
    "cus_sdc_protect_periods": (_int, [ctypes.POINTER(_tp), _size, ctypes.POINTER(cus_sdc_options)]),
    "cus_sdc_table_status": (_int, [_tp, _size, _size]),
}

_L = _lib.lib
_missing = []
for _name, (_restype, _argtypes) in _PROTOTYPES.items():
    _f = getattr(_L, _name, None)
    if _f is None:
        _missing.append(_name)
        continue
    _f.restype = _restype
    _f.argtypes = _argtypes

#: CUS_SDC_K_DEFAULT and CUS_SDC_K_MIN (10 and 3)
SDC_K_DEFAULT = _L.cus_sdc_k_default() if not _missing else 10
SDC_K_MIN = _L.cus_sdc_k_min() if not _missing else 3

_INT64_MAX = (1 << 63) - 1


def _bad(message, field):
    return InvalidInputError(message, -2, "sdc", field)


def _int64(v, what):
    if isinstance(v, bool) or not isinstance(v, int):
        raise TypeError("%s must be int, not %s" % (what, type(v).__name__))
    if not 0 <= v <= _INT64_MAX:
        raise _bad("%s must be 0 to 2**63 - 1" % what, "value")
    return v


class Suppression:
    """The protected pattern of one table.

    Cells are addressed (row, column) as in C: body cells 0..rows-1 x
    0..cols-1; the column totals are row `rows`, the row totals column
    `cols`, the grand total (rows, cols).

    Attributes: rows, cols; cells (rows x cols status names); row_totals,
    column_totals (lists of status names, or None when the table has no
    such totals); grand_total (a status name or None); values (the full grid
    of true values, totals included — never publish these directly: use
    table()); suppressed (a frozenset of (row, col)); primary and secondary
    (counts).
    """

    def __init__(self, rows, cols, has_row_totals, has_col_totals, status, values):
        self.rows, self.cols = rows, cols
        self._status = status
        self.values = values
        er, ec = len(status), len(status[0])
        self.cells = [row[:cols] for row in status[:rows]]
        self.row_totals = [status[r][cols] for r in range(rows)] if has_row_totals else None
        self.column_totals = [status[rows][c] for c in range(cols)] if has_col_totals else None
        self.grand_total = status[rows][cols] if has_row_totals and has_col_totals else None
        self.suppressed = frozenset((r, c) for r in range(er) for c in range(ec) if status[r][c] != "published")
        self.primary = sum(1 for r in range(er) for c in range(ec)
                           if status[r][c] not in ("published", "secondary"))
        self.secondary = sum(1 for r in range(er) for c in range(ec) if status[r][c] == "secondary")

    def status(self, row, col):
        """The status name of a cell ("published", "small_count", "few_contributors",
        "dominance", "secondary")."""
        return self._status[row][col]

    def is_suppressed(self, row, col):
        return self._status[row][col] != "published"

    def table(self, marker="x"):
        """The publishable grid (totals included as the last row / column):
        each suppressed cell is `marker`, never its value and never 0."""
        return [[marker if s != "published" else v for s, v in zip(srow, vrow)]
                for srow, vrow in zip(self._status, self.values)]

    def __repr__(self):
        return "<cus.Suppression %dx%d: %d primary, %d secondary>" % (self.rows, self.cols, self.primary,
                                                                       self.secondary)


def _shape(rows, amounts):
    """(grid, is_list): rows as a list of lists; a flat list is one column.
    Rows are lists (for counts also tuples); amount cells are tuples."""
    if not isinstance(rows, (list, tuple)) or not rows:
        raise _bad("a table needs at least one row", "rows")
    row_types = list if amounts else (list, tuple)
    if not isinstance(rows[0], row_types):
        return [[x] for x in rows], True
    grid = [list(r) for r in rows]
    width = len(grid[0])
    if width == 0:
        raise _bad("a table needs at least one column", "cols")
    for i, r in enumerate(grid):
        if len(r) != width:
            raise _bad("row %d has %d cells, row 0 has %d" % (i, len(r), width), "rows")
    return grid, False


def _flags(totals, is_list):
    if totals is True:
        return _COLUMN_TOTALS if is_list else _ROW_TOTALS | _COLUMN_TOTALS
    if totals is False or totals is None:
        return 0
    if totals == "rows":
        return _ROW_TOTALS
    if totals == "columns":
        return _COLUMN_TOTALS
    raise _bad("totals must be True, False, 'rows' or 'columns'", "totals")


def _set(t, r, c, cell, amounts, what):
    if amounts and isinstance(cell, (tuple, list)):
        if len(cell) != 3:
            raise _bad("%s must be (amount, contributors, largest)" % what, "value")
        value, contributors, largest = (_int64(x, what) for x in cell)
        check(_L.cus_sdc_table_set(t, r, c, value))
        check(_L.cus_sdc_table_set_contributors(t, r, c, contributors, largest))
    else:
        check(_L.cus_sdc_table_set(t, r, c, _int64(cell, what)))


def _build(rows, totals, amounts, costs, row_totals, column_totals, grand_total):
    grid, is_list = _shape(rows, amounts)
    flags = _flags(totals, is_list) | (_AMOUNTS if amounts else 0)
    R, C = len(grid), len(grid[0])
    t = _tp()
    clear()
    check(_L.cus_sdc_table_new(ctypes.byref(t), R, C, flags))
    try:
        for r in range(R):
            for c in range(C):
                if amounts and not isinstance(grid[r][c], (tuple, list)) and grid[r][c] != 0:
                    raise _bad("cell (%d, %d) must be (amount, contributors, largest)" % (r, c), "value")
                _set(t, r, c, grid[r][c], amounts, "cell (%d, %d)" % (r, c))
        given = []
        if row_totals is not None:
            if not flags & _ROW_TOTALS or len(row_totals) != R:
                raise _bad("row_totals needs %d values and a table with row totals" % R, "row_totals")
            given += [((r, C), v) for r, v in enumerate(row_totals)]
        if column_totals is not None:
            if not flags & _COLUMN_TOTALS or len(column_totals) != C:
                raise _bad("column_totals needs %d values and a table with column totals" % C, "column_totals")
            given += [((R, c), v) for c, v in enumerate(column_totals)]
        if grand_total is not None:
            if flags & (_ROW_TOTALS | _COLUMN_TOTALS) != _ROW_TOTALS | _COLUMN_TOTALS:
                raise _bad("grand_total needs a table with both totals", "grand_total")
            given.append(((R, C), grand_total))
        for (r, c), v in given:
            if v is not None:
                _set(t, r, c, v, amounts, "total (%d, %d)" % (r, c))
        if costs is not None:
            cgrid = [[x] for x in costs] if is_list else [list(x) for x in costs]
            er = R + (1 if flags & _COLUMN_TOTALS else 0)
            ec = C + (1 if flags & _ROW_TOTALS else 0)
            if len(cgrid) > er or any(len(x) > ec for x in cgrid):
                raise _bad("costs is larger than the table with its totals", "cost")
            for r, crow in enumerate(cgrid):
                for c, cost in enumerate(crow):
                    if cost is not None:
                        check(_L.cus_sdc_table_set_cost(t, r, c, _int64(cost, "cost (%d, %d)" % (r, c))))
    except BaseException:
        _L.cus_sdc_table_free(t)
        raise
    return t, R, C, flags


def _options(k, min_contributors, dominance, nonadditive):
    o = cus_sdc_options()
    check(_L.cus_sdc_options_init(ctypes.byref(o), _OPTIONS_VERSION))
    for name, v in (("k", k), ("min_contributors", min_contributors), ("dominance", dominance)):
        if isinstance(v, bool) or not isinstance(v, int):
            raise TypeError("%s must be int, not %s" % (name, type(v).__name__))
    o.k, o.min_contributors, o.dominance_percent = (max(min(v, 1 << 30), -(1 << 30))
                                                    for v in (k, min_contributors, dominance))
    o.nonadditive = 1 if nonadditive else 0
    clear()
    check(_L.cus_sdc_options_check(ctypes.byref(o)))
    return o


def _result(t, R, C, flags):
    er = R + (1 if flags & _COLUMN_TOTALS else 0)
    ec = C + (1 if flags & _ROW_TOTALS else 0)
    status, values = [], []
    v = _i64()
    for r in range(er):
        srow, vrow = [], []
        for c in range(ec):
            clear()
            s = check(_L.cus_sdc_table_status(t, r, c))
            srow.append(SDC_STATUSES[s] if s < len(SDC_STATUSES) else "unknown")
            check(_L.cus_sdc_table_value(t, r, c, ctypes.byref(v)))
            vrow.append(v.value)
        status.append(srow)
        values.append(vrow)
    return Suppression(R, C, bool(flags & _ROW_TOTALS), bool(flags & _COLUMN_TOTALS), status, values)


def _need():
    if _missing:
        raise NotImplementedError("%s does not export %s" % (_lib.path, ", ".join(_missing)))


def suppress(rows, k=SDC_K_DEFAULT, totals=True, amounts=False, min_contributors=3, dominance=75,
             costs=None, nonadditive=False, row_totals=None, column_totals=None, grand_total=None):
    """Protect one table for publication (cus_sdc_protect); returns a Suppression.

    rows: a list of rows of values, or a flat list (a list with its total).
    k: counts 0 < n < k are suppressed (default 10; below 3 is refused).
    totals: True (row and column totals and the grand total are published,
    computed by libcus; for a flat list its one total), False, "rows" or
    "columns". amounts: cells are (amount in grosze, contributors, largest
    contribution); fewer than min_contributors contributors or one above
    dominance % of the cell is suppressed (art. 38). costs: optional grid of
    the same shape (totals may be included, None keeps the default, which is
    the cell's value). row_totals / column_totals / grand_total: the
    published totals when they are not the sums of their cells (distinct
    persons: pass nonadditive=True) or to have them checked.

    Raises InvalidInputError (.field "k", "rows", "total", ...) for bad input.
    """
    _need()
    o = _options(k, min_contributors, dominance, nonadditive)
    t, R, C, flags = _build(rows, totals, amounts, costs, row_totals, column_totals, grand_total)
    try:
        clear()
        check(_L.cus_sdc_protect(t, ctypes.byref(o)))
        return _result(t, R, C, flags)
    finally:
        _L.cus_sdc_table_free(t)


def suppress_periods(tables, k=SDC_K_DEFAULT, totals=True, amounts=False, min_contributors=3, dominance=75,
                     costs=None, nonadditive=False):
    """One common pattern for several tables of the same shape, one per period of
    a report (cus_sdc_protect_periods): a cell suppressed in one period is
    suppressed in all. Returns a list of Suppression, one per table, each with
    its own primary reasons. costs, if given, is one grid per table (or None).
    """
    _need()
    if not isinstance(tables, (list, tuple)) or not tables:
        raise _bad("give one or more tables", "tables")
    o = _options(k, min_contributors, dominance, nonadditive)
    built = []
    try:
        for i, rows in enumerate(tables):
            built.append(_build(rows, totals, amounts, costs[i] if costs else None, None, None, None))
        arr = (_tp * len(built))(*[b[0] for b in built])
        clear()
        check(_L.cus_sdc_protect_periods(arr, len(built), ctypes.byref(o)))
        return [_result(*b) for b in built]
    finally:
        for b in built:
            _L.cus_sdc_table_free(b[0])
