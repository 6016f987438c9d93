"""Snapshots (SVG) of every screen and modal at 80×24 and 120×40, on fixed seeds.

Update after a deliberate change with ``pytest tests/ui/test_snapshots.py --snapshot-update``
and look at the report (snapshot_report.html) before committing the new files.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from textual.widgets import Input
from ui_helpers import settle

from game.ui.dialogs import ResolvingScreen

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


def shot(snap_compare: Any, app: Any, size: tuple[int, int], keys: tuple[str, ...] = (),
         before: Callable[[Any], Any] | None = None) -> bool:
    async def run_before(pilot: Any) -> None:
        await settle(pilot)
        if before is not None:
            result = before(pilot)
            if hasattr(result, "__await__"):
                await result
            await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        for widget in pilot.app.screen.query(Input):
            widget.cursor_blink = False
        await settle(pilot)

    return snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_title(snap_compare, make_app, size):
    assert shot(snap_compare, make_app(), size)


@pytest.mark.parametrize("size", SIZES)
def test_new_game(snap_compare, make_app, size):
    assert shot(snap_compare, make_app(), size, ("n", "right", "down"))


@pytest.mark.parametrize("size", SIZES)
def test_load_dialog(snap_compare, make_app, make_session, size):
    s = make_session("classroom-intro", "usa", 5, autosave_keep=1)
    s.end_turn()
    s.save()
    assert shot(snap_compare, make_app(), size, ("l",))


@pytest.mark.parametrize("view", ["overview", "markets", "industry", "world", "cards", "news"])
@pytest.mark.parametrize("size", SIZES)
def test_views(snap_compare, make_app, make_session, size, view):
    s = make_session("standard", "japan", 7)
    s.submit({"action": "stockpile_buy", "mineral": "dytb", "weeks": 4})
    s.end_turn()
    key = str(["overview", "markets", "industry", "world", "cards", "news"].index(view) + 1)
    assert shot(snap_compare, make_app(s), size, (key,))


@pytest.mark.parametrize("size", SIZES)
def test_action_menu(snap_compare, make_app, make_session, size):
    assert shot(snap_compare, make_app(make_session()), size, ("a",))


@pytest.mark.parametrize("size", SIZES)
def test_form_shows_the_engines_refusal(snap_compare, make_app, make_session, size):
    assert shot(snap_compare, make_app(make_session()), size, ("x",))


@pytest.mark.parametrize("size", SIZES)
def test_form_then_confirmation(snap_compare, make_app, make_session, size):
    assert shot(snap_compare, make_app(make_session()), size, ("b", "enter"))


@pytest.mark.parametrize("size", SIZES)
def test_news_asks_a_decision(snap_compare, make_app, make_session, size):
    assert shot(snap_compare, make_app(make_session("standard", "usa", 4)), size)


@pytest.mark.parametrize("size", SIZES)
def test_card_modal(snap_compare, make_app, make_session, size):
    assert shot(snap_compare, make_app(make_session()), size, ("5", "enter"))


@pytest.mark.parametrize("size", SIZES)
def test_offer_from_an_ai_power(snap_compare, make_app, make_session, size):
    s = make_session("classroom-intro", "japan", 3)
    while not s.offers():
        assert not s.game.is_over, "no offer came in this game: pick another seed"
        s.end_turn()
    pending = s.game.pending_choice("japan")
    if pending is not None:  # answer the news first: the offer is what this snapshot shows
        s.submit({"action": "choose", "card": pending.id, "choice": pending.choices[0].id})
    assert shot(snap_compare, make_app(s), size)


@pytest.mark.parametrize("size", SIZES)
def test_end_turn_progress(snap_compare, make_app, make_session, size):
    s = make_session()

    async def resolving(pilot: Any) -> None:
        screen = ResolvingScreen(s, start=False)
        await pilot.app.push_screen(screen)
        await pilot.pause()
        screen.progress("China decides…", 0.25)

    assert shot(snap_compare, make_app(s), size, before=resolving)


@pytest.mark.parametrize("size", SIZES)
def test_turn_report(snap_compare, make_app, make_session, size):
    assert shot(snap_compare, make_app(make_session()), size, ("s", "enter", "y", "e"))


@pytest.mark.parametrize("size", SIZES)
def test_end_of_game(snap_compare, make_app, make_session, size):
    s = make_session("classroom-intro", "japan", 3)
    while not s.game.is_over:
        for offer in s.offers():
            s.answer_offer(offer["id"], False)
        s.end_turn()
    assert shot(snap_compare, make_app(s), size)


@pytest.mark.parametrize("size", SIZES)
def test_help(snap_compare, make_app, make_session, size):
    assert shot(snap_compare, make_app(make_session()), size, ("question_mark",))


@pytest.mark.parametrize("size", SIZES)
def test_quit_with_unsaved_progress(snap_compare, make_app, make_session, size):
    s = make_session()
    s.submit({"action": "research", "field": "recycling"})
    assert shot(snap_compare, make_app(s), size, ("q",))


@pytest.mark.parametrize("size", SIZES)
def test_tutorial(snap_compare, make_app, make_session, size):
    s = make_session("classroom-intro", "japan", 1)
    assert shot(snap_compare, make_app(s, extra={"tutorial": True}), size, ("2",))


@pytest.mark.parametrize("size", SIZES)
def test_light_theme(snap_compare, make_app, make_session, size):
    assert shot(snap_compare, make_app(make_session(), theme="terra-light"), size, ("2",))
