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
import functools
import json
import multiprocessing
import os
import pickle
import queue
import re
import signal
import threading
import time
import traceback
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import partial
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Literal, Protocol, TypeVar

import attrs

from diagrules.core.errors import DiagrulesError, SnapshotError
from diagrules.core.model import Report, Severity
from diagrules.core.safetext import encodable, neutralise
from diagrules.core.strings import t
from diagrules.engine.budget import set_heartbeat
from diagrules.engine.engine import InvalidSnapshot
from diagrules.history.store import BufferedHistory
from diagrules.io.limits import MAX_DOCUMENT_BYTES, is_regular_file, loads_json
from diagrules.io.snapshots import iter_lines, iter_snapshot_paths, read_snapshot_file

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


@attrs.frozen
class WorkItem:
    """One unit of input: a JSONL line (``payload`` is its text), a snapshot file (a path), or
    an input that could not be read as either (``payload`` is the reason)."""

    source: str
    kind: Literal["line", "file", "error"]
    payload: str
    base_dir: str | None = None


def input_paths(paths: Sequence[Path]) -> Iterator[Path]:
    """The files of ``paths``: snapshot files, and Parquet files of stores (folders searched)."""
    for path in paths:
        if path.is_dir():
            yield from iter_snapshot_paths([path])
            yield from sorted(f for f in path.rglob("*.parquet") if f.is_file())
        else:
            yield path


def work_items(paths: Sequence[Path]) -> Iterator[WorkItem]:
    """The stores in ``paths`` (folders, JSONL and Parquet files, other snapshot files), read lazily.

    A JSONL line too long to be a document becomes an ``error`` item, so that store is
    reported and the lines after it are still read. A Parquet row becomes a ``line`` item
    holding the row as a JSON document (:mod:`diagrules.batch.tables`).
    """
    for path in input_paths(paths):
        suffix = path.suffix.lower()
        if suffix in (".jsonl", ".ndjson") and is_regular_file(path):
            for source, line in iter_lines(path):
                if isinstance(line, SnapshotError):
                    yield WorkItem(source, "error", line.message)
                else:
                    yield WorkItem(source, "line", line, str(path.parent))
        elif suffix == ".parquet":
            from diagrules.batch.tables import iter_rows

            for source, text, problem in iter_rows(path):
                yield (WorkItem(source, "line", text, str(path.parent)) if text is not None
                       else WorkItem(source, "error", problem))
        else:
            yield WorkItem(str(path), "file", str(path))


def count_work_items(paths: Sequence[Path]) -> int:
    """How many :class:`WorkItem` units ``paths`` hold (a quick pass, for a progress bar)."""
    total = 0
    for path in input_paths(paths):
        suffix = path.suffix.lower()
        if suffix in (".jsonl", ".ndjson") and is_regular_file(path):
            with path.open("rb") as fh:
                total += sum(1 for line in fh if line.strip())
        elif suffix == ".parquet":
            from diagrules.batch.tables import count_rows

            total += count_rows(path)
        else:
            total += 1
    return total


def parse_line(text: str, source: str) -> Any:
    """Decode one JSONL line; a line that does not decode raises the located :class:`SnapshotError`.

    The document's bounds (:func:`diagrules.io.limits.check_document`) are not checked here:
    :meth:`Engine.prepare_document <diagrules.Engine.prepare_document>` checks them before
    anything else reads the document, and the columnar path takes into its frames only
    documents within them (:mod:`diagrules.fleet.frame`) and hands the others to
    ``prepare_document``. Checking here as well did the same walk twice — as long as the parse
    itself, measured, on a 60-metric store. A line that fails to decode is parsed again by
    :func:`~diagrules.io.limits.loads_json`, whose error names the problem and the place.
    """
    if len(text) <= MAX_DOCUMENT_BYTES:
        try:
            return json.loads(text)
        except (ValueError, RecursionError):
            pass
    return loads_json(text, source)


def _invalid(exc: SnapshotError, source: str) -> InvalidSnapshot:
    return InvalidSnapshot(exc.store, exc.location or source, exc.headline, exc.problems)


