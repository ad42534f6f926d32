"""The ``diagrules`` command: click commands, option handling and the starter configuration.

The top layer: it may import every other layer and nothing imports it.
"""
