"""Evaluation: the compiled plan, snapshot preparation, the evaluation loop and its budgets.

``plan`` compiles registry + configuration once; ``snapshot`` validates and prepares a store;
``engine`` runs the plan over it. May import every layer above it in this list: ``core``,
``authoring``, ``io``, ``plugins``, ``config``.
"""
