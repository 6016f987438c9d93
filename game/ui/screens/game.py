"""The game screen: status bar, view bar, the six views, the tutorial panel and the footer.
Every key comes from the command catalogue; every action goes through the session to the
engine, which alone decides what is allowed."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.widgets import ContentSwitcher, Footer, Static

from game.ui import catalogue
from game.ui.base import AppScreen
from game.ui.dialogs import (
    ActionForm,
    ActionMenu,
    Choice,
    DecisionModal,
    ResolvingScreen,
    confirm,
)
from game.ui.fmt import esc, hint
from game.ui.tutorial import Tutorial
from game.ui.views import VIEW_CLASSES, CardsView, MarketsView, View, card_markup
from game.ui.widgets import StatusBar, ViewBar

if TYPE_CHECKING:
    from game.ui.session import GameSession, TurnOutcome

PLAY_ACTIONS = {"act", "form", "play_card", "decide", "offers"}


class GameScreen(AppScreen):
    SCOPE = "game"
    BINDINGS = catalogue.bindings("game")
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (150, "-wide")]

    def __init__(self, session: GameSession, tutorial: bool = False, briefing: bool = False) -> None:
        super().__init__()
        self.session = session
        self.tutorial = Tutorial() if tutorial else None
        self.current = "overview"
        self.show_briefing_first = briefing  # a new game opens on the scenario's briefing

    # ------------------------------------------------------------------ layout
    def compose(self) -> ComposeResult:
        yield StatusBar(id="status")
        yield ViewBar(id="viewbar")
        with ContentSwitcher(initial="overview", id="views"):
            for vid, cls in VIEW_CLASSES.items():
                yield cls(self.session, id=vid)
        yield Static("", id="tutorial")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.refresh_all()
        self.update_tutorial()
        self.call_after_refresh(self._focus_view)
        if self.show_briefing_first:
            self.call_after_refresh(self._open_briefing, True)
        else:
            self.call_after_refresh(self.offer_pending_decision)

    # ------------------------------------------------------------------ briefing
    def action_briefing(self) -> None:
        self._open_briefing(False)

    def _open_briefing(self, at_start: bool) -> None:
        def closed(_: Any = None) -> None:
            if at_start:
                self.call_after_refresh(self.offer_pending_decision)

        self.app.push_screen(briefing_modal(self.session, at_start), closed)

    def on_resize(self) -> None:
        self.query_one(StatusBar).show(self.session)

    def view(self, vid: str | None = None) -> View:
        return self.query_one(f"#{vid or self.current}", View)

    def refresh_all(self) -> None:
        self.query_one(StatusBar).show(self.session)
        for v in self.query(View):
            v.stale = True
        self.view().update_view()

    def _focus_view(self) -> None:
        self.view().focus_main()

    # ------------------------------------------------------------------ tutorial
    def update_tutorial(self) -> None:
        panel = self.query_one("#tutorial", Static)
        if self.tutorial is None or not self.tutorial.active:
            panel.display = False
            return
        panel.display = True
        panel.update(f"[b $accent]{self.tutorial.progress}[/] {self.tutorial.text} "
                     + hint("(n: next tip)"))

    def tutorial_notice(self, kind: str, detail: str = "") -> None:
        if self.tutorial is not None and self.tutorial.notice(kind, detail):
            self.update_tutorial()

    def action_tutorial_next(self) -> None:
        if self.tutorial is not None and self.tutorial.active:
            self.tutorial.next()
            self.update_tutorial()

    # ------------------------------------------------------------------ views
    def action_show_view(self, vid: str) -> None:
        if vid not in VIEW_CLASSES:
            return
        self.current = vid
        self.query_one(ContentSwitcher).current = vid
        self.query_one(ViewBar).current = vid
        view = self.view()
        if view.stale:
            view.update_view()
        view.focus_main()
        self.tutorial_notice("view", vid)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        game = self.session.game
        if action in PLAY_ACTIONS and game.is_over:
            return False
        if action == "tutorial_next":
            return self.tutorial is not None and self.tutorial.active
        return True

    # ------------------------------------------------------------------ actions
    def action_act(self) -> None:
        self.app.push_screen(ActionMenu(), self._menu_chosen)

    def _menu_chosen(self, kind: str | None) -> None:
        if kind == "card":
            self.action_play_card()
        elif kind:
            self.action_form(kind)

    def action_form(self, kind: str) -> None:
        mineral = stage = None
        if self.current == "markets":
            mineral, stage = self.query_one(MarketsView).selected
        self.app.push_screen(ActionForm(self.session, kind, mineral, stage), self._acted)

    def _acted(self, event: dict[str, Any] | None) -> None:
        if not event:
            return
        self.notify(esc(event.get("text", "Done.")), title="Done", timeout=4)
        self.refresh_all()
        self.tutorial_notice("action", str(event.get("action", "")))

    def action_play_card(self) -> None:
        game = self.session.game
        hand = game.hand(self.session.power)
        if not hand:
            self.notify("Your hand is empty: new cards come each turn.", severity="warning")
            return
        card = self.query_one(CardsView).selected_card if self.current == "cards" else None
        if card is None and self.current != "cards":
            self.action_show_view("cards")
            card = self.query_one(CardsView).selected_card
        card = card or hand[0]
        self.app.push_screen(card_modal(self.session, card), self._card_played)

    def _card_played(self, result: str | None) -> None:
        if result:
            self.notify(esc(self._last_event_text()), title="Card played", timeout=4)
            self.refresh_all()
            self.tutorial_notice("action", "play_card")

    def _last_event_text(self) -> str:
        events = [e for e in self.session.game.state.events if e.get("type") == "action"]
        return events[-1]["text"] if events else "Done."

    def action_decide(self) -> None:
        pending = self.session.game.pending_choice(self.session.power)
        if pending is None:
            self.notify("Nothing to decide this turn.", timeout=3)
            return
        self.app.push_screen(news_modal(self.session, pending, ask=True), self._decided)

    def _decided(self, result: str | None) -> None:
        if result:
            self.notify(esc(self._last_event_text()), title="Decided", timeout=4)
            self.refresh_all()
            self.tutorial_notice("action", "choose")

    def action_headline(self) -> None:
        game = self.session.game
        card = game.headline
        if card is None or game.is_over:
            self.notify("No headline this turn.", timeout=3)
            return
        ask = game.pending_choice(self.session.power) is not None
        self.app.push_screen(news_modal(self.session, card, ask=ask), self._decided)

    def offer_pending_decision(self) -> None:
        """At the start of a turn, a headline that asks the player opens by itself."""
        game = self.session.game
        if game.is_over or self.app.screen is not self:
            return
        pending = game.pending_choice(self.session.power)
        if pending is not None:
            self.app.push_screen(news_modal(self.session, pending, ask=True), self._decided)
            return
        self.offer_offers()

    def action_offers(self) -> None:
        if not self.session.offers():
            self.notify("No offers are waiting for you.", timeout=3)
            return
        self.offer_offers()

    def offer_offers(self) -> None:
        """Offers from AI powers arrive as decisions to accept or refuse."""
        from game.engine.actions import IllegalAction

        offers = self.session.offers()
        if not offers or self.app.screen is not self:
            return
        offer = offers[0]
        game = self.session.game

        def answer(choice: str) -> str | None:
            try:
                self.session.answer_offer(offer["id"], choice == "accept")
            except IllegalAction as exc:
                return str(exc)
            return None

        def done(result: str | None) -> None:
            self.refresh_all()
            if result:
                self.call_after_refresh(self.offer_offers)

        sender = offer.get("from", "?")
        who = game.content.nations[game.world.nidx[sender]].name if sender in game.world.nidx else str(sender)
        more = f"\n\n{hint(f'{len(offers) - 1} more offer(s) after this one.')}" if len(offers) > 1 else ""
        body = (f"{esc(who)} proposes: [b]{esc(offer.get('summary', ''))}[/]\n\n"
                + hint("Accepting binds you: breaking an agreement later costs reputation. An offer left "
                       "unanswered lapses at the end of the next turn; o shows the offers again.") + more)
        self.app.push_screen(DecisionModal(
            f"An offer from {who}", body,
            [Choice("accept", "Accept", variant="primary"), Choice("refuse", "Refuse")],
            act=answer, cancel_label="Later", kind="offer"), done)

    # ------------------------------------------------------------------ the turn
    def action_end_turn(self) -> None:
        game = self.session.game
        if game.is_over:
            self.app.show_end(self.session)  # type: ignore[attr-defined]
            return
        pending = game.pending_choice(self.session.power)
        if pending is not None:
            self.app.push_screen(confirm(
                "End the turn without answering the news?",
                f"'{esc(pending.title)}' asks you to choose. If you do not, the first choice you can "
                "afford is taken for you.", yes="End the turn", no="Back to decide"), self._end_anyway)
            return
        self._resolve()

    def _end_anyway(self, answer: str | None) -> None:
        if answer == "yes":
            self._resolve()
        else:
            self.action_decide()

    def _resolve(self) -> None:
        self.app.push_screen(ResolvingScreen(self.session, then=self._show_report), self._failed)

    def _failed(self, problem: str | None) -> None:
        self.notify(esc(problem or "The turn could not be resolved."), severity="error", timeout=8)

    def _show_report(self, outcome: TurnOutcome) -> None:
        """The report replaces the progress screen at once; the views are redrawn when the
        report closes (_report_closed), not behind it."""
        from game.ui.screens.report import TurnReportScreen

        if outcome.autosave_error:
            self.notify(esc(outcome.autosave_error), severity="warning", timeout=6)
        self.app.switch_screen(TurnReportScreen(self.session, outcome, on_close=self._report_closed))

    def _report_closed(self, _: Any = None) -> None:
        self.tutorial_notice("turn")
        self.refresh_all()
        game = self.session.game
        if game.is_over:
            self.app.show_end(self.session)  # type: ignore[attr-defined]
            return
        if game.turn == game.turns:
            self.notify(f"The game ends when this quarter ({game.date_label()}) resolves: objectives still "
                        "open are settled then.", title="Last turn", timeout=8)
        self.call_after_refresh(self.offer_pending_decision)

    # ------------------------------------------------------------------ game
    def action_save(self) -> None:
        self.app.save_session(self.session)  # type: ignore[attr-defined]
        self.query_one(StatusBar).show(self.session)

    def action_load(self) -> None:
        self.app.action_load()  # type: ignore[attr-defined]

    def action_main_menu(self) -> None:
        self.app.leave_game(then="title")  # type: ignore[attr-defined]


def card_modal(session: GameSession, card: Any) -> DecisionModal:
    """A policy card from the hand: its text, effects, choices and sources; playing it is the
    confirmation (the cost is paid and the card is discarded)."""
    from game.engine.actions import IllegalAction
    from game.sim.briefing import cost_text

    def play(choice_id: str) -> str | None:
        action: dict[str, Any] = {"action": "play_card", "card": card.id}
        if choice_id != "play":
            action["choice"] = choice_id
        try:
            session.submit(action)
        except IllegalAction as exc:
            return str(exc)
        return None

    if card.choices:
        choices = [Choice(c.id, c.label, variant="primary") for c in card.choices]
    else:
        choices = [Choice("play", f"Play ({cost_text(card.cost.treasury, card.cost.political_capital)})",
                          variant="primary")]
    body = (card_markup(session, card, show_title=False) + "\n\n"
            + hint("Playing is final: the cost is paid and the card discarded."))
    return DecisionModal(card.title, body, choices, act=play, cancel_label="Keep it", kind="card")


def news_modal(session: GameSession, card: Any, ask: bool) -> DecisionModal:
    """This turn's news card; when it asks the player, its choices answer it."""
    from game.engine.actions import IllegalAction

    def choose(choice_id: str) -> str | None:
        try:
            session.submit({"action": "choose", "card": card.id, "choice": choice_id})
        except IllegalAction as exc:
            return str(exc)
        return None

    game = session.game
    news = next((e["text"] for e in game.state.events if e.get("type") == "headline" and e.get("card") == card.id),
                None)
    body = card_markup(session, card, show_title=False)
    if news and news.strip() != card.title.strip():
        body = f"[b]What happened:[/] {esc(news)}\n\n" + body
    if ask:
        choices = [Choice(c.id, c.label, variant="primary") for c in card.choices]
        body += "\n\n" + hint("The news asks you to choose; it is final.")
        return DecisionModal(f"News: {card.title}", body, choices, act=choose, cancel_label="Decide later",
                             kind="news")
    return DecisionModal(f"News: {card.title}", body, [], cancel_label="Close", kind="news")


def briefing_modal(session: GameSession, at_start: bool) -> DecisionModal:
    """The scenario's briefing: the world, the player's objectives with their deadlines and
    points, and the learning goals (game.sim.intro); at the start of a new game and on ``i``."""
    from game.sim.intro import objective_lines, scenario_intro

    game = session.game
    intro = scenario_intro(game.content, game.scenario, session.power)
    parts = [f"[b]{esc(intro.span)}.[/] You lead [b]{esc(intro.power)}[/].",
             "[b]Your objectives[/]\n" + "\n".join(f"• {esc(line)}" for line in objective_lines(intro)),
             esc(intro.text)]
    if intro.learning_goals:
        parts.append("[b]Learning goals[/]\n" + "\n".join(f"• {esc(g)}" for g in intro.learning_goals))
    parts.append(hint("You are ranked on the gain of your power index plus objective points, less your "
                      "seat's par. i shows this briefing again at any time."))
    return DecisionModal(f"Briefing: {intro.name}", "\n\n".join(parts), [],
                         cancel_label="Start playing" if at_start else "Close", kind="briefing")
