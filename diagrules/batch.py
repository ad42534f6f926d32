"""Diagnosing many stores: in parallel, streaming, and past bad records.

``diagrules batch`` and Python callers share this module::

    from diagrules.batch import run_batch
    summary = run_batch(engine, [Path("stores.jsonl")], sys.stdout, lang="zh")

How it stays fast and small:

* The input is read lazily as :class:`WorkItem` units — a raw JSONL line or a file path — so
  parsing happens in the workers, not in the process that feeds them.
* Workers are a process pool; the engine travels to each worker pickled, and an engine pickles
  as its configuration (it is rebuilt there), so the workers run exactly the configured rules.
* Items go out in chunks with a bounded number of chunks in flight. ``Pool.imap`` would read
  the whole input ahead of the workers; the bounded window keeps memory flat however many
  stores there are, while results still come back in input order.
* Workers can also *render* each result (``transform``), so only short strings travel back.
* A store whose data is invalid becomes an :class:`~diagrules.InvalidSnapshot` result and the
  run goes on; the summary counts it.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import pickle
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Protocol, TypeVar

import attrs

from diagrules.engine import InvalidSnapshot
from diagrules.errors import SnapshotError
from diagrules.io.snapshots import iter_snapshot_paths, read_snapshot_file
from diagrules.model import Report, Severity

if TYPE_CHECKING:
    from diagrules.engine import Engine

T = TypeVar("T")
Result = Report | InvalidSnapshot
Transform = Callable[[Result, str | None], Any]

DEFAULT_CHUNK_SIZE = 64


class Writer(Protocol):
    """Where batch lines go: a text file, standard output, or anything with write and flush."""

    def write(self, text: str, /) -> int: ...

    def flush(self) -> None: ...


@attrs.frozen(slots=True)
class WorkItem:
    """One unit of input: a JSONL line (``payload`` is its text) or a snapshot file (a path)."""

    source: str
    kind: Literal["line", "file"]
    payload: str
    base_dir: str | None = None


def work_items(paths: Sequence[Path]) -> Iterator[WorkItem]:
    """The stores in ``paths`` (folders, JSONL files, other snapshot files), read lazily."""
    for path in iter_snapshot_paths(list(paths)):
        if path.suffix.lower() in (".jsonl", ".ndjson") and path.is_file():
            with path.open("r", encoding="utf-8", errors="replace") as fh:
                for number, line in enumerate(fh, start=1):
                    if line.strip():
                        yield WorkItem(f"{path}:{number}", "line", line, str(path.parent))
        else:
            yield WorkItem(str(path), "file", str(path))


def count_work_items(paths: Sequence[Path]) -> int:
    """How many :class:`WorkItem` units ``paths`` hold (a quick pass, for a progress bar)."""
    total = 0
    for path in iter_snapshot_paths(list(paths)):
        if path.suffix.lower() in (".jsonl", ".ndjson") and path.is_file():
            with path.open("rb") as fh:
                total += sum(1 for line in fh if line.strip())
        else:
            total += 1
    return total


def _invalid(exc: SnapshotError, source: str) -> InvalidSnapshot:
    headline = exc.message.split("\n", 1)[0]
    return InvalidSnapshot(exc.store, exc.location or source, headline, exc.problems)


def diagnose_item(engine: Engine, item: WorkItem) -> list[tuple[Result, str | None]]:
    """Diagnose the store(s) of one work item; bad data yields InvalidSnapshot, never raises."""
    documents: list[tuple[str, Any]]
    base_dir: Path | None
    if item.kind == "line":
        base_dir = Path(item.base_dir) if item.base_dir else None
        try:
            documents = [(item.source, json.loads(item.payload))]
        except json.JSONDecodeError as exc:
            err = SnapshotError(f"invalid JSON: {exc.msg} at column {exc.colno}", location=item.source)
            return [(_invalid(err, item.source), item.source)]
    else:
        path = Path(item.payload)
        base_dir = path.parent
        documents = list(read_snapshot_file(path))
    results: list[tuple[Result, str | None]] = []
    for source, doc in documents:
        if isinstance(doc, SnapshotError):
            results.append((_invalid(doc, source), source))
            continue
        try:
            results.append((engine.evaluate(doc, source=source, base_dir=base_dir), source))
        except SnapshotError as exc:
            results.append((_invalid(exc, source), source))
        except Exception as exc:  # a loader or plugin bug must not end a 10,000-store run
            store = doc.get("store") if isinstance(doc, dict) and isinstance(doc.get("store"), str) else None
            message = f"internal error while reading the store: {type(exc).__name__}: {exc}"
            results.append((InvalidSnapshot(store, source, message), source))
    return results


# -- worker side ----------------------------------------------------------------------------------

_WORKER: dict[str, Any] = {}


def _init_worker(engine_bytes: bytes, transform: Transform | None) -> None:
    _WORKER["engine"] = pickle.loads(engine_bytes)
    _WORKER["transform"] = transform


def _run_chunk(chunk: list[WorkItem]) -> list[Any]:
    return _process(_WORKER["engine"], _WORKER["transform"], chunk)


def _process(engine: Engine, transform: Transform | None, chunk: Iterable[WorkItem]) -> list[Any]:
    out: list[Any] = []
    for item in chunk:
        for result, source in diagnose_item(engine, item):
            out.append(transform(result, source) if transform is not None else result)
    return out


def _chunks(items: Iterable[WorkItem], size: int) -> Iterator[list[WorkItem]]:
    chunk: list[WorkItem] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def default_processes() -> int:
    """One worker per CPU this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def diagnose_stream(
    engine: Engine,
    items: Iterable[WorkItem],
    *,
    processes: int | None = None,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    transform: Transform | None = None,
    window: int | None = None,
) -> Iterator[Any]:
    """Diagnose ``items`` and yield one result per store, in input order, as they are ready.

    Results are :class:`~diagrules.Report` or :class:`~diagrules.InvalidSnapshot` objects, or
    whatever ``transform(result, source)`` returns — computed in the worker, so it must be a
    picklable function (module level, or a :func:`functools.partial` of one). ``processes=1``
    runs in this process; more use a process pool with at most ``window`` chunks of
    ``chunk_size`` items in flight (default: two per process).
    """
    if chunk_size < 1:
        raise ValueError("chunk_size must be at least 1")
    n = processes or default_processes()
    if n <= 1:
        for chunk in _chunks(items, chunk_size):
            yield from _process(engine, transform, chunk)
        return
    limit = window or 2 * n
    engine_bytes = pickle.dumps(engine)
    with multiprocessing.get_context().Pool(n, initializer=_init_worker, initargs=(engine_bytes, transform)) as pool:
        pending: deque[Any] = deque()
        for chunk in _chunks(items, chunk_size):
            pending.append(pool.apply_async(_run_chunk, (chunk,)))
            while len(pending) >= limit:
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()


