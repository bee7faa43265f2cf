"""The register of persons (registry.h) and CSV import (import.h).

These are methods of cus.Session (through PersonsMixin): every read and write
runs in the session's purpose, is checked per data category against the
policy and audited.

    with db.session("qualification") as s:
        pid = s.add_person(pesel="02270812346", first_names="Anna", last_name="Łęcka")
        s.person(pid)["birth_date"]                # "2002-07-08"
        for p in s.find_persons("lecka"):          # accent- and case-insensitive
            print(p["id"], p["last_name"])

A person is a dict with the keys of PERSON_KEYS: id, version, pesel,
first_names, last_name, birth_date, sex ("M" or "F"), address, phone, email,
financial, teryt, registered, changed. Values the session may not read (and
absent optional values) are None. persons() and find_persons() return
iterators (in Polish alphabetical order) that hold a C iterator until they
are exhausted or closed; household_members() and records() return lists.
"""

import ctypes
import datetime
import weakref

from . import _lib
from .errors import check, clear, InvalidInputError

__all__ = ["PersonsMixin", "PERSON_KEYS", "PERSON_FIELDS", "RECORD_FIELDS", "RELATIONS",
           "RECORD_CATEGORIES"]

_L = _lib.lib
_ITEROVER = -31

#: The input fields of a person (add_person / update_person keywords).
PERSON_FIELDS = ("pesel", "first_names", "last_name", "birth_date", "sex", "address", "phone", "email",
                 "financial", "teryt", "registered")

#: The keys of a person dict.
PERSON_KEYS = ("id", "version", "pesel", "first_names", "last_name", "birth_date", "sex", "address",
               "phone", "email", "financial", "teryt", "registered", "changed")

#: The optional input fields of a record (add_record keywords).
RECORD_FIELDS = ("text", "degree", "valid_until", "indications", "source_document", "legal_basis")

#: Household relations (cus_household_link).
RELATIONS = ("spouse", "child", "parent", "sibling", "other")

#: Categories of special-category and art. 10 records.
RECORD_CATEGORIES = ("health", "disability", "location", "family", "judgment")


def _s(b):
    return None if b is None else b.decode("utf-8", "replace")


def _b(v, what):
    """A text argument as UTF-8 bytes (None stays None); dates become ISO 8601."""
    if v is None:
        return None
    if isinstance(v, (datetime.date, datetime.datetime)):
        v = v.isoformat()[:10]
    if isinstance(v, bytes):
        if b"\0" in v:
            raise ValueError("%s contains a NUL character" % what)
        return v
    if isinstance(v, str):
        if "\0" in v:
            raise ValueError("%s contains a NUL character" % what)
        return v.encode("utf-8")
    raise TypeError("%s must be str, not %s" % (what, type(v).__name__))


def _sex(v):
    """'M' or 'F' as a C char; anything else reaches the library, which names the field."""
    if v is None:
        return b"\0"
    if isinstance(v, bytes):
        v = v.decode("latin-1")
    if not isinstance(v, str):
        raise TypeError("sex must be str, not %s" % type(v).__name__)
    return v.encode("ascii") if len(v) == 1 and v.isascii() and v != "\0" else b"?"


def _char(c):
    """A C char read back (b'M', b'\\0') as "M" or None."""
    if not c or c == b"\0":
        return None
    return c.decode("latin-1")


def _id(v, what="person"):
    """An id as int64: ctypes would silently truncate a larger int (2**64 + 5
    would become id 5), so an id out of range raises InvalidInputError."""
    if isinstance(v, bool) or not isinstance(v, int):
        raise TypeError("%s must be an int id, not %s" % (what, type(v).__name__))
    if not -2 ** 63 <= v <= 2 ** 63 - 1:
        raise InvalidInputError("%s id out of range" % what, -2, "binding", what)
    return v


def _person_dict(p):
    return {
        "id": p.id,
        "version": p.version,
        "pesel": _s(p.pesel),
        "first_names": _s(p.first_names),
        "last_name": _s(p.last_name),
        "birth_date": _s(p.birth_date),
        "sex": _char(p.sex),
        "address": _s(p.address),
        "phone": _s(p.phone),
        "email": _s(p.email),
        "financial": _s(p.financial),
        "teryt": _s(p.teryt),
        "registered": _s(p.registered),
        "changed": _s(p.changed),
    }


def _member_dict(m):
    return {"person_id": m.person_id, "relation": _s(m.relation), "birth_date": _s(m.birth_date),
            "sex": _char(m.sex)}


def _record_dict(r):
    out = {"id": r.id, "person_id": r.person_id}
    for name, _ in _lib.cus_record._fields_[2:]:
        out[name] = _s(getattr(r, name))
    return out


