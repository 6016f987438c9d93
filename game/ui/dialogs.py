"""Modal dialogs: a generic decision (event cards, card plays, confirmations, and later offers
from other powers), the action menu and forms, the load dialog, the end-turn progress and
the help screen.  Forms send action dicts to the engine and show its own messages."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, OptionList, ProgressBar, Static
from textual.widgets.option_list import Option

from game.ui.base import AppModal
from game.ui.catalogue import SCOPES, commands_for
from game.ui.fmt import esc, heading, hint
from game.ui.widgets import ChoiceField

if TYPE_CHECKING:
    from game.ui.session import GameSession, SaveInfo


# =========================================================================== decisions


@dataclass
class Choice:
    id: str
    label: str
    detail: str = ""  # markup
    variant: str = "default"


class DecisionModal(AppModal[str | None]):
    """A question with options, each one key (1–9) and one click away.

    ``act(option_id)`` may carry the choice out and return an error message (the engine's
    IllegalAction, shown verbatim) to keep the dialog open; ``None`` closes it.  ``escape``
    closes it without choosing when ``can_cancel``.
    """

    SCOPE = "modal"
    BINDINGS = [Binding("escape", "cancel", "Close", show=False),
                Binding("down", "app.focus_next", show=False), Binding("up", "app.focus_previous", show=False),
                Binding("pagedown,space", "scroll_body(1)", show=False),
                Binding("pageup", "scroll_body(-1)", show=False)] + \
               [Binding(str(i), f"pick({i})", show=False) for i in range(1, 10)]

    def __init__(self, title: str, body: str, choices: list[Choice], *, act: Callable[[str], str | None] | None = None,
                 can_cancel: bool = True, cancel_label: str = "Close", kind: str = "") -> None:
        # no widget id: a dialog of the same kind may open while the last one is still being
        # removed (the next offer after an answer), and Textual refuses two screens with one id
        super().__init__()
        self.kind = kind  # news, offer, card, quit: what the dialog is about
        self.title_text = title
        self.body_text = body
        self.choices = choices
        self.act = act
        self.can_cancel = can_cancel
        self.cancel_label = cancel_label

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(f"[b]{esc(self.title_text)}[/]", classes="dialog-title")
            with VerticalScroll(classes="dialog-body"):
                yield Static(self.body_text, id="decision-body")
            yield Static("", id="decision-error", classes="error")
            yield Static(hint("pgdn/pgup scroll · " + ("1–9 choose · " if self.choices else "") + "esc closes"),
                         classes="dialog-foot")
            stacked = len(self.choices) > 2 or sum(len(c.label) + 4 for c in self.choices) > 44
            with (Vertical(classes="buttons stacked") if stacked else Horizontal(classes="buttons")):
                for i, c in enumerate(self.choices, start=1):
                    yield Button(f"{i} {c.label}", id=f"choice-{i}", variant=c.variant, compact=True)  # type: ignore[arg-type]
                if self.can_cancel:
                    yield Button(f"esc {self.cancel_label}", id="choice-cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#decision-error", Static).display = False
        self.query(Button).first().focus()

    def action_scroll_body(self, direction: int) -> None:
        body = self.query_one(".dialog-body", VerticalScroll)
        if direction > 0:
            body.scroll_page_down()
        else:
            body.scroll_page_up()

    def action_pick(self, number: int) -> None:
        if 1 <= number <= len(self.choices):
            self._choose(self.choices[number - 1].id)

    def action_cancel(self) -> None:
        if self.can_cancel:
            self.dismiss(None)

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        event.stop()
        bid = event.button.id or ""
        if bid == "choice-cancel":
            self.action_cancel()
        elif bid.startswith("choice-"):
            self.action_pick(int(bid.split("-")[1]))

    def _choose(self, choice_id: str) -> None:
        if self.act is not None:
            problem = self.act(choice_id)
            if problem:
                error = self.query_one("#decision-error", Static)
                error.update(f"✘ {esc(problem)}")
                error.display = True
                return
        self.dismiss(choice_id)


class ConfirmModal(DecisionModal):
    """A yes/no question: 1, y or ⏎ on the first button says yes; n or esc says no."""

    BINDINGS = [Binding("y", "pick(1)", show=False), Binding("n", "cancel", show=False)]


def confirm(title: str, body: str, yes: str = "Yes", no: str = "No") -> DecisionModal:
    return ConfirmModal(title, body, [Choice("yes", yes, variant="primary")], cancel_label=no)


# =========================================================================== actions

ACTION_KINDS = (
    ("build", "b", "Build", "Open or expand a mine; build a refinery"),
    ("research", "r", "Research", "Fund a research programme this quarter"),
    ("stockpile", "s", "Stockpile", "Buy for, or release from, your stockpile"),
    ("export_control", "x", "Export control", "Licence, quota or ban what you export"),
    ("tariff", "t", "Tariff", "Tax imports from one nation"),
    ("subsidy", "u", "Subsidy", "Pay a share of your own output's value"),
    ("card", "p", "Play a card", "From your hand of policy cards"),
    ("deal", "f", "Propose a deal", "Contracts, clubs, technology, a summit"),
    ("joint_venture", "j", "Joint venture", "Co-own a mine or refinery abroad"),
    ("corridor", "k", "Corridor", "Cheaper trade with a producer state"),
    ("sanction", "z", "Sanctions", "Block trade with another power"),
    ("contribute", "g", "Alliance stock", "Give to your alliance's joint stockpile"),
    ("cancel", "c", "Cancel agreement", "Leave an agreement in force"),
)


class ActionMenu(AppModal[str | None]):
    """Every action, one key each."""

    BINDINGS = [Binding("escape", "dismiss(None)", show=False)] + [
        Binding(key, f"choose('{kind}')", show=False) for kind, key, _, _ in ACTION_KINDS]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog narrow"):
            yield Static("[b]Act[/] [$text-muted]· actions are paid now and resolve with the quarter[/]",
                         classes="dialog-title")
            yield OptionList(*[Option(f"[b $accent]{key}[/] {esc(name):<17}[$text-muted]{esc(desc)}[/]", id=kind)
                               for kind, key, name, desc in ACTION_KINDS], id="action-menu")
            yield Static(hint("⏎ or the key opens the form · esc closes"), classes="dialog-foot")

    def action_choose(self, kind: str) -> None:
        self.dismiss(kind)

    @on(OptionList.OptionSelected)
    def selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)


FORM_TITLES = {
    "build": ("Build", "New mines need reserves and a social licence of 20; refineries need ore to buy. "
                       "Projects take years and cannot be cancelled."),
    "research": ("Research", "A programme costs money this quarter and may raise one technology a level."),
    "stockpile": ("Stockpile", "Weeks of stock buy time in a squeeze. Orders settle at the quarter's price."),
    "export_control": ("Export control", "Controls let your buyers get only part of what they would buy. "
                                         "Stricter ones raise tension and sour relations."),
    "tariff": ("Tariff", "A tax on imports of one market from one nation; raising it angers the exporter."),
    "subsidy": ("Subsidy", "Pays a share of the value of your own output of one market (at most 50%)."),
    "deal": ("Propose a deal", "The other power answers on its own interests, this turn or the next; "
                               "an offer left unanswered lapses."),
    "joint_venture": ("Joint venture", "Co-own a new mine or refinery in a producer state. The host keeps "
                                       "a stake and must lean your way."),
    "corridor": ("Corridor", "Fund a trade corridor to a producer state: cheaper landed costs from there."),
    "sanction": ("Sanctions", "Block trade both ways with another power; it raises tension."),
    "contribute": ("Alliance stockpile", "Give part of your stockpile to your alliance's joint stockpile."),
    "cancel": ("Cancel an agreement", "Leaving an agreement early, or breaking a contract, costs reputation."),
}
DEAL_KINDS = (("offtake contract", "offtake"), ("alliance (pooled buying)", "alliance"),
              ("insurance pool", "insurance"), ("certification regime", "certification"),
              ("technology transfer", "tech_transfer"), ("joint research", "joint_research"),
              ("summit", "summit"))
DEAL_FIELDS = {"offtake": ("f-mineral", "f-stage", "f-role", "f-volume", "f-price", "f-years"),
               "tech_transfer": ("f-field", "f-tprice"), "joint_research": ("f-field",), "alliance": ("f-rule",)}

BUILD_KINDS = (("new mine", "build_mine"), ("mine expansion", "expand_mine"), ("refinery", "build_refinery"))
STOCK_KINDS = (("buy", "stockpile_buy"), ("release", "stockpile_release"))
STOCK_UNITS = (("weeks of use", "weeks"), ("tonnes", "amount"))
LEVELS = (("licence (75% of trade)", "licence"), ("quota (50%)", "quota"), ("ban (none)", "ban"),
          ("none (lift)", "none"))
TARIFF_RATES = tuple((f"{r}%", r / 100) for r in (0, 5, 10, 15, 20, 25, 30, 40, 50, 75, 100))
SUBSIDY_RATES = tuple((f"{r}%", r / 100) for r in (0, 5, 10, 15, 20, 25, 30, 40, 50))


class ActionForm(AppModal[dict[str, Any] | None]):
    """A form for one kind of action: fields, a live check by the engine (its own message
    when the action is not allowed), and submit, which asks for confirmation first.
    Dismisses with the engine's event for the action carried out, or None."""

    BINDINGS = [
        Binding("escape", "dismiss(None)", "Cancel", show=False),
        Binding("enter", "submit", "Submit", show=False),
        Binding("down", "app.focus_next", show=False),
        Binding("up", "app.focus_previous", show=False),
    ]

    def __init__(self, session: GameSession, kind: str, mineral: str | None = None,
                 stage: str | None = None) -> None:
        super().__init__()
        self.session = session
        self.kind = kind
        self.preset_mineral = mineral
        self.preset_stage = stage

    # ------------------------------------------------------------------ layout
    def compose(self) -> ComposeResult:
        title, explain = FORM_TITLES[self.kind]
        with Vertical(classes="dialog"):
            yield Static(f"[b]{esc(title)}[/]", classes="dialog-title")
            yield Static(hint(explain), classes="dialog-explain")
            with Vertical(id="form-fields"):
                yield from self.fields()
            yield Static("", id="form-preview")
            yield Static("", id="form-check")
            with Horizontal(classes="buttons"):
                yield Button("⏎ Submit", id="form-submit", variant="primary", compact=True)
                yield Button("esc Cancel", id="form-cancel", compact=True)

    def fields(self) -> ComposeResult:
        game = self.session.game
        w = game.world
        me = self.session.power
        minerals = [(f"{m.short} · {m.name.split(' (')[0]}", m.id) for m in game.content.minerals]
        mineral = self.preset_mineral or _default_mineral(self.session)
        stages = (("refined", "refined"), ("ore", "ore"))
        if self.kind == "build":
            yield ChoiceField("Project", BUILD_KINDS, "build_refinery", id="f-what")
            yield ChoiceField("Mineral", minerals, mineral, id="f-mineral")
        elif self.kind == "research":
            fields = [(f.capitalize(), f) for f in ("extraction", "refining", "recycling", "substitution")]
            yield ChoiceField("Field", fields, "recycling", id="f-field")
        elif self.kind == "stockpile":
            yield ChoiceField("Order", STOCK_KINDS, "stockpile_buy", id="f-what")
            yield ChoiceField("Mineral", minerals, mineral, id="f-mineral")
            yield ChoiceField("Stage", stages, self.preset_stage or "refined", id="f-stage")
            yield ChoiceField("Amount in", STOCK_UNITS, "weeks", id="f-unit")
            with Horizontal(classes="field-row"):
                yield Static("Amount", classes="field-label")
                yield Input("4", id="f-amount", compact=True, restrict=r"[0-9.]*", max_length=12)
        elif self.kind in ("export_control", "tariff", "subsidy"):
            yield ChoiceField("Mineral", minerals, mineral, id="f-mineral")
            yield ChoiceField("Stage", stages, self.preset_stage or "refined", id="f-stage")
            others = [(w.content.nations[w.nidx[n]].name, n) for n in w.nation_ids if n != me]
            if self.kind == "export_control":
                yield ChoiceField("Target", [("all buyers", "all")] + others, "all", id="f-target")
                yield ChoiceField("Level", LEVELS, "licence", id="f-level")
            elif self.kind == "tariff":
                exporters = [(name, n) for name, n in others]
                yield ChoiceField("From", exporters, _default_exporter(self.session, mineral), id="f-target")
                yield ChoiceField("Rate", TARIFF_RATES, 0.1, id="f-rate")
            else:
                yield ChoiceField("Rate", SUBSIDY_RATES, 0.1, id="f-rate")
        elif self.kind == "deal":
            yield from self.deal_fields(minerals)
        elif self.kind in ("joint_venture", "corridor"):
            producers = [(n.name, n.id) for n in game.content.nations if n.kind == "producer"]
            yield ChoiceField("Host", producers, producers[0][1], id="f-host")
            if self.kind == "joint_venture":
                yield ChoiceField("Mineral", minerals, mineral, id="f-mineral")
                yield ChoiceField("Stage", (("ore (a mine)", "ore"), ("refined (a refinery)", "refined")),
                                  self.preset_stage or "ore", id="f-stage")
        elif self.kind == "sanction":
            others = [(w.content.nations[w.nidx[p]].name, p) for p in game.powers if p != me]
            yield ChoiceField("On", others, others[0][1], id="f-target")
        elif self.kind == "contribute":
            yield ChoiceField("Mineral", minerals, mineral, id="f-mineral")
            yield ChoiceField("Weeks", tuple((f"{x} weeks of your use", float(x)) for x in (1, 2, 4, 8, 13)), 4.0,
                              id="f-weeks")
        elif self.kind == "cancel":
            agreements = getattr(game, "agreements", lambda p: [])(me)
            options = [(str(a.get("summary", a.get("kind")))[:60], a.get("id")) for a in agreements]
            yield ChoiceField("Agreement", options or [("(none in force)", None)], None, id="f-agreement")

    def deal_fields(self, minerals: list[tuple[str, str]]) -> ComposeResult:
        game = self.session.game
        w = game.world
        others = [(w.content.nations[w.nidx[p]].name, p) for p in game.powers if p != self.session.power]
        yield ChoiceField("With", others, others[0][1], id="f-to")
        yield ChoiceField("Deal", DEAL_KINDS, "offtake", id="f-kind")
        yield ChoiceField("Mineral", minerals, self.preset_mineral or _default_mineral(self.session), id="f-mineral")
        yield ChoiceField("Stage", (("refined", "refined"), ("ore", "ore")), "refined", id="f-stage")
        yield ChoiceField("You", (("buy", "buy"), ("sell", "sell")), "buy", id="f-role")
        with Horizontal(classes="field-row", id="f-volume-row"):
            yield Static("Volume", classes="field-label")
            yield Input("100", id="f-volume", compact=True, restrict=r"[0-9.]*", max_length=12)
            yield Static(" t a year", classes="field-unit")
        yield ChoiceField("Price", tuple((f"{x:.2f}× the reference", x) for x in (0.8, 0.9, 1.0, 1.1, 1.25, 1.5)),
                          1.0, id="f-price")
        yield ChoiceField("Years", tuple((f"{x} years", float(x)) for x in (1, 2, 3, 5)), 3.0, id="f-years")
        fields = [(f.capitalize(), f) for f in ("extraction", "refining", "recycling", "substitution")]
        yield ChoiceField("Field", fields, "refining", id="f-field")
        yield ChoiceField("Price", tuple((f"${x:g} bn", x) for x in (0.0, 0.2, 0.5, 1.0)), 0.2, id="f-tprice")
        yield ChoiceField("Sharing", (("pro rata", "pro_rata"), ("by contribution", "by_contribution")), "pro_rata",
                          id="f-rule")

    def show_deal_fields(self) -> None:
        wanted = DEAL_FIELDS.get(self._value("f-kind"), ())
        for fid in ("f-mineral", "f-stage", "f-role", "f-volume", "f-price", "f-years", "f-field", "f-tprice",
                    "f-rule"):
            widget = self.query_one(f"#{fid}-row" if fid == "f-volume" else f"#{fid}")
            widget.display = fid in wanted

    def on_mount(self) -> None:
        if self.kind == "deal":
            self.show_deal_fields()
        self.query(ChoiceField).first().focus()
        self.check()

    # ------------------------------------------------------------------ the action
    def _value(self, fid: str) -> Any:
        found = self.query(f"#{fid}")
        if not found:
            return None
        widget = found.first()
        return widget.value

    def action(self) -> dict[str, Any]:
        k = self.kind
        if k == "build":
            return {"action": self._value("f-what"), "mineral": self._value("f-mineral")}
        if k == "research":
            return {"action": "research", "field": self._value("f-field")}
        if k == "stockpile":
            raw = (self._value("f-amount") or "").strip()
            try:
                amount: Any = float(raw)
            except ValueError:
                amount = raw
            return {"action": self._value("f-what"), "mineral": self._value("f-mineral"),
                    "stage": self._value("f-stage"), self._value("f-unit"): amount}
        if k == "deal":
            deal = self._value("f-kind")
            out: dict[str, Any] = {"action": "propose", "to": self._value("f-to"), "kind": deal}
            names = {"f-mineral": "mineral", "f-stage": "stage", "f-role": "role", "f-volume": "volume",
                     "f-price": "price", "f-years": "years", "f-field": "field", "f-tprice": "price", "f-rule": "rule"}
            for fid in DEAL_FIELDS.get(deal, ()):
                value = self._value(fid)
                if fid == "f-volume":
                    try:
                        value = float(value or "")
                    except ValueError:
                        pass
                out[names[fid]] = value
            return out
        if k == "joint_venture":
            return {"action": "joint_venture", "host": self._value("f-host"), "mineral": self._value("f-mineral"),
                    "stage": self._value("f-stage")}
        if k == "corridor":
            return {"action": "corridor", "host": self._value("f-host")}
        if k == "sanction":
            return {"action": "sanction", "target": self._value("f-target")}
        if k == "contribute":
            return {"action": "alliance_contribute", "mineral": self._value("f-mineral"),
                    "weeks": self._value("f-weeks")}
        if k == "cancel":
            return {"action": "cancel_agreement", "agreement": self._value("f-agreement")}
        out = {"action": k, "mineral": self._value("f-mineral"), "stage": self._value("f-stage")}
        if k == "export_control":
            out.update(target=self._value("f-target"), level=self._value("f-level"))
        elif k == "tariff":
            out.update(target=self._value("f-target"), rate=self._value("f-rate"))
        else:
            out.update(rate=self._value("f-rate"))
        return out

    def check(self) -> bool:
        """Ask the engine; show its verdict."""
        from game.engine.actions import IllegalAction
        from game.sim.briefing import action_preview

        action = self.action()
        check = self.query_one("#form-check", Static)
        try:
            self.session.validate(action)
        except IllegalAction as exc:
            check.update(f"[$error]✘ {esc(exc)}[/]")
            check.add_class("error")
            self._preview(hint(action_preview(self.session.game, self.session.power, action)))
            return False
        check.remove_class("error")
        check.update("[$success]✔ allowed now[/] " + hint("· ⏎ to submit"))
        self._preview(action_preview(self.session.game, self.session.power, action))
        return True

    def _preview(self, text: str) -> None:
        preview = self.query_one("#form-preview", Static)
        preview.update(text)
        preview.display = bool(text)
        self.query_one("#form-check", Static).set_class(not text, "alone")

    @on(ChoiceField.Changed)
    def changed(self, event: ChoiceField.Changed) -> None:
        if event.field.id == "f-kind":
            self.show_deal_fields()
        if event.field.id == "f-mineral" and self.kind == "tariff":
            self.query_one("#f-target", ChoiceField).set_value(_default_exporter(self.session, event.value))
        self.check()

    @on(Input.Changed)
    def typed(self, event: Input.Changed) -> None:
        event.stop()
        self.check()

    @on(Input.Submitted)
    def input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_submit()

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "form-submit":
            self.action_submit()
        else:
            self.dismiss(None)

    def action_submit(self) -> None:
        if not self.check():
            self.app.bell()
            return
        action = self.action()
        from game.sim.briefing import action_preview

        preview = action_preview(self.session.game, self.session.power, action)
        self.app.push_screen(confirm(f"Confirm: {FORM_TITLES[self.kind][0].lower()}",
                                     f"{esc(describe(self.session, action))}\n\n{esc(preview)}\n\n"
                                     + hint("This cannot be undone."), yes="Do it", no="Back"),
                             self._confirmed)

    def _confirmed(self, answer: str | None) -> None:
        from game.engine.actions import IllegalAction

        if answer != "yes":
            return
        try:
            event = self.session.submit(self.action())
        except IllegalAction as exc:
            self.query_one("#form-check", Static).update(f"[$error]✘ {esc(exc)}[/]")
            return
        self.dismiss(event)


