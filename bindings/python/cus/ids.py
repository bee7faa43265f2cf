"""Identifier checks of the register (util.h): PESEL, NIP, REGON."""

import ctypes

from . import _lib
from .errors import check, clear

__all__ = ["check_pesel", "check_nip", "check_regon"]

_L = _lib.lib


def _arg(value, what):
    if not isinstance(value, str):
        raise TypeError("%s must be str, not %s" % (what, type(value).__name__))
    if "\0" in value:
        raise ValueError("%s contains a NUL character" % what)
    return value.encode("utf-8")


def check_pesel(pesel):
    """Validate a PESEL; returns {"birth_date": "YYYY-MM-DD", "sex": "M"|"F"}.
    Raises InvalidInputError (field "pesel") saying why, never echoing it."""
    info = _lib.cus_pesel_info()
    clear()
    check(_L.cus_pesel_check(_arg(pesel, "pesel"), ctypes.byref(info)))
    return {"birth_date": info.birth_date.decode("ascii"), "sex": info.sex.decode("ascii")}


def check_nip(nip):
    """Validate a NIP (spaces or dashes between digits allowed); returns its 10 digits."""
    out = ctypes.create_string_buffer(11)
    clear()
    check(_L.cus_nip_check(_arg(nip, "nip"), out))
    return out.value.decode("ascii")


def check_regon(regon):
    """Validate a 9- or 14-digit REGON; returns its digits."""
    out = ctypes.create_string_buffer(15)
    clear()
    check(_L.cus_regon_check(_arg(regon, "regon"), out))
    return out.value.decode("ascii")