def _person_input(fields):
    unknown = set(fields) - set(PERSON_FIELDS)
    if unknown:
        raise TypeError("unknown person field%s: %s (known: %s)" % (
            "s" if len(unknown) > 1 else "", ", ".join(sorted(unknown)), ", ".join(PERSON_FIELDS)))
    inp = _lib.cus_person_input()
    inp.version = _lib.PERSON_INPUT_VERSION
    for name, value in fields.items():
        if name == "sex":
            inp.sex = _sex(value)
        else:
            # The bytes object is kept alive by the structure (ctypes _objects).
            setattr(inp, name, _b(value, name))
    return inp


class _Iterator:
    """A Python iterator over a C iterator (cus_*_iter): frees it when
    exhausted, on an error, on close(), when its session closes, or when
    garbage-collected. Also a context manager."""

    def __init__(self, session, handle, next_fn, free_fn, entry_type, convert):
        self._session = session
        self._handle = handle
        self._next_fn = next_fn
        self._free_fn = free_fn
        self._entry_type = entry_type
        self._convert = convert

    def __iter__(self):
        return self

    def __next__(self):
        if not self._handle:
            raise StopIteration
        self._session._live()
        p = ctypes.POINTER(self._entry_type)()
        clear()
        rc = self._next_fn(ctypes.byref(p), self._handle)
        if rc == _ITEROVER:
            self.close()
            raise StopIteration
        if rc < 0:
            try:
                check(rc)
            finally:
                self.close()
        return self._convert(p.contents)

    def close(self):
        """Free the C iterator now. Calling it again does nothing."""
        handle, self._handle = getattr(self, "_handle", None), None
        if handle:
            self._free_fn(handle)

    def __del__(self):
        self.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False


