"""The reference of what is installed: rules, metrics and plugins, for ``rules``, ``explain``,
``metrics``, ``plugins`` and the generated rule pages. May import every layer up to ``render``.
"""
