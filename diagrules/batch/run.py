"""Diagnosing many stores: in parallel, streaming, and past bad records.

``diagrules batch`` and Python callers share this module::

    from diagrules.batch.run import run_batch
    summary = run_batch(engine, [Path("stores.jsonl")], sys.stdout, lang="zh")

How it stays fast and small:

* The input is read lazily as :class:`WorkItem` units — a raw JSONL line or a file path — so
  parsing happens in the workers, not in the process that feeds them.
* Workers are a process pool; the engine travels to each worker pickled, and an engine pickles
  as its configuration (it is rebuilt there), so the workers run exactly the configured rules.
* Items go out in chunks with a bounded number of chunks in flight. ``Pool.imap`` would read
  the whole input ahead of the workers; the bounded window keeps memory flat however many
  stores there are, while results still come back in input order.
* Each worker has its own pipe and holds at most two chunks (one it works on, one waiting).
  When a worker dies (killed, out of memory) its pipe closes and the run stops with :class:`BatchInterrupted`, naming the stores
  not diagnosed. Shared queues cannot do this: ``multiprocessing.Pool`` waits forever for the
  lost chunk, and ``concurrent.futures.ProcessPoolExecutor`` (CPython 3.11) deadlocks when the
  worker is killed while sending a result larger than a pipe buffer — it holds the queue's
  write lock, and the reader waits for the rest of the message.
* Output written to a file can be resumed: while a run writes ``out.jsonl`` it keeps a marker
  ``out.jsonl.partial``; each line is written whole and flushed. A later run that finds the
  marker keeps the complete lines already written and diagnoses only the stores still missing
  (:func:`open_output`).
* Workers can also *render* each result (``transform``), so only short strings travel back.
* A store whose data is invalid becomes an :class:`~diagrules.InvalidSnapshot` result and the
  run goes on; the summary counts it.
"""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import os
import pickle
import queue
import signal
import threading
import time
import traceback
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from functools import partial
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Literal, Protocol, TypeVar

import attrs

from diagrules.core.errors import DiagrulesError, SnapshotError
from diagrules.core.model import Report, Severity
from diagrules.engine.engine import InvalidSnapshot
from diagrules.history.store import BufferedHistory
from diagrules.io.snapshots import iter_snapshot_paths, read_snapshot_file

if TYPE_CHECKING:
    from diagrules.engine.engine import Engine

T = TypeVar("T")
Result = Report | InvalidSnapshot
Transform = Callable[[Result, str | None], Any]

DEFAULT_CHUNK_SIZE = 64
#: The time budget of one rule call in ``diagrules batch`` when the configuration sets none.
DEFAULT_RULE_TIMEOUT = 10.0
#: How many undiagnosed sources a :class:`BatchInterrupted` message lists.
SHOWN_SOURCES = 5


class BatchInterrupted(DiagrulesError):
    """A batch stopped before every store was diagnosed: a worker process died.

    ``undiagnosed`` counts the work items (stores; a snapshot file holding several stores counts
    once) that got no output line, ``first`` holds the sources of the first few of them.
    """

    def __init__(self, reason: str, undiagnosed: int, first: Sequence[str]) -> None:
        self.reason = reason
        self.undiagnosed = undiagnosed
        self.first = tuple(first)
        self.summary: BatchSummary | None = None
        shown = ", ".join(self.first) + (", …" if undiagnosed > len(self.first) else "")
        super().__init__(f"{reason}; {undiagnosed:,} stores not diagnosed: {shown}")


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

