"""The encrypted store (db.h): Database, keys and KDF presets."""

import contextlib
import ctypes
import os

from . import _lib
from .errors import check, clear

__all__ = ["Database", "generate_key_file", "kdf_limits", "format_version",
           "KDF_PRESETS"]

_L = _lib.lib

#: cus_kdf_preset values by name.
KDF_PRESETS = {"interactive": 0, "moderate": 1, "sensitive": 2}


def _path(p, what="path"):
    if isinstance(p, (str, bytes, os.PathLike)):
        b = os.fsencode(p)
        if b"\0" in b:
            raise ValueError("%s contains a NUL character" % what)
        return b
    raise TypeError("%s must be str, bytes or os.PathLike, not %s" % (what, type(p).__name__))


def _str(p):
    return None if p is None else p.decode("utf-8", "replace")


def kdf_limits(preset):
    """(opslimit, memlimit) of an Argon2id preset: "interactive", "moderate"
    or "sensitive" (cus_kdf_opslimit / cus_kdf_memlimit)."""
    try:
        n = KDF_PRESETS[preset]
    except (KeyError, TypeError):
        raise ValueError("kdf must be None or one of %s, not %r"
                         % (", ".join(KDF_PRESETS), preset)) from None
    return _L.cus_kdf_opslimit(n), _L.cus_kdf_memlimit(n)


def format_version():
    """The newest database format version this library writes."""
    return _L.cus_db_format_version()


def generate_key_file(path):
    """Write a new random 32-byte key file with mode 0600
    (cus_key_file_generate). Raises ExistsError if the file exists."""
    clear()
    check(_L.cus_key_file_generate(_path(path)))


def _options(kdf=None, keystore=None, read_only=False):
    opts = _lib.cus_db_options()
    clear()
    check(_L.cus_db_options_init(ctypes.byref(opts), _lib.DB_OPTIONS_VERSION))
    if kdf is not None:
        opts.kdf_opslimit, opts.kdf_memlimit = kdf_limits(kdf)
    if keystore is not None:
        # The bytes object is kept alive by the structure (ctypes _objects).
        opts.keystore_path = _path(keystore, "keystore")
    opts.read_only = 1 if read_only else 0
    return opts


@contextlib.contextmanager
def _key(passphrase, key_file):
    """A cus_key for exactly one of passphrase / key_file, freed on exit."""
    if (passphrase is None) == (key_file is None):
        raise TypeError("exactly one of passphrase or key_file is required")
    key = _lib.key_p()
    clear()
    if passphrase is not None:
        if isinstance(passphrase, str):
            passphrase = passphrase.encode("utf-8")
        elif isinstance(passphrase, (bytearray, memoryview)):
            passphrase = bytes(passphrase)
        elif not isinstance(passphrase, bytes):
            raise TypeError("passphrase must be str or bytes, not %s" % type(passphrase).__name__)
        # Length is passed explicitly; the C side validates it (and NULs).
        check(_L.cus_key_from_passphrase(ctypes.byref(key), passphrase, len(passphrase)))
    else:
        check(_L.cus_key_from_file(ctypes.byref(key), _path(key_file, "key_file")))
    try:
        yield key
    finally:
        _L.cus_key_free(key)