class PersonsMixin:
    """The register of persons and CSV import, as methods of cus.Session."""

    def _track(self, it):
        iters = self.__dict__.get("_open_iterators")
        if iters is None:
            iters = self._open_iterators = weakref.WeakSet()
        iters.add(it)
        return it

    def _close_iterators(self):
        """Free every C iterator still open (before the session closes)."""
        for it in list(self.__dict__.get("_open_iterators") or ()):
            it.close()

    def _iterator(self, handle, next_fn, free_fn, entry_type, convert):
        return self._track(_Iterator(self, handle, next_fn, free_fn, entry_type, convert))

    # -- persons

    def add_person(self, *, pesel=None, first_names=None, last_name=None, birth_date=None, sex=None,
                   address=None, phone=None, email=None, financial=None, teryt=None, registered=None):
        """Register a person; returns the new id (cus_person_add).

        Give pesel, or for a person without one birth_date ("YYYY-MM-DD") and
        sex ("M" or "F"). Raises InvalidInputError whose .field names the bad
        value (nothing is stored), ExistsError for a PESEL already registered,
        AccessDeniedError."""
        fields = dict(pesel=pesel, first_names=first_names, last_name=last_name, birth_date=birth_date,
                      sex=sex, address=address, phone=phone, email=email, financial=financial, teryt=teryt,
                      registered=registered)
        inp = _person_input({k: v for k, v in fields.items() if v is not None})
        pid = ctypes.c_int64()
        clear()
        check(_L.cus_person_add(self._live(), ctypes.byref(inp), ctypes.byref(pid)))
        return pid.value

    def _one_person(self, fn, *args):
        p = ctypes.POINTER(_lib.cus_person)()
        clear()
        check(fn(ctypes.byref(p), self._live(), *args))
        try:
            return _person_dict(p.contents)
        finally:
            _L.cus_person_free(p)

    def person(self, person_id):
        """A person as a dict (cus_person_get). Raises NotFoundError,
        AccessDeniedError, ShreddedError (the person's key was destroyed)."""
        return self._one_person(_L.cus_person_get, _id(person_id))

    def person_by_pesel(self, pesel):
        """The person with this PESEL as a dict (cus_person_by_pesel).
        Raises NotFoundError, InvalidInputError for a malformed PESEL."""
        return self._one_person(_L.cus_person_by_pesel, _b(pesel, "pesel"))

    def update_person(self, person_id, **changes):
        """Change some of a person's fields (keywords of PERSON_FIELDS); None
        leaves a field as it is, "" clears an optional one
        (cus_person_update)."""
        inp = _person_input({k: v for k, v in changes.items() if v is not None})
        clear()
        check(_L.cus_person_update(self._live(), _id(person_id), ctypes.byref(inp)))

    def persons(self):
        """Every person, in Polish order of last name, then first names: an
        iterator of dicts (cus_person_list)."""
        it = ctypes.POINTER(_lib.cus_person_iter)()
        clear()
        check(_L.cus_person_list(ctypes.byref(it), self._live()))
        return self._iterator(it, _L.cus_person_next, _L.cus_person_iter_free, _lib.cus_person,
                              _person_dict)

    def find_persons(self, query):
        """Persons whose names contain every word of query, ignoring case and
        accents ("lodz" finds "Łódź"), in Polish order: an iterator of dicts
        (cus_person_find). InvalidInputError for an empty query."""
        it = ctypes.POINTER(_lib.cus_person_iter)()
        clear()
        check(_L.cus_person_find(ctypes.byref(it), self._live(), _b(query, "query")))
        return self._iterator(it, _L.cus_person_next, _L.cus_person_iter_free, _lib.cus_person,
                              _person_dict)

    # -- households

    def link_household(self, person, member, relation):
        """member joins person's household with relation ("spouse", "child":
        member is person's child, "parent", "sibling", "other")."""
        clear()
        check(_L.cus_household_link(self._live(), _id(person), _id(member, "member"),
                                    _b(relation, "relation")))

    def household_members(self, person):
        """The other members of person's household: a list of dicts with
        person_id, relation (to person; "member" when only indirect),
        birth_date and sex."""
        it = ctypes.POINTER(_lib.cus_member_iter)()
        clear()
        check(_L.cus_household_members(ctypes.byref(it), self._live(), _id(person)))
        return list(self._iterator(it, _L.cus_member_next, _L.cus_member_iter_free, _lib.cus_member,
                                   _member_dict))

    def has_child_under(self, person, age, date):
        """Has person a child younger than age years on date ("YYYY-MM-DD" or
        a datetime.date)?"""
        if isinstance(age, bool) or not isinstance(age, int):
            raise TypeError("age must be int, not %s" % type(age).__name__)
        clear()
        return bool(check(_L.cus_person_has_child_under(self._live(), _id(person), age, _b(date, "date"))))

    # -- records

    def add_record(self, person, *, category, kind, date, text=None, degree=None, valid_until=None,
                   indications=None, source_document=None, legal_basis=None):
        """Add a special-category or art. 10 record; returns its id
        (cus_record_add). category: one of RECORD_CATEGORIES; dates as
        "YYYY-MM-DD" or datetime.date; indications: comma-separated codes or
        a list of them. Needs write on the category."""
        if isinstance(indications, (list, tuple)):
            indications = ",".join(indications)
        inp = _lib.cus_record_input()
        inp.version = _lib.RECORD_INPUT_VERSION
        values = dict(category=category, kind=kind, date=date, text=text, degree=degree,
                      valid_until=valid_until, indications=indications, source_document=source_document,
                      legal_basis=legal_basis)
        for name, value in values.items():
            setattr(inp, name, _b(value, name))
        rid = ctypes.c_int64()
        clear()
        check(_L.cus_record_add(self._live(), _id(person), ctypes.byref(inp), ctypes.byref(rid)))
        return rid.value

    def records(self, person, category=None):
        """A person's records, oldest first, as a list of dicts. category
        None: every category the session may read (the others are skipped);
        a named category needs read on it (else AccessDeniedError)."""
        it = ctypes.POINTER(_lib.cus_record_iter)()
        clear()
        check(_L.cus_record_list(ctypes.byref(it), self._live(), _id(person), _b(category, "category")))
        return list(self._iterator(it, _L.cus_record_next, _L.cus_record_iter_free, _lib.cus_record,
                                   _record_dict))

    # -- import

    def import_persons(self, path, encoding=None, delimiter=None, progress=None):
        """Import persons from a CSV file (cus_import_persons), atomically.

        encoding: "utf-8", "cp1250" or None (detect); delimiter: ";", "," or
        None (detect); progress: None or a callable(done, total) called every
        1000 rows and at the end of each pass (done counts the rows checked,
        then restarts from 0 for the rows stored; it must not raise).
        Returns the report: a dict with rows, imported, encoding, delimiter,
        error_count, error_total (also the errors beyond the 1000 kept) and
        errors (a list of dicts with line, field, message; field "(header)"
        or "(row)" for a problem of the header or of a row as a whole). When
        any row is bad nothing is stored and InvalidInputError is raised with
        that report as .report.
        """
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
                progress(done, total)
            callback = _lib.import_progress_fn(_progress)
            opts.progress = callback
        bpath = _path(path)
        r = ctypes.POINTER(_lib.cus_import_report)()
        clear()
        rc = _L.cus_import_persons(ctypes.byref(r), self._live(), bpath, ctypes.byref(opts))
        # Keep the error details before anything else can overwrite them.
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
                _L.cus_import_report_free(r)
        del callback
        if last is not None:
            last.report = report
            raise last
        return report


def _report_dict(r):
    errors = [{"line": r.errors[i].line, "field": _s(r.errors[i].field), "message": _s(r.errors[i].message)}
              for i in range(r.error_count)] if r.errors else []
    return {
        "rows": r.rows,
        "imported": r.imported,
        "encoding": _s(r.encoding),
        "delimiter": _char(r.delimiter),
        "error_count": r.error_count,
        "error_total": r.error_total,
        "errors": errors,
    }