def _worker_main(
    conn: Connection, engine_bytes: bytes, transform: Transform | None, inherited: Sequence[Connection] = ()
) -> None:
    """A worker process: rebuild the engine, then diagnose chunks until told to stop.

    Messages in: ``(seq, chunk)`` or ``None`` (stop). Out: ``(seq, True, results)`` or
    ``(seq, False, error text)``. Two helper threads keep the pipe moving both ways, so the
    worker never waits on the parent (it diagnoses in the main thread, where the rule time
    budget's signal arrives) and the parent can hand out the next chunk while one runs.
    Ctrl-C is left to the parent, which stops the workers. ``inherited`` are the parent's pipe
    ends a forked worker got a copy of: closed at once, so that when the parent dies the pipe
    reads as closed and the worker exits.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for other in inherited:
        other.close()
    inbox: queue.SimpleQueue[Any] = queue.SimpleQueue()
    outbox: queue.SimpleQueue[Any] = queue.SimpleQueue()

    def receive() -> None:
        while True:
            try:
                message = conn.recv()
            except (EOFError, OSError):
                message = None
            inbox.put(message)
            if message is None:
                return

    def send() -> None:
        while (message := outbox.get()) is not None:
            try:
                conn.send(message)
            except OSError:
                return

    sender = threading.Thread(target=send, daemon=True)
    threading.Thread(target=receive, daemon=True).start()
    sender.start()
    failure: BaseException | None = None
    try:
        engine = pickle.loads(engine_bytes)
    except Exception as exc:  # reported with the first chunk, in the parent
        failure = exc
    while (message := inbox.get()) is not None:
        seq, chunk = message
        if failure is not None:
            outbox.put((seq, False, _describe(failure)))
            break
        try:
            outbox.put((seq, True, _process(engine, transform, chunk)))
        except BaseException as exc:  # a bug in a transform; the parent raises it
            outbox.put((seq, False, _describe(exc)))
    outbox.put(None)
    sender.join()


def _describe(exc: BaseException) -> str:
    """An exception as text for the parent (its class may not unpickle there)."""
    return "".join(traceback.format_exception_only(exc)).strip()


def _process(engine: Engine, transform: Transform | None, chunk: Iterable[WorkItem]) -> list[Any]:
    """Diagnose one chunk; with a history, the chunk's records are written in one transaction."""
    out: list[Any] = []
    history = engine.history
    buffered = BufferedHistory(history) if history is not None else None
    engine.history = buffered
    try:
        for item in chunk:
            for result, source in diagnose_item(engine, item):
                out.append(transform(result, source) if transform is not None else result)
    finally:
        engine.history = history
        if buffered is not None:
            buffered.flush()
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

    When a worker process dies, the results finished before it are still yielded, in order, and
    then :class:`BatchInterrupted` is raised naming the items that got none.
    """
    if chunk_size < 1:
        raise ValueError("chunk_size must be at least 1")
    n = processes or default_processes()
    if n <= 1:
        for chunk in _chunks(items, chunk_size):
            yield from _process(engine, transform, chunk)
        return
    yield from _pool_stream(engine, _chunks(items, chunk_size), n, window or 2 * n, transform)


#: Chunks handed to one worker at a time: one it works on, one waiting, so it never idles.
PER_WORKER = 2


@attrs.define(slots=True)
class _Worker:
    process: Any
    conn: Connection
    seqs: set[int] = attrs.field(factory=set)  # the chunks it holds


def _pool_stream(
    engine: Engine, chunks: Iterator[list[WorkItem]], n: int, limit: int, transform: Transform | None
) -> Iterator[Any]:
    """Run chunks on ``n`` worker processes, yielding results in input order.

    At most ``limit`` chunks are out at once (in a worker or finished but waiting for an
    earlier one), so the input is read only that far ahead.
    """
    ctx = multiprocessing.get_context()
    engine_bytes = pickle.dumps(engine)
    workers: list[_Worker] = []
    out: dict[int, list[WorkItem]] = {}  # chunks handed out and not yet yielded, by sequence number
    finished: dict[int, list[Any]] = {}
    next_seq = next_out = 0
    exhausted = completed = False
    try:
        for _ in range(n):
            parent_end, child_end = ctx.Pipe()
            inherited = [parent_end, *(w.conn for w in workers)] if ctx.get_start_method() == "fork" else []
            process = ctx.Process(
                target=_worker_main, args=(child_end, engine_bytes, transform, inherited), daemon=True
            )
            process.start()
            child_end.close()  # the worker's end lives only in the worker: its death closes the pipe
            workers.append(_Worker(process, parent_end))
        while True:
            for worker in sorted(workers, key=lambda w: len(w.seqs)):
                while len(worker.seqs) < PER_WORKER and not exhausted and next_seq - next_out < limit:
                    chunk = next(chunks, None)
                    if chunk is None:
                        exhausted = True
                        break
                    out[next_seq] = chunk
                    try:
                        worker.conn.send((next_seq, chunk))
                    except OSError:
                        raise _interrupted(out, chunks) from None
                    worker.seqs.add(next_seq)
                    next_seq += 1
            busy = [w for w in workers if w.seqs]
            if not busy:
                completed = True
                return
            ready = wait([w.conn for w in busy] + [w.process.sentinel for w in busy])
            lost = False
            for worker in busy:
                if worker.conn not in ready and worker.process.sentinel not in ready:
                    continue
                try:
                    if not worker.conn.poll():
                        raise EOFError  # the process ended without answering
                    seq, ok, payload = worker.conn.recv()
                except (EOFError, OSError):
                    lost = True
                    continue
                if not ok:
                    raise RuntimeError(f"a batch worker failed: {payload}")
                finished[seq] = payload
                worker.seqs.discard(seq)
            while next_out in finished:  # everything complete up to the first gap
                del out[next_out]
                yield from finished.pop(next_out)
                next_out += 1
            if lost:
                raise _interrupted(out, chunks)
    finally:
        _stop(workers, graceful=completed)


def _stop(workers: list[_Worker], *, graceful: bool) -> None:
    """Let idle workers exit after a complete run; otherwise end them at once."""
    for worker in workers:
        if graceful:
            with contextlib.suppress(OSError):
                worker.conn.send(None)
        else:
            worker.process.kill()
    for worker in workers:
        worker.process.join(timeout=5 if graceful else None)
        if worker.process.is_alive():
            worker.process.kill()
            worker.process.join()
        worker.conn.close()


def _interrupted(unfinished: dict[int, list[WorkItem]], rest: Iterator[list[WorkItem]]) -> BatchInterrupted:
    """Name what was not diagnosed: the chunks handed out and not yet written, and the unread input."""
    first = [item.source for seq in sorted(unfinished) for item in unfinished[seq]][:SHOWN_SOURCES]
    count = sum(len(chunk) for chunk in unfinished.values())
    for chunk in rest:
        if len(first) < SHOWN_SOURCES:
            first += [item.source for item in chunk][: SHOWN_SOURCES - len(first)]
        count += len(chunk)
    return BatchInterrupted("a worker process stopped unexpectedly", count, first)


# -- the batch command's lines and summary ---------------------------------------------------------------


@attrs.frozen(slots=True)
class BatchLine:
    """One store's rendered output line plus what the summary and a resumed run need."""

    text: str
    store: str | None
    invalid: bool
    worst: Severity | None = None
    source: str | None = None


