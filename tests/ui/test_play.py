"""Playing with the keys: a whole classroom game from the title screen, and what a player
sees and can do on the way (forms, refusals, confirmations, saves, quitting, help, themes)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Footer, Input
from ui_helpers import screen_text, settle, sync

from game.ui import catalogue
from game.ui.dialogs import ActionForm, ConfirmModal, DecisionModal, HelpScreen, LoadDialog
from game.ui.screens.endgame import EndGameScreen
from game.ui.screens.game import GameScreen
from game.ui.screens.report import TurnReportScreen
from game.ui.screens.title import NewGameScreen, TitleScreen


async def press(pilot, *keys: str) -> None:
    for key in keys:
        await pilot.press(key)
        await settle(pilot)


@sync
async def test_whole_classroom_game_with_keys_only(make_app, content):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, TitleScreen)
        await press(pilot, "n")
        assert isinstance(app.screen, NewGameScreen)
        await press(pilot, "right")  # standard -> classroom-intro
        assert "Who Holds the Magnets?" in screen_text(app)
        assert "Your objectives:" in screen_text(app)  # listed on the setup screen, not only counted
        await press(pilot, "enter")
        # a new game opens on the scenario's briefing, then the game
        assert isinstance(app.screen, DecisionModal) and app.screen.kind == "briefing"
        assert "Your objectives" in screen_text(app) and "Start playing" in screen_text(app)
        await press(pilot, "escape")
        assert isinstance(app.screen, GameScreen)
        session = app.session
        assert (session.game.scenario, session.power, session.game.seed) == ("classroom-intro", "japan", 2025)
        assert "2025 Q1 · turn 1/10" in screen_text(app)

        # turn 1: order Dy/Tb for the stockpile through the form, with its confirmation
        await press(pilot, "s")
        assert isinstance(app.screen, ActionForm)
        assert "✔ allowed now" in screen_text(app)
        await press(pilot, "enter")
        assert isinstance(app.screen, ConfirmModal)
        await press(pilot, "y")
        assert isinstance(app.screen, GameScreen)
        assert session.actions_this_turn() == [{"action": "stockpile_buy", "mineral": "dytb", "stage": "refined",
                                                "weeks": 4.0}]
        turns_seen = []
        while not session.game.is_over:
            turn = session.game.turn
            while isinstance(app.screen, DecisionModal):  # news to answer, offers to accept or refuse
                await press(pilot, "1" if app.screen.kind == "news" else "2")
            assert isinstance(app.screen, GameScreen), app.screen
            assert f"turn {turn}/10" in screen_text(app)
            await press(pilot, "e")
            assert isinstance(app.screen, TurnReportScreen)
            text = screen_text(app)
            assert f"Turn report · {session.game.date_label(turn)} · turn {turn} of 10" in text
            turns_seen.append(turn)
            await press(pilot, "enter")
            if turn == 9:  # the report of the last but one closes on a notice of the last turn
                assert any(n.title == "Last turn" for n in app._notifications), list(app._notifications)
        assert turns_seen == list(range(1, 11))
        assert isinstance(app.screen, EndGameScreen)
        text = screen_text(app)
        assert "Ranking" in text and "Your score: Japan" in text
        for name in ("China", "United States", "European Union", "Japan"):
            assert name in text
        await press(pilot, "ctrl+s")
        assert session.last_save is not None and session.last_save.is_file()
    from game.cli import main

    assert main(["replay", str(session.last_save), "--verify"]) == 0


@sync
async def test_forms_show_the_engines_message_and_need_confirmation(make_app, make_session):
    session = make_session()
    app = make_app(session)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "x")
        assert "✘ japan produces no dytb refined to control" in screen_text(app)
        await press(pilot, "enter")  # refused: nothing happens, the form stays
        assert isinstance(app.screen, ActionForm) and session.actions_this_turn() == []
        await press(pilot, "escape", "b", "enter")
        assert isinstance(app.screen, ConfirmModal)
        await press(pilot, "n")  # back to the form, nothing done
        assert isinstance(app.screen, ActionForm) and session.actions_this_turn() == []
        await press(pilot, "enter", "enter")  # confirm with enter on "Do it"
        assert isinstance(app.screen, GameScreen)
        assert session.actions_this_turn() == [{"action": "build_refinery", "mineral": "dytb"}]
        assert "●" in screen_text(app).splitlines()[0]  # unsaved progress marked in the status bar


@sync
async def test_stockpile_amount_is_typed_and_checked(make_app, make_session):
    session = make_session()
    app = make_app(session)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "s", "down", "down", "down", "down")
        field = app.screen.query_one("#f-amount", Input)
        assert field.has_focus
        await press(pilot, "backspace", "9", "9")
        assert "one quarter's orders are limited to 26 weeks of use" in screen_text(app)


@sync
async def test_card_play_and_news_decision(make_app, make_session):
    session = make_session("standard", "usa", 4)  # the news asks the US to choose on turn 1
    app = make_app(session)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, DecisionModal) and app.screen.kind == "news"
        assert "Sources" not in screen_text(app)
        await press(pilot, "pagedown")
        assert "Sources" in screen_text(app)
        await press(pilot, "escape")  # decide later
        assert session.game.pending_choice("usa") is not None
        await press(pilot, "d", "2")
        assert session.game.pending_choice("usa") is None
        hand = session.game.hand("usa")
        await press(pilot, "5", "enter")
        assert app.screen.kind == "card"
        await press(pilot, "1")
        played = [a for a in session.actions_this_turn() if a["action"] == "play_card"]
        assert played and played[0]["card"] == hand[0].id


@sync
async def test_end_turn_with_a_decision_open_asks_first(make_app, make_session):
    session = make_session("standard", "usa", 4)
    app = make_app(session)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "escape", "e")
        assert isinstance(app.screen, ConfirmModal)
        assert "first choice you can afford" in screen_text(app)
        await press(pilot, "y")
        assert isinstance(app.screen, TurnReportScreen) and session.game.turn == 2


@sync
async def test_save_load_and_quit_questions(make_app, make_session, content):
    session = make_session("classroom-intro", "eu", 8)
    session.submit({"action": "research", "field": "recycling"})
    app = make_app(session)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "q")
        assert app.screen.kind == "quit" and "unsaved progress" in screen_text(app)
        await press(pilot, "escape")  # stay
        assert isinstance(app.screen, GameScreen) and app.is_running
        await press(pilot, "ctrl+s")
        saved = Path("saves/classroom-intro-eu-seed8-turn01.json")
        assert saved.is_file() and not session.dirty
        await press(pilot, "l")
        assert isinstance(app.screen, LoadDialog)
        assert "classroom-intro · eu · 2025 Q1 · turn 1/10" in screen_text(app)
        await press(pilot, "enter")
        assert isinstance(app.screen, GameScreen) and app.session is not session
        assert app.session.game.state_hash() == session.game.state_hash()
        await press(pilot, "q")  # nothing unsaved: quits at once
        assert not app.is_running


@sync
async def test_quit_modal_can_save_first(make_app, make_session):
    session = make_session("classroom-intro", "usa", 2)
    session.submit({"action": "research", "field": "refining"})
    app = make_app(session)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "escape")  # main menu: asks, like quitting
        assert app.screen.kind == "quit"
        await press(pilot, "1")
        assert isinstance(app.screen, TitleScreen)
        assert Path("saves/classroom-intro-usa-seed2-turn01.json").is_file()
        assert "classroom-intro · usa · 2025 Q1 · turn 1" in screen_text(app)  # the title offers to continue it


@sync
async def test_help_lists_every_binding_of_the_catalogue(make_app, make_session):
    app = make_app(make_session())
    async with app.run_test(size=(120, 60)) as pilot:
        await settle(pilot)
        await press(pilot, "question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = ""
        for _ in range(6):  # read it all, a page at a time
            text += screen_text(app)
            await press(pilot, "pagedown")
        for command in catalogue.COMMANDS:
            assert f"{command.keys_shown}  {command.name} · {command.description}" in text, command
        await press(pilot, "escape")
        # the game screen's bindings are exactly the catalogue's
        game_keys = {b.key for b in GameScreen.BINDINGS}
        assert game_keys == {c.key for c in catalogue.commands_for("game")}
        footer = screen_text(app).splitlines()[-1]
        for c in catalogue.commands_for("game") + catalogue.commands_for("app"):
            if c.footer:
                assert f"{c.keys_shown} {c.name}" in footer
        assert app.screen.query_one(Footer)


@sync
async def test_palette_finds_catalogue_commands(make_app, make_session):
    session = make_session()
    app = make_app(session)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "ctrl+p")
        for ch in "research":
            await pilot.press(ch)
        await settle(pilot)
        assert "Research  (r)" in screen_text(app)
        await press(pilot, "enter")
        assert isinstance(app.screen, ActionForm) and app.screen.kind == "research"


@sync
async def test_theme_toggle_and_mouse(make_app, make_session):
    app = make_app(make_session())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.theme == "terra-dark"
        await press(pilot, "ctrl+t")
        assert app.theme == "terra-light"
        await pilot.click("#viewbar", offset=(15, 0))  # the "2 Markets" tab
        await settle(pilot)
        assert app.screen.current == "markets"
        await pilot.click("#viewbar", offset=(60, 0))  # "6 News"
        await settle(pilot)
        assert app.screen.current == "news"


@pytest.mark.parametrize("size", [(80, 24), (200, 60)])
@sync
async def test_nothing_needs_sideways_scrolling(make_app, make_session, size):
    """At 80×24 every view fits its width (no line cut, no horizontal scroll); at 200×60
    the wide layout puts columns side by side."""
    session = make_session()
    session.end_turn()
    app = make_app(session)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        for key in "123456":
            await press(pilot, key)
            for widget in app.screen.query("*"):
                if widget.display and widget.is_scrollable and widget.size.width:
                    assert widget.max_scroll_x == 0, (key, widget)
            for line in screen_text(app).splitlines():
                assert len(line.rstrip()) <= size[0]
        assert app.screen.has_class("-wide") == (size[0] >= 150)


@sync
async def test_tutorial_walks_the_first_turn(make_app, workdir):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "t")
        assert isinstance(app.screen, GameScreen) and app.session.game.scenario == "classroom-intro"
        assert "Tutorial 1/8" in screen_text(app)
        await press(pilot, "2")
        assert "Tutorial 2/8" in screen_text(app)
        await press(pilot, "3", "s", "enter", "y")
        assert "Tutorial 4/8" in screen_text(app)
        await press(pilot, "5", "e", "enter")
        while isinstance(app.screen, DecisionModal):
            await press(pilot, "2")
        assert "Tutorial 6/8" in screen_text(app)
        await press(pilot, "n", "n", "n")
        assert "Tutorial" not in screen_text(app)


@sync
async def test_offers_one_after_another_open_without_a_crash(make_app, make_session):
    """Several AI offers wait at the start of a turn: answering one opens the next while the last
    dialog is still being taken down.  Both used to carry the same widget id and the game died
    with DuplicateIds (found playing the US, seed 21, in tmux)."""
    session = make_session("standard", "usa", 7)
    while len(session.offers()) < 2:
        session.end_turn()
    pending = session.game.pending_choice("usa")
    if pending is not None:
        session.submit({"action": "choose", "card": pending.id, "choice": pending.choices[0].id})
    waiting = len(session.offers())
    app = make_app(session)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        answered = 0
        while isinstance(app.screen, DecisionModal) and app.screen.kind == "offer":
            await pilot.press("2")  # refuse, and at once the next offer opens
            answered += 1
        await settle(pilot)
        assert answered == waiting and not session.offers()
        assert isinstance(app.screen, GameScreen)


@sync
async def test_an_internal_error_leaves_a_message_and_a_crash_log_not_a_traceback(make_app, make_session, capsys):
    """Should a bug reach the top, the player reads what happened, where the last save is and
    where the details went (saves/crash.log), instead of a screen of traceback."""
    session = make_session("classroom-intro", "japan", 3)
    app = make_app(session)
    with pytest.raises(ZeroDivisionError):
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            saved = session.autosave()
            app.call_later(lambda: 1 / 0)
            await pilot.pause()
            await pilot.pause()
    assert app.return_code == 1
    message = " ".join(capsys.readouterr().err.split())  # as printed on leaving, lines joined
    assert message.startswith("Terra Rara stopped on an internal error: ZeroDivisionError: division by zero")
    assert f"terra-rara play --load {saved}" in message and "saves/crash.log" in message
    assert "Traceback" not in message
    log = Path("saves/crash.log").read_text()
    assert "classroom-intro as japan, seed 3, turn 1" in log and "ZeroDivisionError" in log


@sync
async def test_a_new_game_opens_on_its_briefing_and_i_brings_it_back(make_app, content):
    """classroom-intro's briefing, Japan's objectives with their deadlines and points, and the
    learning goals: shown at turn 1 (on eab9740 only a test ever read them) and on i."""
    from game.ui.app import NewGame

    sc = content.scenarios["classroom-intro"]
    app = make_app(start=NewGame("classroom-intro", "japan", 5, "normal"))
    async with app.run_test(size=(120, 60)) as pilot:
        for _ in range(100):
            await settle(pilot)
            if isinstance(app.screen, DecisionModal):
                break
        assert isinstance(app.screen, DecisionModal) and app.screen.kind == "briefing"
        body = " ".join(app.screen.body_text.split())
        assert " ".join(sc.briefing.split())[:60] in body
        for obj in sc.objectives["japan"]:
            assert " ".join(obj.text.split()) in body
        assert f"{sc.objectives['japan'][0].points:g} points, judged on the last turn, 2027 Q2" in body
        for goal in sc.learning_goals:
            assert goal in body
        await press(pilot, "escape")
        while isinstance(app.screen, DecisionModal):  # the news and offers that open the turn
            await press(pilot, "escape")
        assert isinstance(app.screen, GameScreen)
        await press(pilot, "i")
        assert isinstance(app.screen, DecisionModal) and app.screen.kind == "briefing"
        assert "Close" in screen_text(app)
