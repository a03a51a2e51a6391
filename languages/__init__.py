"""``make check-languages``: clients of other languages, generated from the bundled spec.

openapi-generator (pinned in ``pyproject.toml``) generates a Python, a
TypeScript (fetch), a Go and a Java client from ``dist/openapi/``; each is
compiled offline (``compileall``, ``tsc``, ``go build``, ``javac``). The Python
and TypeScript clients then run a scenario against the mock on 127.0.0.1
(schedule the seed, read details in every status, list, cancel, decode a 401
and a state error with ``ctx``); the Go and Java clients decode the bodies the
mock sent in that scenario. ``_generators`` holds the commands, quoted by the
README.
"""
