"""Process-level settings that the entry points (the CLI, the TUI, the benches) share."""

from __future__ import annotations

import gc


def settle_after_loading() -> None:
    """Hide what is loaded for good (content models, compiled kernels, imported modules)
    from Python's cyclic garbage collector.  None of it is ever garbage, yet every full
    collection walked it all (~160,000 objects, ~100 ms every few hundred turns, about a
    tenth of a headless game's time).  Call once, after the content is loaded."""
    gc.collect()
    gc.freeze()
