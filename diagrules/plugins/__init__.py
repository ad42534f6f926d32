"""The plugin host: hook specifications, entry-point loading, and the registry.

``hookspecs`` is the plugin API reference; ``loading`` discovers and imports entry points one by
one, recording failures; ``registry`` calls each hook once and validates what it returned. May
import ``core``, ``authoring`` and ``io``.
"""
