"""A seeded monkey: 500 random keys on the game must end without an exception.

Some key paths legitimately leave the app (escape to the title screen, then "Quit" picked in
its menu): the monkey then starts a new app and carries on with the rest of its keys."""

from __future__ import annotations

import random

import pytest
from textual import events
from ui_helpers import settle, sync

# every key a player might hit, except those that quit at once (q, ctrl+q, ctrl+c) and the
# palette (where typed letters could pick "Quit"): those have their own tests
KEYS = list("abcdefghijklmnoprstuvwxyz0123456789") + [
    "enter", "escape", "tab", "shift+tab", "up", "down", "left", "right", "space", "question_mark",
    "ctrl+s", "ctrl+t", "ctrl+r", "pageup", "pagedown", "home", "end", "backspace", "full_stop",
] + ["e", "enter", "1", "2"] * 4  # lean on the turn loop and the dialogs
CHARS = {"space": " ", "question_mark": "?", "full_stop": "."}


# the classroom game, and the forty-turn standard one as the US, where AI offers, controls and
# sanctions' news come often (the queue of offers that once crashed the game has its own test in
# tests/ui/test_play.py: random keys seldom answer offers fast enough to hit it)
@pytest.mark.parametrize("scenario,power,seed", [("classroom-intro", "japan", 11), ("standard", "usa", 20)])
@sync
async def test_500_random_keys(make_app, make_session, scenario, power, seed):
    rng = random.Random(20251)
    keys = [rng.choice(KEYS) for _ in range(500)]
    done, apps = 0, 0
    while done < len(keys):
        apps += 1
        app = make_app(make_session(scenario, power, seed + apps))
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            while done < len(keys) and app.is_running:
                for key in keys[done:done + 10]:
                    char = CHARS.get(key, key if len(key) == 1 else None)
                    app._driver.send_message(events.Key(key, char))  # type: ignore[union-attr]
                done += 10
                await pilot.pause()
                await app.workers.wait_for_complete()
        assert app._exception is None  # type: ignore[attr-defined]
        assert app.return_code in (None, 0)
    assert apps < 10  # quitting stays rare: most keys land in a running game
