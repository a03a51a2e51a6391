"""The provider's state and rules, with no HTTP in them.

What a provider knows (``_model``, ``_world``, read from world files by
``_world_files``), the executions it runs (``_executions``, driven by the status
rules of ``_transitions``, and indexed by ``_index`` so that no request walks them
all), and its checks of each request (``_rules``,
``_sanitize``, ``_stores``), which raise the errors of ``_errors``.
"""