def describe(session: GameSession, action: dict[str, Any]) -> str:
    """The action in words, for the confirmation."""
    game = session.game
    w = game.world
    name = action["action"]
    mineral = game.content.minerals[w.midx[action["mineral"]]].short if action.get("mineral") in w.midx else ""
    target = action.get("target")
    tname = "all buyers" if target == "all" else (game.content.nations[w.nidx[target]].name if target in w.nidx else "")
    if name == "build_mine":
        return f"Open a new {mineral} mine."
    if name == "expand_mine":
        return f"Expand your {mineral} mine."
    if name == "build_refinery":
        return f"Build a {mineral} refinery."
    if name == "research":
        return f"Fund {action['field']} research this quarter."
    if name in ("stockpile_buy", "stockpile_release"):
        qty = f"{action['weeks']:g} weeks of use" if "weeks" in action else f"{action.get('amount', 0):,} t"
        verb = "Buy" if name == "stockpile_buy" else "Release"
        return f"{verb} {qty} of {mineral} {action['stage']} {'for' if verb == 'Buy' else 'from'} your stockpile."
    if name == "export_control":
        if action["level"] == "none":
            return f"Lift your export controls on {mineral} {action['stage']} ({tname})."
        return f"Put an export {action['level']} on {mineral} {action['stage']} for {tname}."
    if name == "tariff":
        return f"Set a {action['rate']:.0%} tariff on {mineral} {action['stage']} from {tname}."
    if name == "subsidy":
        return f"Subsidise your {mineral} {action['stage']} output at {action['rate']:.0%}."
    host = action.get("host")
    hname = game.content.nations[w.nidx[host]].name if host in w.nidx else ""
    if name == "propose":
        kind = dict((v, k) for k, v in DEAL_KINDS).get(action.get("kind"), action.get("kind"))
        to = game.content.nations[w.nidx[action["to"]]].name if action.get("to") in w.nidx else action.get("to")
        detail = ""
        if action.get("kind") == "offtake":
            detail = (f": you {action.get('role')} {action.get('volume')} t/yr of {mineral} {action.get('stage')} at "
                      f"{action.get('price')}× the reference for {action.get('years'):g} years")
        elif action.get("field"):
            detail = f" on {action['field']}"
        return f"Propose a {kind} to {to}{detail}."
    if name == "joint_venture":
        return f"Start a joint venture in {hname}: a {mineral} {'mine' if action['stage'] == 'ore' else 'refinery'}."
    if name == "corridor":
        return f"Fund a trade corridor to {hname}."
    if name == "sanction":
        return f"Put sanctions on {tname}: no trade either way."
    if name == "alliance_contribute":
        return f"Give {action['weeks']:g} weeks of your {mineral} use to the alliance's joint stockpile."
    if name == "cancel_agreement":
        return f"Cancel agreement {action.get('agreement')}."
    return name