def diagnose_item(engine: Engine, item: WorkItem) -> list[tuple[Result, str | None]]:
    """Diagnose the store(s) of one work item; bad data yields InvalidSnapshot, never raises."""
    documents: list[tuple[str, Any]]
    base_dir: Path | None
    if item.kind == "error":
        return [(InvalidSnapshot(None, item.source, item.payload), item.source)]
    if item.kind == "line":
        base_dir = Path(item.base_dir) if item.base_dir else None
        try:
            documents = [(item.source, parse_line(item.payload, item.source))]
        except SnapshotError as err:
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
            results.append((engine.evaluate_document(doc, source=source, base_dir=base_dir), source))
        except SnapshotError as exc:
            results.append((_invalid(exc, source), source))
        except (Exception, SystemExit) as exc:  # a loader or plugin bug must not end a 10,000-store run
            store = doc.get("store") if isinstance(doc, dict) and isinstance(doc.get("store"), str) else None
            message = f"internal error while reading the store: {type(exc).__name__}: {exc}"
            results.append((InvalidSnapshot(store, source, message), source))
    return results


# -- worker side ----------------------------------------------------------------------------------

def _worker_main(
    conn: Connection,
    engine_bytes: bytes,
    transform: Transform | None,
    inherited: Sequence[Connection] = (),
    heartbeat: Any = None,
) -> None:
    """A worker process: rebuild the engine, then diagnose chunks until told to stop.

    Messages in: ``(seq, offset, items, alone)`` — the items of chunk ``seq`` from position
    ``offset`` (a chunk is re-sent from the middle when the worker holding it died) — or
    ``None`` (stop). A transform with a ``diagnose_chunk`` method (the fleet formats) gets the
    whole chunk at once unless ``alone`` says a worker already died on it that way; then, as
    for every other transform, it goes store by store.
    Out: ``(seq, [(index, True, results) or (index, False, error text), ...])``, the items done
    since the last message — one message per chunk, or more often when a chunk takes longer
    than :data:`SEND_INTERVAL`. One message per store made the parent wake, poll and unpickle
    once per store, CPU taken from the workers on a machine with one core per worker; which
    store this process is on is known from the heartbeat anyway. Two helper threads keep the
    pipe moving both ways, so the worker never waits on
    the parent (it diagnoses in the main thread, where the rule time budget's signal arrives).
    ``heartbeat`` is a shared array of three doubles: the start of the running rule (set by the
    rule budget, so the parent can end a rule the in-process timer could not stop) and the
    chunk and index of the store being diagnosed — written before the work, not sent after it,
    so the parent charges the right store when this process dies whatever was still unsent. Ctrl-C is left to the parent, which stops
    the workers. ``inherited`` are the parent's pipe ends a forked worker got a copy of: closed
    at once, so that when the parent dies the pipe reads as closed — and the worker then exits
    at once, even in the middle of a rule that never returns (no orphans).
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for other in inherited:
        other.close()
    if heartbeat is not None:
        set_heartbeat(heartbeat)
    inbox: queue.SimpleQueue[Any] = queue.SimpleQueue()
    outbox: queue.SimpleQueue[Any] = queue.SimpleQueue()

    def receive() -> None:
        while True:
            try:
                message = conn.recv()
            except (EOFError, OSError):
                os._exit(1)  # the parent is gone: nobody will read what this process does
            inbox.put(message)
            if message is None:
                return

    def send() -> None:
        while (message := outbox.get()) is not None:
            try:
                conn.send(message)
            except OSError:
                return

    columnar = _columnar(transform)
    sender = threading.Thread(target=send, daemon=True)
    threading.Thread(target=receive, daemon=True).start()
    sender.start()
    failure: BaseException | None = None
    try:
        engine = pickle.loads(engine_bytes)
    except Exception as exc:  # reported with the first chunk, in the parent
        failure = exc
    while (message := inbox.get()) is not None:
        seq, offset, chunk, alone = message
        if failure is not None:
            outbox.put((seq, [(offset, False, _describe(failure))]))
            break
        if columnar is not None and not alone:
            if heartbeat is not None:  # a whole chunk at once: a death here is nobody's fault yet
                heartbeat[1], heartbeat[2] = seq, IN_A_FRAME
            try:
                results = columnar(engine, chunk)
                message = (seq, [(index, True, r) for index, r in enumerate(results, start=offset)])
            except BaseException as exc:  # a bug in a transform; the parent raises it
                message = (seq, [(offset, False, _describe(exc))])
            if heartbeat is not None:
                heartbeat[1] = -1
            outbox.put(message)
            continue
        done: list[tuple[int, bool, Any]] = []
        sent = time.monotonic()
        for index, item in enumerate(chunk, start=offset):
            if heartbeat is not None:  # the store this process is on, for the parent if it dies
                heartbeat[1], heartbeat[2] = seq, index
            try:
                done.append((index, True, _process_chunk(engine, transform, [item])))
            except BaseException as exc:  # a bug in a transform; the parent raises it
                done.append((index, False, _describe(exc)))
            if heartbeat is not None:
                heartbeat[1] = -1
            if time.monotonic() - sent >= SEND_INTERVAL:  # a slow chunk: show progress meanwhile
                outbox.put((seq, done))
                done, sent = [], time.monotonic()
        if done:
            outbox.put((seq, done))
    outbox.put(None)
    sender.join()


def _columnar(transform: Transform | None) -> Callable[[Engine, Sequence[WorkItem]], list[Any]] | None:
    """The chunk-at-once form of ``transform``, when it has one."""
    method = getattr(transform, "diagnose_chunk", None)
    return method if callable(method) else None


def _process_chunk(engine: Engine, transform: Transform | None, chunk: Sequence[WorkItem]) -> list[Any]:
    """Diagnose a chunk in this process: at once when the transform can, else item by item."""
    columnar = _columnar(transform)
    if columnar is not None:
        return [line for lines in columnar(engine, chunk) for line in lines]
    return _process(engine, transform, chunk)


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
    isolate: bool = False,
) -> Iterator[Any]:
    """Diagnose ``items`` and yield one result per store, in input order, as they are ready.

    Results are :class:`~diagrules.Report` or :class:`~diagrules.InvalidSnapshot` objects, or
    whatever ``transform(result, source)`` returns — computed in the worker, so it must be a
    picklable function (module level, or a :func:`functools.partial` of one). ``processes=1``
    runs in this process (with ``isolate``: in one worker process, so a store that crashes
    it costs only that store); more use a process pool with at most ``window`` chunks of
    ``chunk_size`` items in flight (default: two per process).

    When a worker process dies, the results finished before it are still yielded, in order, and
    then :class:`BatchInterrupted` is raised naming the items that got none.
    """
    if chunk_size < 1:
        raise ValueError("chunk_size must be at least 1")
    n = processes or default_processes()
    if n <= 1 and not isolate:
        for chunk in _chunks(items, chunk_size):
            yield from _process_chunk(engine, transform, chunk)
        return
    yield from _pool_stream(engine, _chunks(items, chunk_size), n, window or 2 * n, transform)


#: Chunks handed to one worker at a time: one it works on, one waiting, so it never idles.
PER_WORKER = 2


#: Worker deaths in a row, with no store diagnosed in between, after which a batch stops: each
#: death is charged to one store, but a worker that cannot even start must not be re-spawned
#: once per store of a 10,000-store input.
MAX_DEATHS_IN_A_ROW = 20
#: The heartbeat's store index while a worker diagnoses a whole chunk at once.
IN_A_FRAME = -2
#: A worker sends what it finished at the end of each chunk, or after this many seconds
#: within a slow one, so progress and the results of a worker that dies later are not held back.
SEND_INTERVAL = 0.5
#: How often the parent looks at the workers' rule heartbeats (seconds).
WATCH_INTERVAL = 0.1


@attrs.define
class _Worker:
    process: Any
    conn: Connection
    heartbeat: Any
    held: list[int] = attrs.field(factory=list)  # its chunks, in the order it works through them
    reason: str | None = None  # set when the parent ended it


@attrs.define(slots=True)
class _Chunk:
    items: list[WorkItem]
    results: list[list[Any] | None]
    done: int = 0  # items reported, from the front (a worker reports in order)
    #: Diagnose store by store: a worker died on this chunk diagnosed at once.
    alone: bool = False


def _pool_stream(
    engine: Engine, chunks: Iterator[list[WorkItem]], n: int, limit: int, transform: Transform | None
) -> Iterator[Any]:
    """Run chunks on ``n`` worker processes, yielding results in input order.

    At most ``limit`` chunks are out at once (in a worker or finished but waiting for an
    earlier one), so the input is read only that far ahead. A worker that dies, or that the
    parent ends because a rule ran past twice its budget (or one second over it, whichever is
    later) without being stopped by the in-process timer, costs one store: the one it was on
    is recorded as failed with the reason, a new worker takes its place, and the rest of its
    chunks are handed out again.
    """
    ctx = multiprocessing.get_context()
    engine_bytes = pickle.dumps(engine)
    budget = engine.config.rule_timeout
    deadline = budget + max(1.0, budget) if budget is not None else None
    workers: list[_Worker] = []
    out: dict[int, _Chunk] = {}  # chunks handed out and not yet yielded, by sequence number
    retry: list[tuple[int, int]] = []  # (seq, offset): the rest of a dead worker's chunks
    next_seq = next_out = deaths = 0
    exhausted = completed = False

    def spawn() -> _Worker:
        parent_end, child_end = ctx.Pipe()
        inherited = [parent_end, *(w.conn for w in workers)] if ctx.get_start_method() == "fork" else []
        heartbeat = ctx.RawArray("d", [0.0, -1.0, -1.0])
        process = ctx.Process(
            target=_worker_main, args=(child_end, engine_bytes, transform, inherited, heartbeat), daemon=True
        )
        process.start()
        child_end.close()  # the worker's end lives only in the worker: its death closes the pipe
        return _Worker(process, parent_end, heartbeat)

    def send(worker: _Worker, seq: int, offset: int) -> bool:
        try:
            worker.conn.send((seq, offset, out[seq].items[offset:], out[seq].alone))
        except OSError:
            return False
        worker.held.append(seq)
        return True

    def receive(worker: _Worker) -> bool:
        """Take every message the worker sent; False when its pipe is closed (it is gone)."""
        nonlocal deaths
        try:
            while worker.conn.poll():
                seq, done = worker.conn.recv()
                chunk = out[seq]
                for index, ok, payload in done:
                    if not ok:
                        raise RuntimeError(f"a batch worker failed: {payload}")
                    chunk.results[index] = payload
                    chunk.done = index + 1
                deaths = 0
                if chunk.done == len(chunk.items):
                    worker.held.remove(seq)
        except (EOFError, OSError):
            return False
        return True

    def bury(worker: _Worker) -> None:
        """Charge the store a dead worker was on, and hand its stores out again."""
        nonlocal deaths
        worker.process.join()
        receive(worker)  # what it sent before dying still counts
        worker.conn.close()
        reason = worker.reason or _death_reason(worker.process.exitcode)
        seq, index = int(worker.heartbeat[1]), int(worker.heartbeat[2])
        if seq in worker.held and out[seq].done <= index < len(out[seq].items):
            # The store becomes an error item, rendered by the next worker like any result
            # (the transform is worker code; the parent never runs it). Stores before it whose
            # results were lost with the process are simply diagnosed again.
            item = out[seq].items[index]
            out[seq].items[index] = WorkItem(item.source, "error", reason)
        elif seq in worker.held and index == IN_A_FRAME:
            # It died diagnosing the whole chunk at once: which store did it is not known, so
            # the chunk is diagnosed again store by store, where a death is charged to its store.
            out[seq].alone = True
        for held in sorted(worker.held):
            retry.append((held, out[held].done))
        worker.held.clear()
        deaths += 1
        if deaths > MAX_DEATHS_IN_A_ROW:
            raise _interrupted({seq: c.items for seq, c in out.items()}, chunks)

    try:
        for _ in range(n):
            workers.append(spawn())
        while True:
            for worker in sorted(workers, key=lambda w: len(w.held)):
                while len(worker.held) < PER_WORKER:
                    if retry:
                        retry.sort()
                        seq, offset = retry.pop(0)
                    elif not exhausted and next_seq - next_out < limit:
                        items = next(chunks, None)
                        if items is None:
                            exhausted = True
                            break
                        seq, offset = next_seq, 0
                        out[seq] = _Chunk(items, [None] * len(items))
                        next_seq += 1
                    else:
                        break
                    if not send(worker, seq, offset):  # it died while idle
                        retry.append((seq, offset))
                        bury(worker)
                        workers[workers.index(worker)] = spawn()
                        break
            busy = [w for w in workers if w.held]
            if not busy:
                if retry:
                    continue
                completed = True
                return
            ready = wait([w.conn for w in busy] + [w.process.sentinel for w in busy],
                         timeout=WATCH_INTERVAL if deadline is not None else None)
            now = time.monotonic()
            for i, worker in enumerate(workers):
                started = worker.heartbeat[0]
                if deadline is not None and started and now - started > deadline and worker.reason is None:
                    worker.reason = (
                        f"a rule ran past its time budget of {budget:g} s and could not be stopped "
                        "(it caught the interrupt, or is stuck outside Python); its worker process was replaced"
                    )
                    worker.process.kill()
                elif worker.conn not in ready and worker.process.sentinel not in ready:
                    continue
                if worker.reason is None and receive(worker) and worker.process.sentinel not in ready:
                    continue
                bury(worker)
                workers[i] = spawn()
            while next_out in out and out[next_out].done == len(out[next_out].items):
                for results in out.pop(next_out).results:
                    yield from results or ()
                next_out += 1
    finally:
        _stop(workers, graceful=completed)


def _death_reason(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        try:
            how = f"killed by signal {signal.Signals(-exitcode).name}"
        except ValueError:
            how = f"killed by signal {-exitcode}"
    else:
        how = f"exit status {exitcode}"
    return (f"the worker process diagnosing this store stopped ({how}: a crash, os._exit in a rule, "
            "or out of memory); it was replaced and the batch went on")


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


@attrs.frozen
class BatchLine:
    """One store's rendered output line plus what the summary and a resumed run need."""

    text: str
    store: str | None
    invalid: bool
    worst: Severity | None = None
    source: str | None = None
    #: Diagnosed without a dataset whose rows were invalid (``Report.input_errors``).
    incomplete: bool = False
    #: Fleet formats written as Parquet: the rows of this store and of the rest of its chunk,
    #: as one Arrow stream (the chunk's other lines carry none, and ``text`` is empty).
    block: bytes | None = None


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
        return BatchLine(_writable(text, fmt), result.store, True, source=where)
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
    return BatchLine(_writable(text, fmt), result.store, False, result.worst_severity(), source,
                     incomplete=bool(result.input_errors))


