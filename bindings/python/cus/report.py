"""XLSX reports (report.h), as methods of cus.Session (through ReportMixin).

    with db.session("reporting") as s:                     # the director
        r = s.report("mayor-annual", "2022", "raport-2022.xlsx")
        print(r["snapshot_sha256"], r["suppressed"])

cus.check_report_definition(path) validates a definition file (raises
cus.InvalidInputError with .line, .column and .field) and returns its code,
audience and sheet count; cus.report_path(name) says where a named report's
definition is.
"""

import ctypes

from . import _lib
from .errors import check, clear

__all__ = ["ReportMixin", "check_report_definition", "report_path"]

_L = _lib.lib
_p, _i64, _size, _int, _uint = ctypes.c_char_p, ctypes.c_int64, ctypes.c_size_t, ctypes.c_int, ctypes.c_uint

#: CUS_REPORT_OPTIONS_VERSION
REPORT_OPTIONS_VERSION = 1

_PROGRESS = ctypes.CFUNCTYPE(None, ctypes.c_void_p, _size, _size, _p)


class cus_report_options(ctypes.Structure):
    _fields_ = [("version", _uint), ("definition", _p), ("progress", _PROGRESS), ("progress_ctx", ctypes.c_void_p),
                ("constant_memory", _int)]


class cus_report_result(ctypes.Structure):
    _fields_ = [("code", ctypes.c_char * 72), ("period", ctypes.c_char * 8), ("snapshot_sha256", ctypes.c_char * 65),
                ("generated", ctypes.c_char * 21), ("policy_version", _i64), ("sheets", _size), ("tables", _size),
                ("charts", _size), ("cells", _size), ("suppressed", _size), ("bytes", _i64)]


_L.cus_report_generate.argtypes = [ctypes.POINTER(cus_report_result), ctypes.c_void_p, _p, _p, _p,
                                   ctypes.POINTER(cus_report_options)]
_L.cus_report_generate.restype = _int
_L.cus_report_def_load.argtypes = [ctypes.POINTER(ctypes.c_void_p), _p]
_L.cus_report_def_load.restype = _int
_L.cus_report_def_free.argtypes = [ctypes.c_void_p]
_L.cus_report_def_free.restype = None
for _f in ("cus_report_def_code", "cus_report_def_title", "cus_report_def_audience"):
    getattr(_L, _f).argtypes = [ctypes.c_void_p]
    getattr(_L, _f).restype = _p
_L.cus_report_def_sheet_count.argtypes = [ctypes.c_void_p]
_L.cus_report_def_sheet_count.restype = _size
_L.cus_report_path.argtypes = [ctypes.c_char_p, _size, _p]
_L.cus_report_path.restype = _int


def _b(s):
    return None if s is None else (s if isinstance(s, bytes) else str(s).encode("utf-8"))


def report_path(name):
    """The definition file of a named report (cus_report_path)."""
    buf = ctypes.create_string_buffer(4096)
    clear()
    check(_L.cus_report_path(buf, len(buf), _b(name)))
    return buf.value.decode("utf-8")


def check_report_definition(path):
    """Validate a definition; returns {code, title, audience, sheets}."""
    d = ctypes.c_void_p()
    clear()
    check(_L.cus_report_def_load(ctypes.byref(d), _b(path)))
    try:
        return {"code": _L.cus_report_def_code(d).decode("utf-8"),
                "title": _L.cus_report_def_title(d).decode("utf-8"),
                "audience": _L.cus_report_def_audience(d).decode("utf-8"),
                "sheets": _L.cus_report_def_sheet_count(d)}
    finally:
        _L.cus_report_def_free(d)


class ReportMixin:
    def report(self, name, period, out, *, definition=None, progress=None, constant_memory=True):
        """Write the report name (or the definition file) for period to out
        (cus_report_generate). progress(done, total, what) is called along
        the way. Returns the result as a dict."""
        opts = cus_report_options()
        opts.version = REPORT_OPTIONS_VERSION
        opts.definition = _b(definition)
        opts.constant_memory = 1 if constant_memory else 0
        cb = None
        if progress is not None:
            def _cb(_ctx, done, total, what):
                progress(done, total, what.decode("utf-8") if what else "")
            cb = _PROGRESS(_cb)
            opts.progress = cb
        r = cus_report_result()
        clear()
        check(_L.cus_report_generate(ctypes.byref(r), self._live(), _b(name), _b(period), _b(out),
                                     ctypes.byref(opts)))
        out = {}
        for field, _t in cus_report_result._fields_:
            v = getattr(r, field)
            out[field] = v.decode("utf-8") if isinstance(v, bytes) else v
        return out
