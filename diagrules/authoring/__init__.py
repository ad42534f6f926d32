"""What plugins declare: platforms, metrics, datasets, scorecards, rules and the rule context.

This is the plugin author's vocabulary, exported through ``diagrules.__all__``. It imports only
from ``diagrules.core``: a declaration never knows how it will be loaded, compiled or rendered.
"""