def _writable(text: str, fmt: str) -> str:
    """A line any UTF-8 writer accepts and a terminal prints verbatim (JSON escapes controls itself)."""
    return encodable(text) if fmt == "jsonl" else neutralise(text, one_line=True)


@attrs.define
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
    #: Diagnosed, but without input that could not be read: the input was invalid (exit 2).
    incomplete: int = 0
    by_worst: dict[str, int] = attrs.field(factory=dict)
    seconds: float = 0.0
    resumed: int = 0

    def add(self, line: BatchLine) -> None:
        self.stores += 1
        if line.invalid:
            self.invalid += 1
            return
        self.diagnosed += 1
        self.incomplete += line.incomplete
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


class RowSink(Protocol):
    """Where the rows of a fleet format go when they are not JSON lines (a Parquet writer)."""

    def add_block(self, block: bytes, /) -> None: ...


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
    isolate: bool = True,
    rows_out: RowSink | None = None,
) -> BatchSummary:
    """Diagnose every store in ``paths``, writing one ``fmt`` line per store to ``out``.

    ``fmt`` is a report format (:data:`BATCH_FORMATS`) or a fleet format
    (:data:`diagrules.batch.rows.FLEET_FORMATS`: ``findings`` writes a JSON line per finding,
    ``stores`` one per store); with ``rows_out`` the fleet rows go there as value tuples
    (a Parquet writer) and nothing is written to ``out``.

    Each line is written whole and flushed, so an interrupted run leaves complete lines (at most
    the last one cut short by a kill). ``resume`` (from :func:`open_output`) names the stores
    already written: they are not diagnosed again, and the summary counts them as they were.
    ``on_store`` is called after each line is written (the CLI advances its progress bar).
    ``fail_on`` defaults to the engine's configured ``fail-on``. Stores are diagnosed in worker
    processes even with ``processes=1`` (one worker) unless ``isolate=False``: input is
    untrusted, and a store that crashes a worker must cost only itself. A worker that dies raises
    :class:`BatchInterrupted` after every line finished before it has been written;
    ``exc.summary`` then holds the summary so far.
    """
    from diagrules.batch.rows import FLEET_FORMATS, FleetTransform

    if fmt not in BATCH_FORMATS + FLEET_FORMATS:
        raise ValueError(f"batch format must be one of {', '.join(BATCH_FORMATS + FLEET_FORMATS)}, got {fmt!r}")
    if rows_out is not None and fmt not in FLEET_FORMATS:
        raise ValueError(f"rows_out needs a fleet format ({', '.join(FLEET_FORMATS)}), got {fmt!r}")
    summary = BatchSummary(fail_on=fail_on if fail_on is not None else engine.plan.fail_on)
    if resume is not None:
        for old in resume.lines:
            summary.add(old)
        summary.resumed = len(resume.lines)
    started = time.perf_counter()
    transform: Transform = (
        FleetTransform(fmt, lang, "parquet" if rows_out is not None else "jsonl")
        if fmt in FLEET_FORMATS else partial(render_line, fmt=fmt, lang=lang)
    )
    items = work_items(paths)
    if resume is not None and resume.keys:
        items = (item for item in items if not resume.has(item.source))
    try:
        for line in diagnose_stream(engine, items, processes=processes, chunk_size=chunk_size, transform=transform,
                                    isolate=isolate):
            if resume is not None and resume.keys and resume.has(line.source):  # a store of a multi-store file
                continue
            if rows_out is not None:
                if line.block is not None:
                    rows_out.add_block(line.block)
            elif line.text:  # a store without findings has no findings rows
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


