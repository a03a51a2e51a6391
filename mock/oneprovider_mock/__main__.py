"""``python -m oneprovider_mock``: the same as the ``oneprovider-mock`` command."""

from __future__ import annotations

from ._cli import main

if __name__ == "__main__":
    main()
