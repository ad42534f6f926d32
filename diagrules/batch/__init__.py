"""Many stores at once: work items, the process pool, resumable output, and Dask scale-out.

May import every layer up to ``catalogue``; the command line drives it, never the reverse.
"""