def render_line(result: Result, source: str | None, *, fmt: str, lang: str) -> BatchLine:
    """Render one result as a ``jsonl`` or ``text`` line (runs in the worker)."""
    from diagrules.core.strings import t

    if isinstance(result, InvalidSnapshot):
        where = result.source or source
        if fmt == "jsonl":
            from diagrules.render.jsonl import error_line

            text = error_line(result.store, where, result.error, result.problems)
        else:
            detail = "; ".join([result.error, *result.problems])
            text = t("batch.line_invalid", lang, source=where or "?", error=detail)
        return BatchLine(text, result.store, True, source=where)
    if fmt == "jsonl":
        from diagrules.render.jsonl import report_line

        text = report_line(result, lang, source)
    else:
        from diagrules.render.base import counts_line, severity_label

        counts = counts_line(result, lang)
        worst = result.worst_severity()
        if worst is not None:
            counts += " · " + t("report.worst", lang, severity=severity_label(worst, lang))
        text = t("batch.line_ok", lang, store=result.store, counts=counts)
    return BatchLine(text, result.store, False, result.worst_severity(), source)


@attrs.define(slots=True)
class BatchSummary:
    """What a batch run did: stores seen, diagnosed, invalid, failing (at or above fail-on).

    After a resumed run the counts cover the whole output file; ``resumed`` says how many of
    the stores were already in it.
    """

    fail_on: Severity
    stores: int = 0
    diagnosed: int = 0
    invalid: int = 0
    failing: int = 0
    by_worst: dict[str, int] = attrs.field(factory=dict)
    seconds: float = 0.0
    resumed: int = 0

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
        from diagrules.core.strings import t
        from diagrules.render.base import severity_label

        text = t(
            "batch.summary", lang, stores=f"{self.stores:,}", diagnosed=f"{self.diagnosed:,}",
            invalid=f"{self.invalid:,}", failing=f"{self.failing:,}",
            fail_on=severity_label(self.fail_on, lang), seconds=f"{self.seconds:.1f}",
        )
        if self.resumed:
            text += " " + t("batch.resumed", lang, n=f"{self.resumed:,}")
        return text


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
    resume: Resume | None = None,
) -> BatchSummary:
    """Diagnose every store in ``paths``, writing one ``fmt`` line per store to ``out``.

    Each line is written whole and flushed, so an interrupted run leaves complete lines (at most
    the last one cut short by a kill). ``resume`` (from :func:`open_output`) names the stores
    already written: they are not diagnosed again, and the summary counts them as they were.
    ``on_store`` is called after each line is written (the CLI advances its progress bar).
    ``fail_on`` defaults to the engine's configured ``fail-on``. A worker that dies raises
    :class:`BatchInterrupted` after every line finished before it has been written;
    ``exc.summary`` then holds the summary so far.
    """
    if fmt not in BATCH_FORMATS:
        raise ValueError(f"batch format must be one of {', '.join(BATCH_FORMATS)}, got {fmt!r}")
    summary = BatchSummary(fail_on=fail_on if fail_on is not None else engine.plan.fail_on)
    done: Collection[str] = ()
    if resume is not None:
        done = resume.done
        for old in resume.lines:
            summary.add(old)
        summary.resumed = len(resume.lines)
    started = time.perf_counter()
    transform = partial(render_line, fmt=fmt, lang=lang)
    items = work_items(paths)
    if done:
        items = (item for item in items if item.source not in done)
    try:
        for line in diagnose_stream(engine, items, processes=processes, chunk_size=chunk_size, transform=transform):
            if done and line.source in done:  # a store of a multi-store file written last time
                continue
            out.write(line.text + "\n")
            out.flush()
            summary.add(line)
            if on_store is not None:
                on_store(line)
    except BatchInterrupted as exc:
        summary.seconds = time.perf_counter() - started
        exc.summary = summary
        raise
    summary.seconds = time.perf_counter() - started
    return summary


