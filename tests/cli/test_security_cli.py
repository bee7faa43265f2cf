"""Policies, users, sessions and the audit log through the cus command."""
import json
import os
import shutil
import unittest

from test_cli import CliTest, run, fingerprint, PASS

SRC = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
MILANOWEK = os.path.join(SRC, "policies", "milanowek.yaml")


class SecurityCli(CliTest):
    def setUp(self):
        super().setUp()
        r = run("--db", self.db, "init", "--admin", "admin", "--policy", MILANOWEK)
        self.assertEqual(r.returncode, 0, r.stderr)

    def as_admin(self, *args, **kw):
        return run("--db", self.db, "--user", "admin", *args, **kw)

    def add_user(self, login, role):
        r = self.as_admin("user", "add", login, "--role", role, "--name", "Jan Testowy",
                          env={"CUS_NEW_PASSPHRASE": login + " passphrase"})
        self.assertEqual(r.returncode, 0, r.stderr)

    def as_user(self, login, *args, **kw):
        return run("--db", self.db, "--user", login, *args, passphrase=login + " passphrase", **kw)


class PolicyCli(SecurityCli):
    def test_check_valid(self):
        r = run("policy", "check", MILANOWEK, passphrase=None)
        self.assertEqual(r.returncode, 0, r.stderr)

    def test_check_reports_file_line_column(self):
        bad = os.path.join(self.dir, "bad.yaml")
        with open(MILANOWEK, encoding="utf-8") as f:
            text = f.read()
        lines = text.split("\n")
        # an unknown category on a known line
        for i, line in enumerate(lines):
            if "categories:" in line and "[" in line:
                lines[i] = line.replace("[", "[helth, ", 1)
                lineno = i + 1
                break
        with open(bad, "w", encoding="utf-8") as f:
            f.write("\n".join(lines))
        before = fingerprint(self.dir)
        r = run("policy", "check", bad, passphrase=None)
        self.assertEqual(r.returncode, 3, r.stderr)
        self.assertIn("bad.yaml:%d:" % lineno, r.stderr)
        self.assertIn("helth", r.stderr)
        # load refuses it too, and stores nothing
        r = self.as_admin("policy", "load", bad)
        self.assertEqual(r.returncode, 3, r.stderr)
        self.assertEqual(fingerprint(self.dir), before)

    def test_load_show_history(self):
        r = self.as_admin("policy", "load", MILANOWEK)
        self.assertEqual(r.returncode, 0, r.stderr)
        r = self.as_admin("--json", "policy", "history")
        self.assertEqual(r.returncode, 0, r.stderr)
        hist = json.loads(r.stdout)
        self.assertEqual([h["version"] for h in hist], [1, 2])
        r = self.as_admin("--json", "policy", "show")
        info = json.loads(r.stdout)
        self.assertEqual(info["version"], 2)
        self.assertIn("qualification", [p["code"] for p in info["purposes"]])
        r = self.as_admin("policy", "show", "--version", "1")
        self.assertEqual(r.returncode, 0, r.stderr)
        with open(MILANOWEK, encoding="utf-8") as f:
            self.assertIn(f.read().strip()[:200], r.stdout)

    def test_load_denied_exit_4(self):
        self.add_user("kipus1", "kipus")
        r = self.as_user("kipus1", "--purpose", "qualification", "policy", "load", MILANOWEK)
        self.assertEqual(r.returncode, 4, r.stderr)


class UserCli(SecurityCli):
    def test_add_list_disable(self):
        self.add_user("akowalska", "kipus")
        r = self.as_admin("--json", "user", "list")
        self.assertEqual(r.returncode, 0, r.stderr)
        users = json.loads(r.stdout)
        self.assertEqual([u["login"] for u in users], ["admin", "akowalska"])
        self.assertEqual(users[1]["role"], "kipus")
        r = self.as_user("akowalska", "info")
        self.assertEqual(r.returncode, 0, r.stderr)
        r = self.as_admin("user", "disable", "akowalska")
        self.assertEqual(r.returncode, 0, r.stderr)
        r = self.as_user("akowalska", "info")
        self.assertEqual(r.returncode, 5, r.stderr)

    def test_bad_input_exit_3(self):
        for args in (("user", "add", "nowak", "--role", "wizard"),
                     ("user", "add", "Bad Login", "--role", "kipus"),
                     ("user", "disable", "ghost"),
                     ("--purpose", "curiosity", "user", "list")):
            before = fingerprint(self.dir)
            r = self.as_admin(*args, env={"CUS_NEW_PASSPHRASE": "some passphrase"})
            self.assertEqual(r.returncode, 3, (args, r.stderr))
        r = run("--db", self.db, "--user", "ghost", "info")
        self.assertEqual(r.returncode, 3, r.stderr)

    def test_only_admin_manages_users_exit_4(self):
        self.add_user("kipus1", "kipus")
        r = self.as_user("kipus1", "--purpose", "qualification", "user", "add", "x", "--role", "kipus",
                         env={"CUS_NEW_PASSPHRASE": "some passphrase"})
        self.assertEqual(r.returncode, 4, r.stderr)
        r = self.as_user("kipus1", "user", "list")    # default purpose administration: not kipus's
        self.assertEqual(r.returncode, 4, r.stderr)

    def test_usage(self):
        self.assertEqual(self.as_admin("user").returncode, 2)
        self.assertEqual(self.as_admin("user", "frob").returncode, 2)
        self.assertEqual(self.as_admin("user", "add", "x").returncode, 2)   # no --role


class AuditCli(SecurityCli):
    def test_log_and_verify(self):
        self.add_user("iod", "iod")
        r = self.as_user("iod", "--json", "audit", "log")
        self.assertEqual(r.returncode, 0, r.stderr)
        entries = json.loads(r.stdout)
        self.assertIn("user.add", [e["action"] for e in entries])
        for e in entries:
            for key in ("seq", "time", "user", "role", "session", "action", "purpose", "outcome",
                        "policy_version", "hash", "prev_hash"):
                self.assertIn(key, e)
        r = self.as_user("iod", "audit", "log", "--user", "admin", "--from", "2000-01-01")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(self.as_user("iod", "audit", "log", "--from", "yesterday").returncode, 3)
        r = self.as_user("iod", "audit", "verify")
        self.assertEqual(r.returncode, 0, r.stderr)
        # the admin may not read the log
        self.assertEqual(self.as_admin("--purpose", "administration", "audit", "log").returncode, 4)

    def test_rollback_to_an_older_copy_exit_6(self):
        self.add_user("iod", "iod")
        old = os.path.join(self.dir, "old")
        os.mkdir(old)
        for f in ("centre.db", "centre.db.keys"):
            shutil.copy(os.path.join(self.dir, f), old)
        self.add_user("kipus1", "kipus")
        self.add_user("kipus2", "kipus")
        r = self.as_user("iod", "audit", "checkpoint")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(self.as_user("iod", "audit", "verify").returncode, 0)
        for f in ("centre.db", "centre.db.keys"):
            shutil.copy(os.path.join(old, f), self.dir)
        r = self.as_user("iod", "audit", "verify")
        self.assertEqual(r.returncode, 6, r.stdout + r.stderr)


if __name__ == "__main__":
    unittest.main()
