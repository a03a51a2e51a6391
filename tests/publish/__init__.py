"""Tests of the published spec: the bundle, its lint, its docs page and its TypeScript types."""
