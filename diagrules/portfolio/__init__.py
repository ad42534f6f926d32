"""Many stores at once: the portfolio summary of a batch and its output formats.

Owns what an agency asks after ``diagrules batch``: stores by platform and status, score and
tier distributions, the most frequent findings, the stores to look at first (with the reason),
ability averages and the weakest stores per ability, and the rules that could not run with the
data they lacked (``summary``); the summary as text, JSON and HTML (``formats``) and as an
XLSX workbook (``xlsx``); its interface strings in both languages (``strings``).

It reads report dicts — the lines a batch writes, or :func:`diagrules.to_dict` of a report —
so it works for any platform a plugin adds without knowing it. May import ``core`` through
``catalogue`` (``render`` for the per-store reports and labels); ``batch`` and ``cli`` use it.
"""
