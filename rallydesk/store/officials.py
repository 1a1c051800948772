"""Officials and their PINs (salted hashes only), counts of wrong PINs, and the desk settings."""

from __future__ import annotations

from typing import Any

from ..domain.errors import RallyDeskError, quoted
from .core import StoreCore

#: What a desk reads of the officials on a server: the PIN hashes are the server's alone
#: (``pg_rules``: a 4-digit PIN's hash read by anyone falls to a few thousand tries).
SERVER_COLUMNS = "name, role, pin_salt"


class Officials(StoreCore):
    def _official_columns(self) -> str:
        return SERVER_COLUMNS if self.location.on_server else "*"

    def officials(self) -> list[dict[str, Any]]:
        """Name, role, salt and (in a file; on a server never) the PIN's salted hash."""
        if self.location.on_server:
            return self.db.query(f"SELECT {SERVER_COLUMNS} FROM officials ORDER BY name")
        return self.db.query("SELECT name, role, pin_salt, pin_hash FROM officials ORDER BY name")

    def put_official(self, name: str, role: str, pin_salt: str, pin_hash: str) -> None:
        row = {"name": name, "role": role, "pin_salt": pin_salt, "pin_hash": pin_hash}
        journalled = dict(row)
        if self.location.on_server:  # every desk login reads the journal: never the hash there
            del journalled["pin_hash"]
        with self._write():
            old = self.db.one(
                f"SELECT {self._official_columns()} FROM officials WHERE name = $1", [name]
            )
            if self.location.on_server:  # no upsert: its DO UPDATE reads the hash
                if old is None:
                    self.db.insert("officials", row)
                else:
                    self.db.update("officials", {"name": name}, row)
            else:
                self.db.upsert("officials", row, ("name",))
            # the journal keeps the salted hash, never the PIN: replaying it rebuilds the table
            self._journal("official.put", f"official {name}", old, journalled)

    def remove_official(self, name: str) -> None:
        with self._write():
            old = self.db.one(
                f"SELECT {self._official_columns()} FROM officials WHERE name = $1", [name]
            )
            if old is None:
                raise RallyDeskError(f"official {quoted(name)} does not exist")
            self.db.execute("DELETE FROM officials WHERE name = $1", [name])
            if not self.location.on_server:  # on a server its counter goes with it (pg_rules)
                self.db.execute("DELETE FROM pin_failures WHERE name = $1", [name])
            self._journal("official.remove", f"official {name}", old, None)

    def check_pin_on_server(self, name: str, pin_hash: str) -> tuple[bool, bool, int, int]:
        """The server checks a PIN's salted hash and counts wrong ones itself (pg_rules'
        ``rallydesk_check_pin``): (accepted, checked — False while the name is locked —,
        wrong PINs in a row, seconds the name stays locked)."""
        r = self.db.execute(
            "SELECT accepted, checked, failures, wait_seconds FROM rallydesk_check_pin($1, $2)",
            [name, pin_hash],
        ).fetchone()
        assert r is not None
        return bool(r[0]), bool(r[1]), int(r[2]), int(r[3])

    def pin_failures(self, name: str) -> tuple[int, str | None]:
        r = self.db.execute(
            "SELECT failures, last_at FROM pin_failures WHERE name = $1", [name]
        ).fetchone()
        return (int(r[0]), r[1]) if r else (0, None)

    def set_pin_failures(self, name: str, failures: int, at: str) -> None:
        """Count wrong PINs in a row (kept in the file: every command is a new process); 0 resets."""
        if self.readonly:
            return
        with self._write():
            old = self.db.one("SELECT * FROM pin_failures WHERE name = $1", [name])
            new: dict[str, Any] | None
            if failures:
                new = {"name": name, "failures": failures, "last_at": at}
                self.db.upsert("pin_failures", new, ("name",))
            else:
                new = None
                self.db.execute("DELETE FROM pin_failures WHERE name = $1", [name])
            self._journal(
                "official.pin",
                f"official {name}",
                old,
                new,
                "wrong PIN" if failures else "PIN accepted after wrong ones",
            )

    # ------------------------------------------------------------------ desk settings

    def desk_settings(self) -> dict[str, str]:
        return {k: v for k, v in self.db.execute("SELECT key, value FROM desk_settings")}

    def put_desk_setting(self, key: str, value: str | None) -> None:
        """Set one desk setting; the same value again writes nothing (no journal row for nothing)."""
        with self._write():
            old = self.desk_settings().get(key)
            if old == value:
                return
            self.db.upsert("desk_settings", {"key": key, "value": value}, ("key",))
            self._journal("desk.setting", f"desk {key}", old, value)
