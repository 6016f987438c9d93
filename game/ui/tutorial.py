"""The tutorial: short prompts that walk a new player through the first turns of the
classroom scenario.  Each step moves on when the player does what it suggests (or on
``n``); the game screen reports what the player does."""

from __future__ import annotations

from dataclasses import dataclass

TUTORIAL_SCENARIO = "classroom-intro"
TUTORIAL_POWER = "japan"
TUTORIAL_SEED = 1


@dataclass(frozen=True)
class Step:
    text: str  # markup
    until: tuple[str, str]  # (event kind, detail) that moves on; detail "" matches any


STEPS: tuple[Step, ...] = (
    Step("Welcome. You lead [b]Japan[/], 2025–2027. This is the [b]Overview[/]: the power index you are "
         "ranked on, your advisers' warnings, and where each mineral comes from. Nearly all your "
         "Dy/Tb (dysprosium, terbium: magnets) comes from China. Press [b]2[/] for Markets.",
         ("view", "markets")),
    Step("[b]Markets[/]: ↑↓ picks a market. The chart is the price; below it, who supplies whom. "
         "China separates almost all the world's Dy/Tb: concentration is leverage. Press [b]3[/] for "
         "Industry.", ("view", "industry")),
    Step("[b]Industry[/]: your stockpiles in weeks of use. Stock buys time if a supplier squeezes. "
         "Press [b]s[/], check the order (← → changes a field) and submit with [b]⏎[/].",
         ("action", "stockpile_buy")),
    Step("Ordered: it settles when the quarter resolves. Every action costs money or political "
         "capital (top bar). Press [b]5[/] for your hand of policy cards.", ("view", "cards")),
    Step("Cards are moves from history; each cites its sources. Play one with [b]⏎[/] or keep it. "
         "When you are ready, press [b]e[/] to end the turn: the others act and the quarter resolves.",
         ("turn", "")),
    Step("That was the turn report; the [b]News[/] view (6) keeps it all. A second source takes years: "
         "press [b]b[/] and build a Dy/Tb refinery (10 quarters), or [b]n[/] to skip this tip.",
         ("action", "build")),
    Step("Projects appear in Industry (3). China's lever is the export control ([b]x[/]); yours are "
         "stockpiles, new sources, tariffs ([b]t[/]) and subsidies ([b]u[/]). [b]?[/] shows every key. "
         "Press [b]e[/] to end the turn.", ("turn", "")),
    Step("You are on your own now. Your goals are in the Overview (1). Ten turns: good luck. "
         "Press [b]n[/] to close the tutorial.", ("never", "")),
)


class Tutorial:
    def __init__(self) -> None:
        self.step = 0
        self.active = True

    @property
    def text(self) -> str:
        return STEPS[self.step].text if self.active else ""

    @property
    def progress(self) -> str:
        return f"Tutorial {self.step + 1}/{len(STEPS)}"

    def notice(self, kind: str, detail: str = "") -> bool:
        """Tell the tutorial what the player did; True if it moved on."""
        if not self.active:
            return False
        want_kind, want = STEPS[self.step].until
        if kind == want_kind and (not want or detail == want or detail.startswith(want)):
            self.next()
            return True
        return False

    def next(self) -> None:
        if self.step + 1 >= len(STEPS):
            self.active = False
        else:
            self.step += 1