@attrs.define
class Resume:
    """What an interrupted run already wrote: the sources done and their lines' summary data.

    ``keys`` are the sources with their file part resolved (from the folder the interrupted
    run was started in), so a re-run that spells the input differently — relative instead of
    absolute, through a symlink — still skips exactly the stores already written. ``warning``
    says (in both languages) when the interrupted run read other input files than this one.
    """

    done: set[str]
    lines: list[BatchLine]
    dropped_bytes: int = 0
    keys: set[str] = attrs.field(factory=set)
    warning: dict[str, str] | None = None

    def has(self, source: str | None) -> bool:
        """Whether the store at ``source`` (as this run spells it) is already in the output."""
        return source is not None and source_key(source, os.getcwd()) in self.keys


_SOURCE_SUFFIX = re.compile(r"(?::\d+|:stores\[\d+\]|\[\d+\])$")


@functools.lru_cache(maxsize=1024)
def _real(folder: str, path: str) -> str:
    return os.path.realpath(os.path.join(folder, path))


def source_key(source: str, cwd: str) -> str:
    """``source`` (``stores.jsonl:17``, ``a.json[2]``, ``b.toml``) with its file part resolved from ``cwd``."""
    match = _SOURCE_SUFFIX.search(source)
    path, suffix = (source[: match.start()], match.group()) if match else (source, "")
    return _real(cwd, path) + suffix


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
                line = BatchLine("", store, False, max(severities, default=None), source,
                                 incomplete=bool(data.get("input_errors")))
            if source not in done:
                done.add(source)
                lines.append(line)
            good += len(raw)
    size = output.stat().st_size
    if size > good:
        with output.open("r+b") as fh:
            fh.truncate(good)
    return Resume(done, lines, size - good)


