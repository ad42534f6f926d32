"""The bottom layer: value types every other layer shares.

Owns bilingual text (``i18n``), the result value types of a report (``model``), the error
types (``errors``) and the table of built-in interface strings (``strings``). Imports nothing
from diagrules: anything here can be used anywhere, including by the fast ``--version`` path.
"""
