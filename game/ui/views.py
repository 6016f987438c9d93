"""The six views of the game screen.  Each renders records from ``game.sim.briefing``
(computed from the engine's state) and holds no rules of its own."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from game.ui.charts import PALETTE, LineChart, Series
from game.ui.fmt import (
    SEVERITY_ICON,
    SEVERITY_STYLE,
    bar,
    change_markup,
    esc,
    heading,
    hint,
    money,
    pct,
    price,
    relation_markup,
    row,
    tonnes,
)

if TYPE_CHECKING:
    from game.ui.session import GameSession

PART_NAMES = {"prosperity": "Prosperity", "security": "Security", "influence": "Influence",
              "sustainability": "Sustainability"}


class View(Vertical):
    """A view: a one-line explanation, then its content."""

    EXPLAIN = ""

    def __init__(self, session: GameSession, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.session = session
        self.stale = True

    def compose(self) -> ComposeResult:
        yield Static(self.EXPLAIN, classes="explain")
        yield from self.body()

    def body(self) -> ComposeResult:  # pragma: no cover - overridden
        yield from ()

    def update_view(self) -> None:
        self.stale = False

    def focus_main(self) -> None:
        target = self.query(".main-focus").first() if self.query(".main-focus") else None
        if target is not None:
            target.focus()

    @property
    def brief(self) -> Any:
        outcome = self.session.last_outcome
        return outcome.brief if outcome else None


# =========================================================================== overview


class OverviewView(View):
    EXPLAIN = "[$text-muted]At a glance: the index you are ranked on, what you depend on, warnings.[/]"

    def body(self) -> ComposeResult:
        with VerticalScroll(classes="main-focus scroller"), Horizontal(classes="columns"):
            with Vertical(classes="col"):
                yield Static(id="ov-index")
                yield Static(id="ov-alerts")
                yield Static(id="ov-objectives")
            with Vertical(classes="col"):
                yield Static(id="ov-dependence")
                yield Static(id="ov-prices")
                yield LineChart(id="ov-chart")

    def update_view(self) -> None:
        from game.engine.rules import SUPPLY_TIGHT, is_short
        from game.sim import briefing

        super().update_view()
        s = self.session
        game, power = s.game, s.power
        sb = briefing.score_breakdown(game, power)
        lines = [heading("Power index") + f"  [b]{sb.index:.1f}[/]  "
                 f"[$text-muted](start {sb.start_index:.1f})[/]  "
                 f"points [b]{sb.index_lived:+.1f}[/], rank [b]{sb.rank}[/] of {sb.of}"]
        if sb.seat_par:  # the whole game's par (the gain a computer player makes from this seat)
            lines[0] += f" [$text-muted](par {sb.seat_par:+.1f})[/]"
        for name, (start, now) in sb.parts.items():
            delta = now - start
            lines.append(row([(PART_NAMES[name], 14, "<"), (f"[$accent]{bar(now / 100, 20)}[/]", 20, "<"),
                              (f"{now:5.1f}", 5, ">"),
                              (f"[$text-muted]{delta:+5.1f}[/]" if abs(delta) >= 0.05 else "", 5, ">"),
                              (f"[$text-muted]×{sb.weights[name]:.0%}[/]", 5, ">")]))
        if sb.objective_points:
            lines.append(f"Objectives met: [b]+{sb.objective_points:g}[/] points")
        self.query_one("#ov-index", Static).update("\n".join(lines))

        alerts = briefing.alerts(game, power)
        out = [heading("Advisers")]
        if not alerts:
            out.append(hint("No warnings this quarter."))
        for a in alerts[:8]:
            out.append(f"[{SEVERITY_STYLE[a.severity]}]{SEVERITY_ICON[a.severity]}[/] {esc(a.text)}")
        if len(alerts) > 8:
            out.append(hint(f"… and {len(alerts) - 8} more"))
        if game.pending_choice(power) is not None and not game.is_over:
            out.append(hint("Press d to decide."))
        self.query_one("#ov-alerts", Static).update("\n".join(out))

        objs = briefing.objectives(game, power)
        out = [heading("Scenario objectives")] if objs else []
        for o in objs:
            if o.settled is None:
                mark = "[$success]●[/]" if o.on_track else "[$warning]○[/]"
                state = "on track" if o.on_track else "not yet"
            else:
                mark = "[$success]✔[/]" if o.settled else "[$error]✘[/]"
                state = "met" if o.settled else "missed"
            out.append(f"{mark} {esc(o.text)} [$text-muted]({o.standing()}; "
                       f"{state}; {o.points:g} pts)[/]")
        self.query_one("#ov-objectives", Static).update("\n".join(out))

        rows = briefing.dependence(game, power)
        out = [heading("Dependence by mineral"),
               "[$text-muted]" + esc(row([("Mineral", 7, "<"), ("Need met", 8, ">"), ("Top supplier", 15, "<"),
                                           ("Share", 5, ">"), ("Stock", 7, ">"), ("Own", 5, ">")])) + "[/]"]
        for r in rows:
            if r.need <= 0:
                out.append(row([(esc(r.short), 7, "<"), (hint("not used"), 8, ">")]))
                continue
            cov_style = "$error" if is_short(r.coverage) else "$warning" if r.coverage < SUPPLY_TIGHT else "$text"
            share_style = "$warning" if r.share >= 0.8 else "$text"
            wk_style = "$warning" if (r.share >= 0.5 and r.weeks < 8) else "$text"
            out.append(row([
                (esc(r.short), 7, "<"), (f"[{cov_style}]{pct(r.coverage)}[/]", 8, ">"),
                (esc(r.supplier_name[:15]), 15, "<"),
                (f"[{share_style}]{pct(r.share)}[/]" if r.supplier else "-", 5, ">"),
                (f"[{wk_style}]{r.weeks:.0f} wk[/]", 7, ">"), (pct(min(r.home_share, 9.99)), 5, ">"),
            ]))
        out.append(hint("Share: top foreign supplier's share of your use. Stock: weeks of use held. "
                        "Own: your refined output over your need."))
        self.query_one("#ov-dependence", Static).update("\n".join(out))
        out = [heading("Market watch") + hint(" (refined, open market)"),
               "[$text-muted]" + esc(row([("Mineral", 7, "<"), ("Price", 13, ">"), ("Quarter", 7, ">"),
                                           ("× ref", 6, ">")])) + "[/]"]
        w = game.world
        for m, spec in enumerate(game.content.minerals):
            now = briefing.display_price(game, m, game.state.price[m, 1])
            ref = briefing.display_price(game, m, w.p0[m, 1])
            before = game.reports[-2]["prices"][spec.id]["refined"] if len(game.reports) >= 2 else None
            move = change_markup((now / before - 1) * 100) if before else hint("-")
            ratio = now / ref if ref else 1.0
            out.append(row([(esc(spec.short), 7, "<"), (price(now, spec.price_unit), 13, ">"), (move, 7, ">"),
                            (f"[{'$warning' if ratio >= 1.5 else '$text'}]{ratio:.1f}×[/]", 6, ">")]))
        self.query_one("#ov-prices", Static).update("\n".join(out))
        history = briefing.index_history(game)[power]
        self.query_one("#ov-chart", LineChart).set_data([Series("index", history, PALETTE[0])],
                                                        span_caption(game, "your power index"))


def span_caption(game: Any, what: str) -> str:
    """The x axis of a chart over the game: from the start to the last resolved quarter."""
    if not game.reports:
        return f"[$text-muted]{esc(what)} · the start of {game.date_label(1)}[/]"
    return (f"[$text-muted]{esc(what)} · start of {game.date_label(1)} to end of "
            f"{game.date_label(game.state.turn)}[/]")


# =========================================================================== markets


class MarketsView(View):
    EXPLAIN = "[$text-muted]Minerals trade as ore and refined. ↑↓ picks a market; open-market prices.[/]"

    def body(self) -> ComposeResult:
        with Horizontal(id="mk-split"):
            yield OptionList(id="mk-list", classes="main-focus")
            with VerticalScroll(id="mk-detail", classes="scroller"):
                with Horizontal(classes="columns"):
                    with Vertical(classes="col"):
                        yield Static(id="mk-head")
                        yield LineChart(id="mk-chart")
                        yield Static(id="mk-why")
                    with Vertical(classes="col"):
                        yield Static(id="mk-body")

    def on_mount(self) -> None:
        self._markets: list[tuple[str, str]] = []

    @property
    def selected(self) -> tuple[str, str]:
        ol = self.query_one("#mk-list", OptionList)
        if self._markets and ol.highlighted is not None:
            return self._markets[ol.highlighted]
        return ("dytb", "refined")

    def update_view(self) -> None:
        super().update_view()
        from game.sim import briefing

        game = self.session.game
        ol = self.query_one("#mk-list", OptionList)
        keep = ol.highlighted
        reports = game.reports
        options = []
        self._markets = []
        for m in game.content.minerals:
            for stage in ("refined", "ore"):
                mi = game.world.midx[m.id]
                now = briefing.display_price(game, mi, game.state.price[mi, 0 if stage == "ore" else 1])
                before = reports[-2]["prices"][m.id][stage] if len(reports) >= 2 else None
                move = change_markup((now / before - 1) * 100) if before else ""
                label = f"{esc(m.short)} {'ref' if stage == 'refined' else 'ore'}"
                options.append(Option(f"{label:<10}{move}"))
                self._markets.append((m.id, stage))
        ol.clear_options()
        ol.add_options(options)
        if keep is None:
            keep = self._markets.index(("dytb", "refined")) if ("dytb", "refined") in self._markets else 0
        ol.highlighted = min(keep, len(options) - 1)
        self.show_market()

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_list.id == "mk-list":
            event.stop()
            self.show_market()

    def show_market(self) -> None:
        from game.sim import briefing

        s = self.session
        game = s.game
        mineral, stage = self.selected
        mk = briefing.market(game, s.power, mineral, stage)
        ratio = mk.price / mk.reference if mk.reference else 1.0
        last = mk.history[-2] if len(mk.history) >= 2 else mk.price
        move = (mk.price / last - 1) * 100 if last else 0.0
        head = [f"[b]{esc(mk.short)} {esc(mk.stage)}[/] [$text-muted]· {esc(mk.name)}[/]",
                f"[b]{price(mk.price, mk.unit)}[/] {change_markup(move)} · "
                f"[{'$warning' if ratio >= 1.5 else '$text'}]{ratio:.1f}×[/] the reference "
                f"{price(mk.reference, mk.unit)}"]
        self.query_one("#mk-head", Static).update("\n".join(head))
        self.query_one("#mk-chart", LineChart).set_data([Series(mk.short, mk.history, PALETTE[1])],
                                                        span_caption(game, mk.unit))
        out: list[str] = []
        brief = self.brief
        why = None
        if brief is not None:
            why = next((p for p in brief.price_moves if p.mineral == mineral and p.stage == stage), None)
        if why is not None:
            out.append(heading("Why it moved") + f" {change_markup(why.pct)}")
            out += [f" • {esc(c)}" for c in why.causes]
        elif game.reports:
            out.append(heading("Why it moved") + " " + hint("less than 5% last quarter: no single cause"))
        self.query_one("#mk-why", Static).update("\n".join(out))
        out = [heading("Supply and demand") + hint(" (world, this quarter)")]
        out.append(f" output {tonnes(mk.supply)} · use {tonnes(mk.demand)}")
        if mk.producers:
            shown = [(n, sh) for n, _, sh in mk.producers[:4] if sh >= 0.005] or \
                [(mk.producers[0][0], mk.producers[0][2])]
            out.append(" producers: " + ", ".join(f"{esc(n)} {sh:.0%}" for n, sh in shown))
        if mk.ore_limit is not None:
            out.append(f" refiners pay at most {price(mk.ore_limit, mk.unit)} "
                       + ("[$warning]· reached: ore is rationed[/]" if mk.ore_rationed
                          else hint("(the metal less refining)")))
        if mk.flows:
            out.append(heading("Who supplies whom") + hint(" (t this quarter)"))
            for e, i, t in mk.flows:
                out.append(f" {esc(e)} → {esc(i)} [b]{tonnes(t)}[/]")
        if mk.controls:
            out.append(heading("Controls on this market"))
            out += [f" [$warning]{esc(c.controller_name)}[/] → {esc(c.target_name)}: {c.level}" for c in mk.controls]
        y = mk.yours
        out.append(heading("You"))
        out.append(f" use {tonnes(y['use'])} · output {tonnes(y['output'])} · imports {tonnes(y['imports'])}"
                   f" · exports {tonnes(y['exports'])}")
        out.append(f" your price {price(y['local_price'], mk.unit)} · stockpile {tonnes(y['stockpile'])}")
        self.query_one("#mk-body", Static).update("\n".join(out))


# =========================================================================== industry


class IndustryView(View):
    EXPLAIN = "[$text-muted]What you own and build: plants, projects, stockpiles, technology.[/]"

    def body(self) -> ComposeResult:
        with VerticalScroll(classes="main-focus scroller"), Horizontal(classes="columns"):
            with Vertical(classes="col"):
                yield Static(id="in-projects")
                yield Static(id="in-stocks")
                yield Static(id="in-home")
            with Vertical(classes="col"):
                yield Static(id="in-facilities")

    def update_view(self) -> None:
        from game.sim import briefing

        super().update_view()
        s = self.session
        ind = briefing.industry(s.game, s.power)
        out = [heading("Projects under way")]
        if not ind.projects:
            out.append(hint("None. Press b to build a mine or a refinery."))
        for p in ind.projects:
            done = p.progress
            progress = (f"[$accent]{bar(done, 10)}[/]" if done is not None else "")
            share = "" if p.share >= 0.999 or p.share <= 0 else f" [$text-muted](your share {p.share:.0%})[/]"
            out.append(f"{esc(p.name)}{share}")
            out.append(f"  [$text-muted]{esc(p.location)} · {esc(p.short)} {p.stage} · {p.capacity:,.0f} t/yr ·[/] "
                       f"{progress} {p.turns_left} quarter{'s' if p.turns_left != 1 else ''} left")
        self.query_one("#in-projects", Static).update("\n".join(out))
        out = [heading("Stockpiles"),
               "[$text-muted]" + esc(row([("Mineral", 7, "<"), ("Refined", 10, ">"), ("Weeks", 6, ">"),
                                           ("Ore", 9, ">"), ("Orders", 16, "<")])) + "[/]"]
        for st in ind.stocks:
            orders = []
            if st.orders:
                orders.append(f"+{tonnes(st.orders)}")
            if st.releases:
                orders.append(f"−{tonnes(st.releases)}")
            wk_style = "$warning" if st.weeks < 4 else "$text"
            out.append(row([(esc(st.short), 7, "<"), (tonnes(st.refined), 10, ">"),
                            (f"[{wk_style}]{st.weeks:.1f}[/]", 6, ">"), (tonnes(st.ore) if st.ore else "-", 9, ">"),
                            (" ".join(orders), 16, "<")]))
        out.append(hint("Weeks: how long the refined stock would cover your use. "
                        "Orders settle at the end of the turn."))
        self.query_one("#in-stocks", Static).update("\n".join(out))
        tech = " · ".join(f"{f} [b]{lv}[/]" for f, lv in ind.tech.items())
        research = ", ".join(ind.research) if ind.research else "none"
        out = [heading("Home"),
               f"Treasury [b]{money(ind.treasury)}[/] (+{money(ind.income)} a quarter) · political capital "
               f"[b]{ind.political_capital:.0f}[/]",
               f"Social licence [b]{ind.social_licence:.0f}[/] · pollution [b]{ind.pollution:.0f}[/] "
               + hint("(0–100; mines need a licence of 20)"),
               f"Technology (0–5): {tech}",
               f"Research this quarter: {esc(research)}"]
        self.query_one("#in-home", Static).update("\n".join(out))
        out = [heading("Mines and refineries") + hint(" (capacity t/yr)")]
        home = s.nation_name
        for f in ind.facilities:
            share = "" if f.share >= 0.999 else f" [$text-muted]({f.share:.0%} yours)[/]" if f.share > 0 else \
                " [$text-muted](foreign-owned)[/]"
            where = "" if f.location == home else f" [$text-muted]in {esc(f.location)}[/]"
            kind = "mine" if f.stage == "ore" else "refinery"
            out.append(f"{esc(f.short):<6} {kind:<8} {f.capacity:>10,.0f}  {esc(f.name)}{where}{share}")
        if not ind.facilities:
            out.append(hint("None yet."))
        self.query_one("#in-facilities", Static).update("\n".join(out))


# =========================================================================== world


class WorldView(View):
    EXPLAIN = "[$text-muted]Powers and producer states: how they see you, and the controls in force.[/]"

    def body(self) -> ComposeResult:
        with VerticalScroll(classes="main-focus scroller"), Horizontal(classes="columns"):
            with Vertical(classes="col"):
                yield Static(id="wd-powers")
                yield Static(id="wd-controls")
            with Vertical(classes="col"):
                yield Static(id="wd-producers")
                yield Static(id="wd-agreements")

    def update_view(self) -> None:
        from game.sim import briefing

        super().update_view()
        s = self.session
        wv = briefing.world_view(s.game, s.power)
        out = [heading("Powers") + hint(f" · global tension {wv.tension:.0f} of 100"),
               "[$text-muted]" + esc(row([("Power", 15, "<"), ("Index", 6, ">"), ("Gain", 6, ">"),
                                           ("View of you", 11, ">"), ("Yours", 5, ">"), ("Tension", 7, ">"),
                                           ("Rep", 4, ">")]))
               + "[/]"]
        for p in wv.powers:
            name = f"[b]{esc(p.name)}[/]" if p.is_you else esc(p.name)
            out.append(row([(name, 15, "<"), (f"{p.index:.1f}", 6, ">"), (f"{p.gain:+.1f}", 6, ">"),
                            (relation_markup(p.their_view) if not p.is_you else "you", 11, ">"),
                            (relation_markup(p.your_view) if not p.is_you else "", 5, ">"),
                            (f"+{p.tension_added:.0f}", 7, ">"), (f"{p.reputation:.0f}", 4, ">")]))
        out.append(hint("View: −100 hostile … +100 close. Tension: what each has added by coercion. "
                        "Rep: reputation, 0–100; broken deals cost it."))
        self.query_one("#wd-powers", Static).update("\n".join(out))
        out = [heading("Export controls in force")]
        if not wv.controls:
            out.append(hint("None."))
        for c in wv.controls:
            style = "$error" if c.level == "ban" else "$warning" if c.level == "quota" else "$text"
            out.append(f"{esc(c.controller_name)} → {esc(c.target_name)}: {esc(c.short)} {c.stage} "
                       f"[{style}]{c.level}[/]")
        if wv.tariffs:
            out.append(heading("Tariffs"))
            out += [f"{esc(t.importer)} on {esc(t.short)} {t.stage} from {esc(t.exporter)}: {t.rate:.0%}"
                    for t in wv.tariffs]
        if wv.subsidies:
            out.append(heading("Subsidies"))
            out += [f"{esc(x.nation)}: {esc(x.short)} {x.stage} {x.rate:.0%}" for x in wv.subsidies]
        self.query_one("#wd-controls", Static).update("\n".join(out))
        out = [heading("Producer states"),
               "[$text-muted]" + esc(row([("State", 12, "<"), ("Gov", 4, ">"), ("Stab", 4, ">"),
                                           ("Toward you", 10, ">"), ("Leans to", 19, "<")])) + "[/]"]
        for p in wv.producers:
            out.append(row([(esc(p.name), 12, "<"), (f"{p.governance:.1f}", 4, ">"), (f"{p.stability:.1f}", 4, ">"),
                            (f"{p.toward_you:.0%}", 10, ">"), (f"{esc(p.leans_to)} {p.leaning:.0%}", 19, "<")]))
        out.append(hint("Gov, Stab: governance and stability, 0–1. Alignment is how a state leans toward each power."))
        self.query_one("#wd-producers", Static).update("\n".join(out))
        offers = s.offers()
        out = [heading("Your agreements") + hint(" (alliances, contracts, pools)")]
        out += [f" • {esc(a)}" for a in wv.agreements] or [hint("None in force.")]
        if wv.elsewhere:
            out.append(heading("Elsewhere") + hint(" (alliances, pools, regimes and sanctions you are not in)"))
            out += [f" • {esc(a)}" for a in wv.elsewhere]
        if offers:
            out.append(heading("Offers waiting for your answer"))
            out += [f" • {esc(o.get('from', '?'))}: {esc(o.get('summary', ''))}" for o in offers]
        self.query_one("#wd-agreements", Static).update("\n".join(out))


# =========================================================================== cards


class CardsView(View):
    EXPLAIN = "[$text-muted]Your hand of policy cards: ⏎ or p plays one (you pay its cost).[/]"

    def body(self) -> ComposeResult:
        with Horizontal(id="cd-split", classes="columns"):
            with Vertical(classes="col", id="cd-left"):
                yield OptionList(id="cd-list", classes="main-focus")
                yield Static(id="cd-news")
            with VerticalScroll(id="cd-detail", classes="col scroller"):
                yield Static(id="cd-text")

    @property
    def selected_card(self) -> Any:
        hand = self.session.game.hand(self.session.power)
        ol = self.query_one("#cd-list", OptionList)
        if hand and ol.highlighted is not None and ol.highlighted < len(hand):
            return hand[ol.highlighted]
        return None

    def update_view(self) -> None:
        from game.sim.briefing import cost_text

        super().update_view()
        s = self.session
        game = s.game
        hand = game.hand(s.power) if not game.is_over else []
        ol = self.query_one("#cd-list", OptionList)
        keep = ol.highlighted
        ol.clear_options()
        for card in hand:
            cost = cost_text(card.cost.treasury, card.cost.political_capital)
            ol.add_option(Option(f"{esc(card.title)} [$text-muted]· {cost}[/]"))
        if not hand:
            ol.add_option(Option(hint("Your hand is empty."), disabled=True))
        ol.highlighted = min(keep or 0, max(len(hand) - 1, 0)) if hand else None
        headline = game.headline if not game.is_over else None
        out = [heading("This turn's news")]
        if headline is None:
            out.append(hint("No headline this turn."))
        else:
            pending = game.pending_choice(s.power)
            out.append(f"[b]{esc(headline.title)}[/]")
            out.append(hint("h reads it in full" + (" · [b]d[/b] to decide: it asks you to choose" if pending else "")))
        self.query_one("#cd-news", Static).update("\n".join(out))
        self.show_card()

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_list.id == "cd-list":
            event.stop()
            self.show_card()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list.id == "cd-list":
            event.stop()
            self.screen.action_play_card()  # type: ignore[attr-defined]

    def show_card(self) -> None:
        card = self.selected_card
        self.query_one("#cd-text", Static).update(card_markup(self.session, card) if card else "")


def card_markup(session: GameSession, card: Any, show_sources: bool = True, show_title: bool = True) -> str:
    from game.sim.briefing import card_sources, cost_text, effect_text

    game = session.game
    kind = {"world": "world news", "crisis": "crisis news", "policy": "policy card"}.get(card.kind, card.kind)
    cost = (" · costs " + cost_text(card.cost.treasury, card.cost.political_capital)) if card.kind == "policy" else ""
    out = ([f"[b]{esc(card.title)}[/]"] if show_title else []) + [f"[$text-muted]{kind}{cost}[/]", "",
                                                                   esc(" ".join(card.text.split()))]
    if card.effects:
        out += ["", heading("Effects")] + [f" • {esc(effect_text(game, e))}" for e in card.effects]
    for i, ch in enumerate(card.choices, start=1):
        cost = cost_text(ch.cost.treasury, ch.cost.political_capital)
        out += ["", f"[b $accent]{i}[/] [b]{esc(ch.label)}[/] [$text-muted]({cost})[/]"]
        if ch.text:
            out.append(f"  {esc(' '.join(ch.text.split()))}")
        out += [f"  • {esc(effect_text(game, e))}" for e in ch.effects]
    if show_sources:
        out += ["", heading("Sources")]
        for src in card_sources(game, card):
            out.append(f" • [b]{esc(src.ref)}[/]" + (f": {esc(src.text)}" if src.text else ""))
            if src.data_note:
                out.append(f"   [$warning]Against the data:[/] {esc(src.data_note)}")
    return "\n".join(out)


# =========================================================================== news


ICONS = {"headline": "[b $accent]■[/]", "action": "[$text-muted]›[/]", "price_move": "[$warning]$[/]",
         "shortage": "[$error]![/]", "project_complete": "[$success]+[/]", "breakthrough": "[$success]★[/]",
         "objective": "[$accent]◎[/]", "confrontation": "[$error]✸[/]"}


class NewsView(View):
    EXPLAIN = "[$text-muted]The log: every headline, move and consequence, newest first.[/]"

    def body(self) -> ComposeResult:
        with VerticalScroll(classes="main-focus scroller"):
            yield Static(id="nw-log")

    def update_view(self) -> None:
        from game.sim.briefing import news_log

        super().update_view()
        s = self.session
        out = []
        if not s.history_complete:
            out.append(hint("(This save was opened from its snapshot: earlier turns are not in the log.)"))
        for turn, date, events in news_log(s.game):
            label = "this turn" if turn == s.game.turn and not s.game.is_over else "resolved"
            out.append(heading(f"{date} · turn {turn}") + hint(f" ({label})"))
            if not events:
                out.append(hint("  nothing yet"))
            for e in events:
                icon = ICONS.get(e.get("type"), "•")
                who = e.get("nation")
                mine = who == s.power
                text = esc(e.get("text", ""))
                out.append(f" {icon} " + (f"[b]{text}[/]" if mine else text))
        self.query_one("#nw-log", Static).update("\n".join(out))


VIEW_CLASSES = {"overview": OverviewView, "markets": MarketsView, "industry": IndustryView, "world": WorldView,
                "cards": CardsView, "news": NewsView}
