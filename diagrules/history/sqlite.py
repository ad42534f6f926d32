"""The default history backend: one SQLite file (the standard library's ``sqlite3``).

Why SQLite: an operator's history is one file they can copy, back up or delete; it needs no
server, and WAL mode lets a report be read while a batch writes. Concurrent writers (two batch
runs on one file) are serialised by SQLite's own lock with a busy timeout, so they never corrupt
the file. The layout is versioned (``PRAGMA user_version``): an older file is migrated in place
inside a transaction; a file from a newer diagrules is refused untouched, so no data is lost.

Tables: ``snapshots`` (one row per store and ``as_of``, unique), ``metric_names`` (each metric
name once) and ``metric_values`` (one row per snapshot and metric, three integers and a float —
the numbers series are read from). Findings and outcomes are kept as a small JSON document on
the snapshot row: they are only ever read whole. Recording a store and date again updates the
rows in place, so a re-run of the same batch does not grow the file.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Callable, Iterable
from pathlib import Path

from diagrules.core.errors import HistoryError
from diagrules.history.store import FindingKey, HistoryEntry, nearest

#: The layout this version writes. Bump it and add a step to ``_MIGRATIONS`` to change the layout.
SCHEMA_VERSION = 1

_SCHEMA_1 = """
CREATE TABLE snapshots (
    id INTEGER PRIMARY KEY,
    platform TEXT NOT NULL,
    store TEXT NOT NULL,
    as_of TEXT NOT NULL,
    as_of_assumed INTEGER NOT NULL DEFAULT 0,
    recorded_at TEXT NOT NULL,
    outcomes TEXT NOT NULL,
    findings TEXT NOT NULL,
    UNIQUE (platform, store, as_of)
);
CREATE TABLE metric_names (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
);
CREATE TABLE metric_values (
    snapshot_id INTEGER NOT NULL REFERENCES snapshots(id) ON DELETE CASCADE,
    metric_id INTEGER NOT NULL REFERENCES metric_names(id),
    value REAL NOT NULL,
    PRIMARY KEY (snapshot_id, metric_id)
) WITHOUT ROWID;
"""

def _create(con: sqlite3.Connection) -> None:
    """Layout 0 → 1: a new, empty file gets the tables. ``executescript`` would commit the open
    transaction, so statements run one by one inside it."""
    for statement in _SCHEMA_1.split(";"):
        if statement.strip():
            con.execute(statement)


#: ``_MIGRATIONS[n]`` takes a file from layout ``n`` to ``n + 1`` (``0`` is a new, empty file).
_MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {0: _create}

#: How long a writer waits for another writer's lock before giving up with a clear error.
BUSY_TIMEOUT_S = 30.0


class SQLiteHistory:
    """A history in one SQLite file, created on first use."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._ids: dict[str, int] = {}
        try:
            self._con = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
            self._con.execute("PRAGMA foreign_keys = ON")
            self._con.execute("PRAGMA journal_mode = WAL")
            # In WAL mode NORMAL never corrupts the file; a power cut may lose the last records,
            # which the next run writes again. FULL would sync the disk once per store.
            self._con.execute("PRAGMA synchronous = NORMAL")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise HistoryError(f"cannot use this history file: {exc}", location=str(self.path)) from None

    def __reduce__(self) -> tuple[type[SQLiteHistory], tuple[Path]]:
        """Pickled as its path: a batch worker opens the same file (a connection cannot travel)."""
        return (SQLiteHistory, (self.path,))

    # -- layout --------------------------------------------------------------------------------
    def _migrate(self) -> None:
        version = int(self._con.execute("PRAGMA user_version").fetchone()[0])
        if version > SCHEMA_VERSION:
            self._con.close()
            raise HistoryError(
                f"written by a newer diagrules (history layout {version}, this version reads up to "
                f"{SCHEMA_VERSION}); upgrade diagrules — the file was not changed",
                location=str(self.path),
            )
        while version < SCHEMA_VERSION:
            self._con.execute("BEGIN IMMEDIATE")
            try:
                _MIGRATIONS[version](self._con)
                version += 1
                self._con.execute(f"PRAGMA user_version = {version}")
                self._con.execute("COMMIT")
            except BaseException:
                self._con.execute("ROLLBACK")
                raise

    # -- writing -------------------------------------------------------------------------------
    def record(self, entries: Iterable[HistoryEntry]) -> list[bool]:
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        replaced: list[bool] = []
        try:
            self._con.execute("BEGIN IMMEDIATE")
            try:
                for e in entries:
                    replaced.append(self._record_one(e, now))
                self._con.execute("COMMIT")
            except BaseException:
                self._con.execute("ROLLBACK")
                raise
        except sqlite3.DatabaseError as exc:
            raise HistoryError(f"cannot write to this history file: {exc}", location=str(self.path)) from None
        return replaced

    def _metric_id(self, name: str) -> int:
        found = self._ids.get(name)
        if found is None:
            row = self._con.execute("SELECT id FROM metric_names WHERE name = ?", (name,)).fetchone()
            if row is None:
                row = (self._con.execute("INSERT INTO metric_names (name) VALUES (?)", (name,)).lastrowid,)
            found = self._ids[name] = int(row[0])
        return found

    def _record_one(self, e: HistoryEntry, now: str) -> bool:
        key = (e.platform, e.store, e.as_of.isoformat())
        body = (int(e.as_of_assumed), now, json.dumps(dict(e.outcomes), ensure_ascii=False),
                json.dumps([[f.rule, f.item, f.severity] for f in e.findings], ensure_ascii=False))
        old = self._con.execute(
            "SELECT id FROM snapshots WHERE platform = ? AND store = ? AND as_of = ?", key
        ).fetchone()
        if old is None:
            sid = self._con.execute(
                "INSERT INTO snapshots (platform, store, as_of, as_of_assumed, recorded_at, outcomes, findings)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)", (*key, *body),
            ).lastrowid
        else:  # in place: a re-run must not grow the file
            sid = old[0]
            self._con.execute(
                "UPDATE snapshots SET as_of_assumed = ?, recorded_at = ?, outcomes = ?, findings = ? WHERE id = ?",
                (*body, sid),
            )
        values = [(sid, self._metric_id(m), v) for m, v in e.metrics.items()]
        self._con.executemany(
            "INSERT INTO metric_values (snapshot_id, metric_id, value) VALUES (?, ?, ?)"
            " ON CONFLICT (snapshot_id, metric_id) DO UPDATE SET value = excluded.value",
            values,
        )
        if old is not None:
            keep = {mid for _, mid, _ in values}
            stale = [(sid, mid) for (mid,) in self._con.execute(
                "SELECT metric_id FROM metric_values WHERE snapshot_id = ?", (sid,)
            ).fetchall() if mid not in keep]
            self._con.executemany("DELETE FROM metric_values WHERE snapshot_id = ? AND metric_id = ?", stale)
        return old is not None

    # -- reading -------------------------------------------------------------------------------
    def _read(self, sql: str, args: tuple[object, ...]) -> list[HistoryEntry]:
        try:
            rows = self._con.execute(sql, args).fetchall()
            out = []
            for sid, platform, store, as_of, assumed, outcomes, findings in rows:
                metrics = dict(self._con.execute(
                    "SELECT n.name, v.value FROM metric_values v JOIN metric_names n ON n.id = v.metric_id"
                    " WHERE v.snapshot_id = ?", (sid,)
                ).fetchall())
                out.append(HistoryEntry(
                    platform=platform, store=store, as_of=dt.date.fromisoformat(as_of), metrics=metrics,
                    outcomes=json.loads(outcomes), as_of_assumed=bool(assumed),
                    findings=tuple(FindingKey(r, i, s) for r, i, s in json.loads(findings)),
                ))
            return out
        except sqlite3.DatabaseError as exc:
            raise HistoryError(f"cannot read this history file: {exc}", location=str(self.path)) from None

    _COLUMNS = "id, platform, store, as_of, as_of_assumed, outcomes, findings"

    def entries(self, platform: str, store: str) -> list[HistoryEntry]:
        return self._read(
            f"SELECT {self._COLUMNS} FROM snapshots WHERE platform = ? AND store = ? ORDER BY as_of",
            (platform, store),
        )

    def previous(
        self, platform: str, store: str, as_of: dt.date, *, period_days: int, tolerance_days: int
    ) -> HistoryEntry | None:
        target = as_of - dt.timedelta(days=period_days)
        low = (target - dt.timedelta(days=tolerance_days)).isoformat()
        high = min(target + dt.timedelta(days=tolerance_days), as_of - dt.timedelta(days=1)).isoformat()
        found = self._read(
            f"SELECT {self._COLUMNS} FROM snapshots WHERE platform = ? AND store = ?"
            " AND as_of BETWEEN ? AND ? ORDER BY as_of",
            (platform, store, low, high),
        )
        return nearest(found, target, tolerance_days)

    def latest(self, platform: str, store: str, before: dt.date | None = None) -> HistoryEntry | None:
        bound = before.isoformat() if before else "~"  # "~" sorts after every ISO date
        found = self._read(
            f"SELECT {self._COLUMNS} FROM snapshots WHERE platform = ? AND store = ? AND as_of < ?"
            " ORDER BY as_of DESC LIMIT 1",
            (platform, store, bound),
        )
        return found[0] if found else None

    def series(
        self, platform: str, store: str, metric: str, *, until: dt.date | None = None, limit: int | None = None
    ) -> list[tuple[dt.date, float]]:
        try:
            rows = self._con.execute(
                "SELECT s.as_of, v.value FROM snapshots s JOIN metric_values v ON v.snapshot_id = s.id"
                " JOIN metric_names n ON n.id = v.metric_id"
                " WHERE s.platform = ? AND s.store = ? AND n.name = ? AND s.as_of <= ?"
                " ORDER BY s.as_of DESC LIMIT ?",
                (platform, store, metric, (until or dt.date.max).isoformat(), -1 if limit is None else limit),
            ).fetchall()
        except sqlite3.DatabaseError as exc:
            raise HistoryError(f"cannot read this history file: {exc}", location=str(self.path)) from None
        return [(dt.date.fromisoformat(d), float(v)) for d, v in reversed(rows)]

    def store_series(
        self, platform: str, store: str, *, until: dt.date | None = None
    ) -> dict[str, list[tuple[dt.date, float]]]:
        try:
            rows = self._con.execute(
                "SELECT s.as_of, n.name, v.value FROM snapshots s JOIN metric_values v ON v.snapshot_id = s.id"
                " JOIN metric_names n ON n.id = v.metric_id"
                " WHERE s.platform = ? AND s.store = ? AND s.as_of <= ? ORDER BY s.as_of",
                (platform, store, (until or dt.date.max).isoformat()),
            ).fetchall()
        except sqlite3.DatabaseError as exc:
            raise HistoryError(f"cannot read this history file: {exc}", location=str(self.path)) from None
        out: dict[str, list[tuple[dt.date, float]]] = {}
        for day, name, value in rows:
            out.setdefault(name, []).append((dt.date.fromisoformat(day), float(value)))
        return out

    def stores(self) -> list[tuple[str, str]]:
        """Every (platform, store) with at least one entry."""
        return [(p, s) for p, s in self._con.execute(
            "SELECT DISTINCT platform, store FROM snapshots ORDER BY platform, store"
        ).fetchall()]

    def close(self) -> None:
        self._con.close()
