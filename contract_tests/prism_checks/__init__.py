"""Prism as a second opinion: our clients against its mock, our mock behind its proxy."""