def _default_mineral(session: GameSession) -> str:
    """The mineral the player depends on most (a sensible first choice in every form)."""
    from game.sim.briefing import dependence

    rows = [r for r in dependence(session.game, session.power) if r.need > 0]
    if not rows:
        return session.game.world.mineral_ids[0]
    return max(rows, key=lambda r: (r.share, -session.game.world.midx[r.mineral])).mineral


def _default_exporter(session: GameSession, mineral: str) -> str:
    from game.sim.briefing import dependence

    for r in dependence(session.game, session.power):
        if r.mineral == mineral and r.supplier:
            return r.supplier
    return next(p for p in session.game.powers if p != session.power)


# =========================================================================== saves


class LoadDialog(AppModal[Path | None]):
    """The saves in the saves folder, newest first; ⏎ opens one."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Close", show=False)]

    def __init__(self, saves: list[SaveInfo], folder: Path, problem: str | None = None) -> None:
        super().__init__()
        self.saves = saves
        self.folder = folder
        self.problem = problem

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(f"[b]Load a save[/] [$text-muted]· {esc(self.folder)}[/]", classes="dialog-title")
            options = []
            for i, s in enumerate(self.saves):
                if s.problem:
                    label = f"[$error]{esc(s.name)}: unusable ({esc(s.problem[:60])})[/]"
                else:
                    turns = f"/{s.turns}" if s.turns else ""
                    kind = " [$text-muted]autosave[/]" if s.autosave else ""
                    done = " [$success]finished[/]" if s.over else ""
                    label = (f"[b]{esc(s.scenario)}[/] · {esc(s.power)} · {esc(s.date)} · turn {s.turn}{turns}"
                             f"{kind}{done}\n  [$text-muted]{esc(s.name)}[/]")
                options.append(Option(label, id=str(i)))
            if not options:
                options.append(Option(hint("No saves yet: ctrl+s saves a game, and every turn autosaves."),
                                      disabled=True))
            yield OptionList(*options, id="save-list")
            yield Static(f"[$error]{esc(self.problem)}[/]" if self.problem else "", id="load-error",
                         classes="error")
            yield Static(hint("⏎ opens the highlighted save · esc closes"), classes="dialog-foot")

    def on_mount(self) -> None:
        self.query_one("#save-list", OptionList).focus()

    @on(OptionList.OptionSelected)
    def selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.dismiss(self.saves[int(event.option.id)].path)

    def show_problem(self, text: str) -> None:
        self.query_one("#load-error", Static).update(f"[$error]{esc(text)}[/]")


# =========================================================================== end of turn


class ResolvingScreen(AppModal[Any]):
    """Runs the AI powers and the quarter's resolution in a worker, with visible progress;
    dismisses with the session's TurnOutcome (or the error's message as a string)."""

    def __init__(self, session: GameSession, start: bool = True,
                 then: Callable[[Any], None] | None = None) -> None:
        super().__init__()
        self.session = session
        self.start = start
        self.then = then  # given the outcome: replaces this screen by the next (no redraw between)

    def compose(self) -> ComposeResult:
        game = self.session.game
        with Vertical(classes="dialog narrow", id="resolving"):
            yield Static(f"[b]Ending turn {game.turn}[/] · {game.date_label()}", classes="dialog-title")
            yield Static("The other powers decide…", id="resolve-status")
            yield ProgressBar(total=1.0, show_eta=False, show_percentage=False, id="resolve-bar")

    def on_mount(self) -> None:
        if self.start:
            self.resolve()

    def progress(self, text: str, fraction: float) -> None:
        self.query_one("#resolve-status", Static).update(esc(text))
        self.query_one("#resolve-bar", ProgressBar).update(progress=fraction)

    @work(thread=True, exclusive=True, group="end-turn")
    def resolve(self) -> None:
        import time

        shown = [time.monotonic()]

        def say(text: str, fraction: float) -> None:
            # a step shows if the last one has been up long enough to read (a turn takes
            # milliseconds; repainting for every step would only slow it down)
            now = time.monotonic()
            if now - shown[0] >= 0.08:
                shown[0] = now
                self.app.call_from_thread(self.progress, text, fraction)

        try:
            outcome = self.session.end_turn(say)
        except Exception as exc:  # shown to the player, never a crash in a worker
            self.app.call_from_thread(self.dismiss, f"{type(exc).__name__}: {exc}")
            return
        self.app.call_from_thread(self.then or self.dismiss, outcome)


# =========================================================================== help


class HelpScreen(AppModal[None]):
    """Every key, from the command catalogue."""

    BINDINGS = [Binding("escape,question_mark,q", "dismiss(None)", "Close", show=False)]

    def __init__(self, scope: str | None = None) -> None:
        super().__init__()
        self.scope = scope

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Static("[b]Help[/] [$text-muted]· every key (the command palette, ctrl+p, finds them by "
                         "name)[/]", classes="dialog-title")
            with VerticalScroll(id="help-body"):
                yield Static(help_markup(self.scope))
            yield Static(hint("esc closes · mouse: click tabs, keys in the footer, buttons and lists"),
                         classes="dialog-foot")

    def on_mount(self) -> None:
        self.query_one("#help-body").focus()


HOW_TO_PLAY = (
    "Each turn is a quarter. A news card opens it; you act (every action costs money or political "
    "capital); then [b]e[/] ends the turn: the AI powers act, the quarter resolves and a report tells "
    "you what moved and why. You are ranked on how much your power index gains over its start, "
    "plus the scenario's objectives, less your seat's [b]par[/]: what a computer player makes of "
    "the same seat (some seats start far ahead). Par is taken off as the game goes: quarter by "
    "quarter, and the part that stands for objectives as they fall due.\n"
    "Every mineral trades twice: as ore, which refiners buy, and refined, which industry uses. "
    "Refiners never pay more for ore than the metal fetches, less the cost of refining: past that "
    "ore is rationed, and the metal climbs a quarter or two later, as the ore they hold runs out."
)


def help_markup(scope: str | None) -> str:
    order = [scope] if scope in SCOPES else []
    order += [s for s in SCOPES if s not in order]
    out = [heading("How to play"), HOW_TO_PLAY, ""]
    for s in order:
        cmds = commands_for(s)
        if not cmds:
            continue
        out.append(heading(SCOPES[s]))
        group = None
        for c in cmds:
            if c.group and c.group != group:
                group = c.group
                out.append(f" [$text-muted]{esc(group)}[/]")
            out.append(f"  [b $accent]{esc(c.keys_shown):>6}[/]  [b]{esc(c.name)}[/] "
                       f"[$text-muted]· {esc(c.description)}[/]")
        out.append("")
    out.append(heading("In dialogs and forms"))
    out.append(f"  [b $accent]{'← →':>6}[/]  change a field's value (or type its first letter)")
    out.append(f"  [b $accent]{'↑ ↓':>6}[/]  move between fields (tab too)")
    out.append(f"  [b $accent]{'⏎':>6}[/]  submit (a confirmation follows)")
    out.append(f"  [b $accent]{'1–9':>6}[/]  pick an option of a decision")
    out.append(f"  [b $accent]{'esc':>6}[/]  close or cancel")
    return "\n".join(out)
