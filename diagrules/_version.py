"""The single place the package version lives (read by pyproject via hatch/setuptools)."""

__version__ = "0.1.0"

#: Version of the hook contract between diagrules and its plugins. A plugin may
#: require ``diagrules.PLUGIN_API_VERSION >= N``; it only grows when hooks or the
#: rule-authoring API gain backwards-compatible features, and a major bump means
#: something was removed. 2: typed Metric/Dataset/Rule, ``values=``, datasets in ``requires=``,
#: ``require_plugin_api``.
PLUGIN_API_VERSION = 2
