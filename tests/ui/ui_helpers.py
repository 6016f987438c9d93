"""Helpers for the interface tests (imported by the test modules)."""

from __future__ import annotations

from typing import Any


async def settle(pilot: Any) -> None:
    """Wait for workers (world loading, end of turn) and for the screen to settle."""
    app = pilot.app
    for _ in range(3):
        await app.workers.wait_for_complete()
        await pilot.pause()


def screen_text(app: Any) -> str:
    """What the terminal shows now, as plain text (the way export_screenshot renders it)."""
    import io

    from rich.console import Console

    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), force_terminal=True,
                      color_system="truecolor", record=True, legacy_windows=False)
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
    return console.export_text()


def sync(test: Any) -> Any:
    """Run an async test with asyncio (no async plugin needed); fixtures pass through."""
    import asyncio
    import functools

    @functools.wraps(test)
    def run(*args: Any, **kwargs: Any) -> Any:
        return asyncio.run(test(*args, **kwargs))

    return run
