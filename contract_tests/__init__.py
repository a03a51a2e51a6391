"""Contract tests: the spec in ``openapi/`` held against a server that claims to implement it.

By default the server is the embedded mock (``oneprovider_mock``), called in-process; with
``ONEPROVIDER_HOST`` and ``ONEPROVIDER_API_KEY`` set it is that provider, over the network.

- :mod:`contract_tests.catalogue`: the Onedata error catalogue (id -> HTTP status, details).
- :mod:`contract_tests.target`: which server is tested, and the ids valid in its world.
- :mod:`contract_tests.checks`: our own schemathesis checks (Location, error ids, ``ctx``).
- :mod:`contract_tests.world_ids`: mixes the target's valid ids into generated bodies.
- :mod:`contract_tests.in_process`: sends the cases to an in-process app on the sending
  thread's own event loop.
- :mod:`contract_tests.schema`: loads the spec for schemathesis and wires all of the above.
- :mod:`contract_tests.summary`: counts the cases and prints the ``contract-test:`` line.
- :mod:`contract_tests.live`: runs the suite against ``oneprovider-mock`` served on loopback.
- :mod:`contract_tests.prism`: starts and stops Prism (the independent second opinion).
"""
