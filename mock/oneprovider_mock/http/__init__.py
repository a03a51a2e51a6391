"""The ASGI layer: routes, content negotiation, bodies in and JSON out, the test
controls, and uvicorn serving. It parses and serializes; the rules live in
``oneprovider_mock.world``, reached through the ``Backend``.
"""
