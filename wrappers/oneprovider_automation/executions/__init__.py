"""``client.workflow_executions``: every operation on workflow executions.

``_sync`` and ``_async`` are the two faces, over what ``_resource`` shares;
``_actions``, ``_listing``, ``_audit_log`` and ``_waiting`` build the calls and read
the answers of their operations.
"""