class OutputBusy(DiagrulesError):
    """Another batch run holds the lock on the output file: two writers would splice lines."""


def open_output(
    output: Path, *, fmt: str, fresh: bool = False, inputs: Sequence[Path] = ()
) -> tuple[IO[str], Resume | None]:
    """Open a batch output file, resuming an interrupted ``jsonl`` run when its marker is there.

    Without a marker (or with ``fresh``) the file is overwritten. The marker is created now and
    removed by :func:`finish_output` once the run completed; ``text`` output keeps none, since its
    lines do not say which store they belong to and so cannot be resumed. The marker records
    the working folder and the resolved ``inputs``, so a resumed run matches stores however the
    input is spelled, and warns (``Resume.warning``) when it reads other input.

    The file is locked (``flock``) for as long as it is open: a second run writing the same
    file gets :class:`OutputBusy` instead of interleaving its lines. A symlink is followed; a
    device or FIFO (``/dev/null``) is written to directly, never locked, marked or resumed.
    """
    real = Path(os.path.realpath(output))
    if real.exists() and not is_regular_file(real):
        return real.open("w", encoding="utf-8", newline="\n"), None
    fd = os.open(real, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o666)
    try:
        _lock(fd, output)
        file = os.fdopen(fd, "r+", encoding="utf-8", newline="\n")
    except BaseException:
        os.close(fd)
        raise
    marker = marker_path(real)
    here = os.getcwd()
    resolved = [str(Path(p).resolve()) for p in inputs]
    resume = None
    if fmt == "jsonl" and not fresh and marker.exists():
        before_cwd, before_inputs = _read_marker(marker)
        resume = read_written(real)
        resume.keys = {source_key(s, before_cwd or here) for s in resume.done}
        if before_inputs is not None and resolved and before_inputs != resolved:
            resume.warning = {
                lang: t("batch.resume_other_input", lang, path=output, before=", ".join(before_inputs),
                        now=", ".join(resolved))
                for lang in ("en", "zh")
            }
        file.seek(0, os.SEEK_END)
    else:
        file.truncate(0)
    if fmt == "jsonl":
        note = (f"diagrules batch is writing {real.name}; if the run stops, run the same command again "
                "to finish it (this file is removed when the run completes).\n")
        marker.write_text(note + json.dumps({"cwd": here, "inputs": resolved}) + "\n", encoding="utf-8")
    elif marker.exists():
        marker.unlink()
    return file, resume


