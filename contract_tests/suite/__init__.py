"""The schemathesis suite: every operation of the spec, every phase, against the target."""
