"""libcus error codes and the exceptions they raise.

This is the one place where a negative CUS_E... code becomes a Python
exception: every fallible C call goes through check().
"""

from . import _lib

__all__ = [
    "Error", "InternalError", "InvalidInputError", "OutOfMemoryError",
    "FileError", "NotFoundError", "ExistsError", "WrongKeyError",
    "NotADatabaseError", "KeyStoreError", "VersionError", "AccessDeniedError",
    "IntegrityError", "ShreddedError", "BusyError", "CryptoError",
    "NotApprovedError", "LegalHoldError", "ArchivalError", "AppraisalError", "RetainedError",
    "error_name", "strerror",
]


def _str(p):
    return None if p is None else p.decode("utf-8", "replace")


def error_name(code):
    """The symbolic name of an error code, e.g. "CUS_EKEY" (cus_error_name)."""
    return _str(_lib.lib.cus_error_name(code))


def strerror(code):
    """A short English description of an error code (cus_strerror)."""
    return _str(_lib.lib.cus_strerror(code))


class Error(Exception):
    """A libcus error.

    Attributes: code (the negative CUS_E... value), name ("CUS_EKEY"), module
    ("store", "crypto", ...), message, field (the input field concerned or
    None), line and column (position in an input file, or 0).
    """

    def __init__(self, message, code=-1, module=None, field=None, line=0, column=0):
        super().__init__(message)
        self.code = code
        self.name = error_name(code)
        self.module = module
        self.message = message
        self.field = field
        self.line = line
        self.column = column

    def __str__(self):
        s = "%s: %s" % (self.name, self.message)
        where = []
        if self.module:
            where.append("module %s" % self.module)
        if self.field:
            where.append("field %s" % self.field)
        if self.line:
            where.append("line %d" % self.line)
        if self.column:
            where.append("column %d" % self.column)
        if where:
            s += " (%s)" % ", ".join(where)
        return s

    def __reduce__(self):
        return (_restore, (type(self), self.message, self.code, self.module,
                           self.field, self.line, self.column))


def _restore(cls, message, code, module, field, line, column):
    return cls(message, code, module, field, line, column)


class InternalError(Error):
    """CUS_ERROR: a bug, or a dependency failed unexpectedly."""


class InvalidInputError(Error):
    """CUS_EINVAL: invalid argument or input; .field names it."""


class OutOfMemoryError(Error):
    """CUS_ENOMEM: out of memory (or secure memory could not be allocated)."""


class FileError(Error):
    """CUS_EIO: a file could not be read or written."""


class NotFoundError(Error):
    """CUS_ENOTFOUND: the named file, user or record does not exist."""


class ExistsError(Error):
    """CUS_EEXISTS: the file or record already exists."""


class WrongKeyError(Error):
    """CUS_EKEY: wrong passphrase or key file, or a disabled user."""


class NotADatabaseError(Error):
    """CUS_ENOTDB: not a libcus database (or not the key store's database)."""


class KeyStoreError(Error):
    """CUS_EKEYSTORE: the key store is missing, damaged or inconsistent."""


class VersionError(Error):
    """CUS_EVERSION: the database was written by a newer libcus."""


class AccessDeniedError(Error):
    """CUS_EDENIED: the session's role may not do this for this purpose."""


class IntegrityError(Error):
    """CUS_EINTEGRITY: an integrity check failed (tampering or damage)."""


class ShreddedError(Error):
    """CUS_ESHREDDED: the value's key was destroyed (crypto-shredded)."""


class BusyError(Error):
    """CUS_EBUSY: the database is locked by another process."""


class CryptoError(Error):
    """CUS_ECRYPTO: the cryptographic library could not be initialised."""


class NotApprovedError(Error):
    """CUS_ENOTAPPROVED: the disposal proposal is not approved (or not in a state that allows it)."""


class LegalHoldError(Error):
    """CUS_EHOLD: a legal hold (or an art. 18 restriction) blocks the disposal."""


class ArchivalError(Error):
    """CUS_EARCHIVAL: category A records are never destroyed, only transferred."""


class AppraisalError(Error):
    """CUS_EAPPRAISAL: category BE records go to the state archive's appraisal first."""


class RetainedError(Error):
    """CUS_ERETAINED: the retention period has not ended (an erasure refused:
    .erasure, when set, holds the ground and the date)."""


# The mapping. Codes are only ever appended in C; append here too.
_BY_CODE = {
    -1: InternalError,
    -2: InvalidInputError,
    -3: OutOfMemoryError,
    -4: FileError,
    -5: NotFoundError,
    -6: ExistsError,
    -7: WrongKeyError,
    -8: NotADatabaseError,
    -9: KeyStoreError,
    -10: VersionError,
    -11: AccessDeniedError,
    -12: IntegrityError,
    -13: ShreddedError,
    -14: BusyError,
    -15: CryptoError,
    -16: NotApprovedError,
    -17: LegalHoldError,
    -18: ArchivalError,
    -19: AppraisalError,
    -20: RetainedError,
}


def exception_for(code):
    """The exception class for an error code (cus.Error for unknown codes)."""
    return _BY_CODE.get(code, Error)


def clear():
    """Forget the calling thread's last error (before a call checked with check())."""
    _lib.lib.cus_error_clear()


def check(rc):
    """Raise the exception for a negative return code, else return rc.

    Must be called on the same thread, right after the failing call: the
    details come from the thread-local cus_error_last().
    """
    if rc >= 0:
        return rc
    last = _lib.lib.cus_error_last()
    if last and last.contents.code == rc:
        e = last.contents
        message = _str(e.message) or strerror(rc)
        module, field, line, column = _str(e.module), _str(e.field), e.line, e.column
    else:
        # The library returned a code without recording it: keep the code.
        message, module, field, line, column = strerror(rc), None, None, 0, 0
    raise exception_for(rc)(message, rc, module, field, line, column)