# -- the batch command's lines and summary ---------------------------------------------------------------


@attrs.frozen(slots=True)
class BatchLine:
    """One store's rendered output line plus what the summary needs to count it."""

    text: str
    store: str | None
    invalid: bool
    worst: Severity | None = None


def render_line(result: Result, source: str | None, *, fmt: str, lang: str) -> BatchLine:
    """Render one result as a ``jsonl`` or ``text`` line (runs in the worker)."""
    from diagrules.report.ui import t

    if isinstance(result, InvalidSnapshot):
        if fmt == "jsonl":
            from diagrules.report.jsonl import error_line

            text = error_line(result.store, result.source or source, result.error, result.problems)
        else:
            detail = "; ".join([result.error, *result.problems])
            text = t("batch.line_invalid", lang, source=result.source or source or "?", error=detail)
        return BatchLine(text, result.store, True)
    if fmt == "jsonl":
        from diagrules.report.jsonl import report_line

        text = report_line(result, lang, source)
    else:
        from diagrules.report.base import counts_line, severity_label

        counts = counts_line(result, lang)
        worst = result.worst_severity()
        if worst is not None:
            counts += " · " + t("report.worst", lang, severity=severity_label(worst, lang))
        text = t("batch.line_ok", lang, store=result.store, counts=counts)
    return BatchLine(text, result.store, False, result.worst_severity())


@attrs.define(slots=True)
class BatchSummary:
    """What a batch run did: stores seen, diagnosed, invalid, failing (at or above fail-on)."""

    fail_on: Severity
    stores: int = 0
    diagnosed: int = 0
    invalid: int = 0
    failing: int = 0
    by_worst: dict[str, int] = attrs.field(factory=dict)
    seconds: float = 0.0

    def add(self, line: BatchLine) -> None:
        self.stores += 1
        if line.invalid:
            self.invalid += 1
            return
        self.diagnosed += 1
        key = line.worst.label if line.worst is not None else "none"
        self.by_worst[key] = self.by_worst.get(key, 0) + 1
        if line.worst is not None and line.worst >= self.fail_on:
            self.failing += 1

    def describe(self, lang: str) -> str:
        from diagrules.report.base import severity_label
        from diagrules.report.ui import t

        return t(
            "batch.summary", lang, stores=f"{self.stores:,}", diagnosed=f"{self.diagnosed:,}",
            invalid=f"{self.invalid:,}", failing=f"{self.failing:,}",
            fail_on=severity_label(self.fail_on, lang), seconds=f"{self.seconds:.1f}",
        )


BATCH_FORMATS = ("jsonl", "text")


def run_batch(
    engine: Engine,
    paths: Sequence[Path],
    out: Writer,
    *,
    fmt: str = "jsonl",
    lang: str = "en",
    fail_on: Severity | None = None,
    processes: int | None = None,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    on_store: Callable[[BatchLine], None] | None = None,
) -> BatchSummary:
    """Diagnose every store in ``paths``, writing one ``fmt`` line per store to ``out``.

    ``on_store`` is called after each line is written (the CLI advances its progress bar).
    ``fail_on`` defaults to the engine's configured ``fail-on``.
    """
    if fmt not in BATCH_FORMATS:
        raise ValueError(f"batch format must be one of {', '.join(BATCH_FORMATS)}, got {fmt!r}")
    summary = BatchSummary(fail_on=fail_on if fail_on is not None else engine.plan.fail_on)
    started = time.perf_counter()
    transform = partial(render_line, fmt=fmt, lang=lang)
    for line in diagnose_stream(
        engine, work_items(paths), processes=processes, chunk_size=chunk_size, transform=transform
    ):
        out.write(line.text + "\n")
        summary.add(line)
        if on_store is not None:
            on_store(line)
    out.flush()
    summary.seconds = time.perf_counter() - started
    return summary


__all__ = [
    "BATCH_FORMATS",
    "BatchLine",
    "BatchSummary",
    "WorkItem",
    "Writer",
    "count_work_items",
    "diagnose_item",
    "diagnose_stream",
    "render_line",
    "run_batch",
    "work_items",
]