# -- resumable output files ------------------------------------------------------------------------------

MARKER_SUFFIX = ".partial"


def marker_path(output: Path) -> Path:
    """The marker kept next to ``output`` while a batch writes it: ``out.jsonl.partial``."""
    return output.with_name(output.name + MARKER_SUFFIX)


@attrs.define(slots=True)
class Resume:
    """What an interrupted run already wrote: the sources done and their lines' summary data."""

    done: set[str]
    lines: list[BatchLine]
    dropped_bytes: int = 0


def read_written(output: Path) -> Resume:
    """Read the complete JSONL lines of an interrupted run and cut off anything after them.

    A line counts when it ends with a newline and parses as a JSON object with a ``source``;
    the file is truncated after the last such line, so appending continues on a clean line.
    """
    done: set[str] = set()
    lines: list[BatchLine] = []
    good = 0
    with output.open("rb") as fh:
        for raw in fh:
            if not raw.endswith(b"\n"):
                break
            try:
                data = json.loads(raw)
            except ValueError:
                break
            if not isinstance(data, dict) or not isinstance(data.get("source"), str):
                break
            source = data["source"]
            store = data.get("store") if isinstance(data.get("store"), str) else None
            if "error" in data:
                line = BatchLine("", store, True, source=source)
            else:
                severities = [Severity.parse(f["severity"]) for f in data.get("findings") or ()]
                line = BatchLine("", store, False, max(severities, default=None), source)
            if source not in done:
                done.add(source)
                lines.append(line)
            good += len(raw)
    size = output.stat().st_size
    if size > good:
        with output.open("r+b") as fh:
            fh.truncate(good)
    return Resume(done, lines, size - good)


def open_output(output: Path, *, fmt: str, fresh: bool = False) -> tuple[IO[str], Resume | None]:
    """Open a batch output file, resuming an interrupted ``jsonl`` run when its marker is there.

    Without a marker (or with ``fresh``) the file is overwritten. The marker is created now and
    removed by :func:`finish_output` once the run completed; ``text`` output keeps none, since its
    lines do not say which store they belong to and so cannot be resumed.
    """
    marker = marker_path(output)
    resume = None
    if fmt == "jsonl" and not fresh and marker.exists() and output.is_file():
        resume = read_written(output)
        file = output.open("a", encoding="utf-8", newline="\n")
    else:
        file = output.open("w", encoding="utf-8", newline="\n")
    if fmt == "jsonl":
        marker.write_text(
            f"diagrules batch is writing {output.name}; if the run stops, run the same command again "
            "to finish it (this file is removed when the run completes).\n",
            encoding="utf-8",
        )
    elif marker.exists():
        marker.unlink()
    return file, resume


def finish_output(output: Path) -> None:
    """The run completed: remove the resume marker."""
    marker_path(output).unlink(missing_ok=True)


__all__ = [
    "BATCH_FORMATS",
    "DEFAULT_RULE_TIMEOUT",
    "BatchInterrupted",
    "BatchLine",
    "BatchSummary",
    "Resume",
    "WorkItem",
    "Writer",
    "count_work_items",
    "diagnose_item",
    "diagnose_stream",
    "finish_output",
    "marker_path",
    "open_output",
    "read_written",
    "render_line",
    "run_batch",
    "work_items",
]