class Database:
    """An open libcus database (cus_db).

    Make one with Database.create() or Database.open(). Use it as a context
    manager, or call close(); the handle is also closed when the object is
    garbage-collected. Not safe to share between threads without locking.
    """

    # Kept on the class so that __del__ still works at interpreter shutdown.
    _close_fn = _L.cus_db_close

    def __init__(self, handle, path):
        if not isinstance(handle, _lib.db_p) or not handle:
            raise TypeError("use Database.create() or Database.open()")
        self._handle = handle
        self._path = path

    # -- construction

    @classmethod
    def create(cls, path, user, *, passphrase=None, key_file=None, kdf=None, keystore=None):
        """Create a new database and its key store, with one key slot for the
        first user, and return it open.

        Exactly one of passphrase (str, encoded UTF-8, or bytes) and key_file
        (path of a key file) is required. kdf: None (the default, INTERACTIVE),
        "interactive", "moderate" or "sensitive". keystore: the key store path
        (default: path + ".keys").
        Raises ExistsError when the database or key store exists.
        """
        bpath = _path(path)
        if not isinstance(user, str):
            raise TypeError("user must be str, not %s" % type(user).__name__)
        opts = _options(kdf=kdf, keystore=keystore)
        handle = _lib.db_p()
        with _key(passphrase, key_file) as key:
            clear()
            check(_L.cus_db_create(ctypes.byref(handle), bpath, user.encode("utf-8"),
                                   key, ctypes.byref(opts)))
        return cls(handle, path)

    @classmethod
    def init(cls, path, admin, *, passphrase=None, key_file=None, policy=None, kdf=None, keystore=None):
        """Create a new centre (cus_db_init): the database and key store, the
        policy set (default: cus.default_policy_path()) as version 1 and the
        administrator's account with the role "admin". The policy is checked
        before any file is made; on failure nothing is left behind."""
        bpath = _path(path)
        if not isinstance(admin, str):
            raise TypeError("admin must be str, not %s" % type(admin).__name__)
        opts = _options(kdf=kdf, keystore=keystore)
        handle = _lib.db_p()
        with _key(passphrase, key_file) as key:
            clear()
            check(_L.cus_db_init(ctypes.byref(handle), bpath, admin.encode("utf-8"), key,
                                 None if policy is None else _path(policy, "policy"), ctypes.byref(opts)))
        return cls(handle, path)

    @classmethod
    def open(cls, path, user=None, *, passphrase=None, key_file=None, keystore=None,
             read_only=False):
        """Open a database as one user (None: the only key slot, when there
        is exactly one).

        Raises NotFoundError (no such file or user), WrongKeyError,
        NotADatabaseError, KeyStoreError (damaged key store), VersionError,
        InvalidInputError (user None and several slots), BusyError, ...
        """
        bpath = _path(path)
        if user is not None and not isinstance(user, str):
            raise TypeError("user must be str or None, not %s" % type(user).__name__)
        opts = _options(keystore=keystore, read_only=read_only)
        handle = _lib.db_p()
        with _key(passphrase, key_file) as key:
            clear()
            check(_L.cus_db_open(ctypes.byref(handle), bpath,
                                 None if user is None else user.encode("utf-8"),
                                 key, ctypes.byref(opts)))
        return cls(handle, path)

    @classmethod
    def demo(cls, path, admin="admin", **kw):
        """Create the demonstration centre (cus_demo_create; see cus.demo)
        and return it open as admin, its summary in .demo_summary. Keyword
        arguments as cus.demo_create(): passphrase or key_file, persons,
        seed, staff_passphrase or staff_key_file, policy, kdf, tmpdir."""
        from . import demo
        return demo.demo_open(path, admin, **kw)

    # -- lifetime

    def close(self):
        """Close the database and wipe its keys. Calling it again does nothing."""
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

    @property
    def closed(self):
        return not self._handle

    def _live(self):
        if not self._handle:
            raise ValueError("operation on a closed database")
        return self._handle

    def __repr__(self):
        state = "closed" if self.closed else "user=%r" % self.user
        return "<cus.Database %r %s>" % (os.fspath(self._path), state)

    # -- operations

    @property
    def path(self):
        """The path the database was opened with."""
        return self._path

    @property
    def user(self):
        """The login of the user who opened the database."""
        return _str(_L.cus_db_user(self._live()))

    def change_passphrase(self, *, passphrase=None, key_file=None, kdf=None):
        """Rewrap the master key under a new passphrase or key file, in the
        slot of the user who opened the database, with the Argon2id cost of
        kdf (None: INTERACTIVE)."""
        handle = self._live()
        opts = _options(kdf=kdf)
        with _key(passphrase, key_file) as key:
            clear()
            check(_L.cus_db_change_passphrase(handle, key, ctypes.byref(opts)))

    def info(self):
        """What `cus info` shows, as a dict (fields of cus_db_info; "tables"
        maps each table name to its row count). Never holds personal data."""
        handle = self._live()
        p = ctypes.POINTER(_lib.cus_db_info)()
        clear()
        check(_L.cus_db_info_get(ctypes.byref(p), handle))
        try:
            i = p.contents
            out = {}
            for name, ctype in _lib.cus_db_info._fields_:
                if name in ("table_count", "tables"):
                    continue
                v = getattr(i, name)
                out[name] = _str(v) if ctype is ctypes.c_char_p else v
            out["tables"] = {_str(i.tables[n].name): i.tables[n].rows
                             for n in range(i.table_count)}
            return out
        finally:
            _L.cus_db_info_free(p)

    # -- sessions, policy, audit (security.py)

    def session(self, purpose):
        """A session of this database's user for a purpose of processing."""
        from .security import Session
        return Session(self, purpose)

    def policy(self, version=0):
        """A stored policy version's info as a dict (0: the active one)."""
        from . import security
        return security.policy_info(self, version)

    def policy_text(self, version=0):
        """The YAML text of a stored policy version, exactly as loaded."""
        from . import security
        return security.policy_text(self, version)

    def policy_history(self):
        """Every stored policy version, oldest first (list of dicts)."""
        from . import security
        return security.policy_history(self)

    def purposes(self):
        """The active policy's purposes: dicts with code, name, legal_basis."""
        from . import security
        return security.purposes(self)

    def services(self):
        """The Programme's services in the active policy: dicts with code,
        name, area, area_name, unit, funding (codes) and conditions (dicts
        with kind, value, text)."""
        from . import security
        return security.services(self)

    def roles(self):
        """The active policy's roles: dicts with code and name."""
        from . import security
        return security.roles(self)

    def policy_allows(self, role, category, ops, purpose):
        """May role do ops on category for purpose under the active policy?"""
        from . import security
        return security.policy_allows(self, role, category, ops, purpose)

    def audit_verify(self, checkpoints=None):
        """Verify the audit chain and checkpoints (cus_audit_verify)."""
        from . import security
        return security.audit_verify(self, checkpoints)
