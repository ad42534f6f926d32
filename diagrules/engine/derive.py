"""Derived metrics, compiled once per registry into a chain of closures.

A registry's derivations never change after it is built, yet :func:`interpret` — the
specification — walks them for every store: the derivation order, each metric's chain of
fallbacks, an ``any(...)`` over generators for the inputs of each step and the argument tuples
built with ``*``. With 30 ratios that walk was half of what a store of 100 checks costs.
:func:`compile_derivations` does the walk once and keeps what is left as closures: per derived
metric one function with its names and steps bound, a ratio's two-input test and call inline;
:func:`derive` keeps the result per registry.

Generated source run by ``exec`` was measured too (``python benchmarks/derivations.py``):
about 1.3× faster again than these closures, but the package runs no ``exec`` —
``tests/test_reliability.py`` holds it to that — and the closures are already most of the gain.

The compiled function gives exactly what :func:`interpret` gives — the values, the first
applicable step of a chain, a step whose value is ``None`` falling through to the next, the
same :class:`~diagrules.SnapshotError` text — which ``tests/test_derive.py`` checks over
generated inputs for the built-in platforms, the benchmark's plugin and a test plugin.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Mapping
from typing import Any

from diagrules.authoring.metrics import Derivation
from diagrules.core.errors import SnapshotError
from diagrules.plugins.registry import Registry

#: Fills ``metrics`` in place from ``metrics`` and ``datasets``.
Derive = Callable[[dict[str, Any], Mapping[str, list[Any]]], None]

#: What a derivation may raise on odd but valid input (a date in year 1 in a window, a zero
#: denominator it does not guard): a located problem of the store, not a crash.
_CAUGHT = (ArithmeticError, ValueError, TypeError)


def _steps(registry: Registry) -> list[tuple[str, tuple[Derivation, ...]]]:
    """(metric, its derivation chain) in derivation order: the inputs of each come first."""
    found = []
    for name in registry.derivation_order:
        derivation = registry.metrics[name].derive
        found.append((name, derivation.chain() if derivation is not None else ()))
    return found


def _problem(name: str, step: Derivation, exc: BaseException) -> SnapshotError:
    inputs = ", ".join([*step.metrics, *(f"datasets.{ds}" for ds in step.datasets)])
    return SnapshotError(f"metrics.{name}: cannot be derived from {inputs}: {type(exc).__name__}: {exc}")


def interpret(metrics: dict[str, Any], datasets: Mapping[str, list[Any]], registry: Registry) -> None:
    """Fill in derived metrics whose inputs are present and which were not given.

    The specification of :func:`derive`, walking the registry on every call; kept as the
    reference the compiled function is tested against.
    """
    for name, chain in _steps(registry):
        if name in metrics:
            continue
        for d in chain:
            if any(m not in metrics for m in d.metrics) or any(ds not in datasets for ds in d.datasets):
                continue
            try:
                value = d.fn(*(metrics[m] for m in d.metrics), *(datasets[ds] for ds in d.datasets))
            except _CAUGHT as exc:
                raise _problem(name, d, exc) from None
            if value is not None:
                metrics[name] = value
                break


def _step(name: str, d: Derivation) -> Callable[[dict[str, Any], Mapping[str, list[Any]]], Any]:
    """One step of a chain: its value, or ``None`` when an input is missing or it is undefined.

    The shape every built-in step has — metrics only, or one dataset — gets a closure without
    loops or argument unpacking; any other shape the general one.
    """
    fn, names, tables = d.fn, d.metrics, d.datasets
    if not tables and len(names) == 2:
        a, b = names

        def two_metrics(metrics: dict[str, Any], datasets: Mapping[str, list[Any]]) -> Any:
            if a in metrics and b in metrics:
                try:
                    return fn(metrics[a], metrics[b])
                except _CAUGHT as exc:
                    raise _problem(name, d, exc) from None
            return None

        return two_metrics
    if not names and len(tables) == 1:
        (table,) = tables

        def one_dataset(metrics: dict[str, Any], datasets: Mapping[str, list[Any]]) -> Any:
            if table in datasets:
                try:
                    return fn(datasets[table])
                except _CAUGHT as exc:
                    raise _problem(name, d, exc) from None
            return None

        return one_dataset

    def general(metrics: dict[str, Any], datasets: Mapping[str, list[Any]]) -> Any:
        for m in names:
            if m not in metrics:
                return None
        for t in tables:
            if t not in datasets:
                return None
        try:
            return fn(*[metrics[m] for m in names], *[datasets[t] for t in tables])
        except _CAUGHT as exc:
            raise _problem(name, d, exc) from None

    return general


def _metric(name: str, chain: tuple[Derivation, ...]) -> Callable[[dict[str, Any], Mapping[str, list[Any]]], None]:
    """Fills ``name`` when it is not given, from the first step of ``chain`` with a value."""
    if len(chain) == 1 and not chain[0].datasets and len(chain[0].metrics) == 2:
        # a ratio, the commonest derivation by far: the step fused in, one call less per metric
        d = chain[0]
        fn, (a, b) = d.fn, d.metrics

        def ratio_like(metrics: dict[str, Any], datasets: Mapping[str, list[Any]]) -> None:
            if name not in metrics and a in metrics and b in metrics:
                try:
                    v = fn(metrics[a], metrics[b])
                except _CAUGHT as exc:
                    raise _problem(name, d, exc) from None
                if v is not None:
                    metrics[name] = v

        return ratio_like
    steps = tuple(_step(name, d) for d in chain)

    def first_with_a_value(metrics: dict[str, Any], datasets: Mapping[str, list[Any]]) -> None:
        if name not in metrics:
            for step in steps:
                v = step(metrics, datasets)
                if v is not None:
                    metrics[name] = v
                    return

    return first_with_a_value


def compile_derivations(registry: Registry) -> Derive:
    """The registry's derivations as one function: a closure per derived metric, in order."""
    fills = tuple(_metric(name, chain) for name, chain in _steps(registry) if chain)

    def compiled(metrics: dict[str, Any], datasets: Mapping[str, list[Any]]) -> None:
        for fill in fills:
            fill(metrics, datasets)

    return compiled


# One compiled function per registry, dropped with it. A registry is mutable and unhashable, so
# the cache is keyed by its id and guarded by a weak reference; a new derivation order (one is
# assigned when the registry is built) compiles again.
_compiled: dict[int, tuple[weakref.ref[Registry], list[str], Derive]] = {}


def derive(metrics: dict[str, Any], datasets: Mapping[str, list[Any]], registry: Registry) -> None:
    """Fill in derived metrics whose inputs are present and which were not given.

    Each metric gets the value of the first step of its chain whose inputs are all present and
    whose value is not ``None``; a step raising an arithmetic, value or type error is the
    store's :class:`~diagrules.SnapshotError`, naming the metric and the inputs.
    """
    key = id(registry)
    entry = _compiled.get(key)
    if entry is None or entry[0]() is not registry or entry[1] is not registry.derivation_order:
        fn = compile_derivations(registry)
        _compiled[key] = (weakref.ref(registry, lambda _: _compiled.pop(key, None)), registry.derivation_order, fn)
    else:
        fn = entry[2]
    fn(metrics, datasets)
