"""The ``oneprovider-automation`` command: its options, input, output and dry runs.

``_main`` holds the command group and the scheduling commands; ``_executions`` the
commands on existing executions; ``_rest`` the same in ``oneprovider-rest-cli`` syntax
(``_restcli_syntax`` parses it); ``_batch`` the ``batch`` command around
:mod:`oneprovider_automation.batch`; ``_schema_check`` ``check`` and ``--workflow-schema``
(store content checked with a dump's rules); ``_dry_run`` the curl command ``--dry-run`` prints;
``_global_options`` the options every command takes, before or after its name; ``_help``
help text wrapped without splitting a word.
"""