def _lock(fd: int, output: Path) -> None:
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX: no lock
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        raise OutputBusy(t("batch.output_busy", "en", path=output), location=str(output)) from None


def _read_marker(marker: Path) -> tuple[str | None, list[str] | None]:
    """The working folder and inputs an interrupted run recorded (None from an older marker)."""
    try:
        last = marker.read_text(encoding="utf-8").rstrip("\n").rsplit("\n", 1)[-1]
        data = json.loads(last)
    except (OSError, ValueError):
        return None, None
    if not isinstance(data, dict):
        return None, None
    cwd, inputs = data.get("cwd"), data.get("inputs")
    return (cwd if isinstance(cwd, str) else None,
            inputs if isinstance(inputs, list) and all(isinstance(i, str) for i in inputs) else None)


def finish_output(output: Path) -> None:
    """The run completed: remove the resume marker."""
    marker_path(Path(os.path.realpath(output))).unlink(missing_ok=True)


__all__ = [
    "BATCH_FORMATS",
    "DEFAULT_RULE_TIMEOUT",
    "BatchInterrupted",
    "BatchLine",
    "BatchSummary",
    "OutputBusy",
    "Resume",
    "RowSink",
    "WorkItem",
    "Writer",
    "count_work_items",
    "diagnose_item",
    "diagnose_stream",
    "finish_output",
    "input_paths",
    "marker_path",
    "open_output",
    "parse_line",
    "read_written",
    "render_line",
    "run_batch",
    "source_key",
    "work_items",
]
