"""The Alibaba.com rule sets: RTS (``rts``) and RFQ / platform diagnosis (``rfq``).

Both register the ``alibaba`` platform and the metrics and datasets they share, declared once in
``common``; each set is its own entry point, so either can be blocked alone.
"""
