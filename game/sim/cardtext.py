"""Cards as text, for ``terra-rara cards`` and reports: a teacher reads the deck here."""

from __future__ import annotations

import textwrap

from game.content.loader import Content
from game.content.schema import Card


def card_line(card: Card) -> str:
    eras = "/".join(card.era)
    who = f" [{', '.join(card.powers)}]" if card.powers else ""
    once = " once" if card.once else ""
    trig = f" when: {card.trigger}" if card.trigger else ""
    return f"{card.id:<34} {card.kind:<7} {eras:<18}{once}{trig}  {card.title}{who}"


def _effect(e: object) -> str:
    data = e.model_dump(exclude_defaults=False)  # type: ignore[attr-defined]
    kind = data.pop("type")
    return f"{kind}(" + ", ".join(f"{k}={v}" for k, v in data.items()) + ")"


def card_block(content: Content, card: Card) -> str:
    out = [f"{card.title}", f"{card.id} · {card.kind} · era {', '.join(card.era)} · weight {card.weight:g}"
           + (" · once" if card.once else "") + (f" · enters when: {card.trigger}" if card.trigger else "")]
    out += textwrap.wrap(" ".join(card.text.split()), 88)
    if card.powers:
        out.append(("deck of: " if card.kind == "policy" else "decided by: ") + ", ".join(card.powers))
    if card.cost.treasury or card.cost.political_capital:
        out.append(f"cost: ${card.cost.treasury:g} bn, {card.cost.political_capital:g} political capital")
    if card.conditions:
        out.append("when: " + "; ".join(", ".join(f"{k}={v}" for k, v in c.model_dump(exclude_none=True).items())
                                        for c in card.conditions))
    if card.effects:
        out.append("effects:")
        out += [f"  - {_effect(e)}" for e in card.effects]
    for choice in card.choices:
        cost = f" (costs ${choice.cost.treasury:g} bn, {choice.cost.political_capital:g} PC)" \
            if choice.cost.treasury or choice.cost.political_capital else ""
        out.append(f"choice {choice.id}: {choice.label}{cost}")
        if choice.text:
            out += ["    " + line for line in textwrap.wrap(" ".join(choice.text.split()), 84)]
        out += [f"    - {_effect(e)}" for e in choice.effects]
    out.append("sources:")
    for src in card.sources:
        claim = content.claims.get(src)
        out.append(f"  - {src}: {claim.text}" if claim else f"  - {src}")
        if claim and claim.data_note:
            out += ["      " + line for line in textwrap.wrap("against the data: " + claim.data_note, 82)]
    where = content.card_files.get(card.id)
    if where:
        out.append(f"defined at {where}")
    return "\n".join(out)
