"""Cross-reference checks over the raw located data.

Typed models catch wrong types and unknown fields; this module catches what a
single model cannot see: ids that point nowhere, duplicate ids, missing fixed
ids, and source claims that are not in the seeds digest.  It walks the raw YAML
data (not the models) so it can still report lines for items that failed typing.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Iterable

from game.content import schema
from game.content.loader import did_you_mean
from game.content.yamlines import LocatedDocument, Path_, Problem

if TYPE_CHECKING:
    from game.content.loader import Content

CLAIM_RE = re.compile(r"^s\d{3}-c\d{2}$")
MIN_PRODUCERS = 6


class _Refs:
    def __init__(self, content: "Content") -> None:
        self.minerals = [m.id for m in content.minerals]
        self.sectors = [s.id for s in content.sectors]
        self.nations = [n.id for n in content.nations]
        self.powers = [n.id for n in content.nations if n.kind == "power"]
        self.cards = [c.id for c in content.cards]
        self.claims = set(content.claims)
        self.have_seeds = bool(content.seeds)

    # keys whose *value* is an id of some kind
    def value_kind(self, key: str) -> tuple[str, list[str]] | None:
        return {
            "mineral": ("mineral", self.minerals),
            "controller": ("nation", self.nations + ["self"]),
            "nation": ("nation", self.nations + ["self", "all"]),
            "other": ("nation", self.nations + ["self", "all"]),
            "owner": ("nation", self.nations + ["self"]),
            "target": ("nation", self.nations + ["self", "all"]),
            "control_active": ("nation", self.nations + ["self"]),
            "card": ("card", self.cards),
        }.get(key)

    # keys whose value is a mapping keyed by ids
    def key_kind(self, key: str) -> tuple[str, list[str]] | None:
        return {
            "demand": ("mineral", self.minerals),
            "reserves": ("mineral", self.minerals),
            "stockpile": ("mineral", self.minerals),
            "inputs": ("mineral", self.minerals),
            "demand_growth": ("mineral", self.minerals),
            "sectors": ("sector", self.sectors),
            "relations": ("nation", self.nations),
            "alignment": ("power", self.powers),
            "owners": ("nation", self.nations),
            "objectives": ("power", self.powers),
            "par": ("power", self.powers),
            "par_objectives": ("power", self.powers),
            "capacity": ("mineral", self.minerals),
            "prices": ("mineral", self.minerals),
            "nations": ("nation", self.nations),
            "stockpile_weeks": ("mineral", self.minerals),
            "score_weights": ("score part", list(schema.SCORE_PARTS)),
        }.get(key)


def cross_check(content: "Content", located: dict[str, list[tuple[LocatedDocument, Path_, Any]]],
                rules_missing: bool = False) -> list[Problem]:
    refs = _Refs(content)
    problems: list[Problem] = []

    def walk(doc: LocatedDocument, path: Path_, value: Any) -> None:
        if isinstance(value, dict):
            for key, child in value.items():
                child_path = path + (key,)
                if key == "sources" and isinstance(child, list):
                    for i, src in enumerate(child):
                        if (isinstance(src, str) and CLAIM_RE.match(src) and refs.have_seeds
                                and src not in refs.claims):
                            problems.append(doc.problem(child_path + (i,),
                                f"unknown claim '{src}' (not in the seeds digest)"
                                + did_you_mean(src, refs.claims, prefix="; ")))
                    continue
                kind = refs.value_kind(str(key))
                if kind and isinstance(child, str):
                    what, known = kind
                    if child not in known:
                        problems.append(doc.problem(child_path, f"unknown {what} '{child}'"
                                                    + did_you_mean(child, known, prefix="; ")))
                kkind = refs.key_kind(str(key))
                if kkind and isinstance(child, dict):
                    what, known = kkind
                    for sub in child:
                        if str(sub) not in known:
                            problems.append(doc.problem(child_path + (sub,), f"unknown {what} '{sub}'"
                                                        + did_you_mean(str(sub), known, prefix="; ")))
                walk(doc, child_path, child)
        elif isinstance(value, list):
            for i, item in enumerate(value):
                walk(doc, path + (i,), item)

    for entries in located.values():
        for doc, path, item in entries:
            walk(doc, path, item)

    problems += _duplicates(located, "minerals")
    problems += _duplicates(located, "sectors")
    problems += _duplicates(located, "cards")
    problems += _duplicate_nations(located)
    problems += _required_ids(content, located)
    problems += _scenario_checks(content, located, refs)
    problems += _card_checks(located)
    problems += _ore_price_checks(content, located)
    return problems


def _ore_price_checks(content: "Content", located: dict) -> list[Problem]:
    """An ore's reference price must leave refiners a margin: above what they can pay for it
    (the metal it yields, less the cost of refining), its market would start out rationed."""
    if content.rules is None:
        return []
    share = content.rules.refining_cost_share
    docs = {item.get("id"): (d, path) for d, path, item in located.get("minerals", []) if isinstance(item, dict)}
    out: list[Problem] = []
    for m in content.minerals:
        if "ore" not in m.stages or "refined" not in m.stages or m.id not in docs:
            continue
        most = m.stages["refined"].price * m.refining_yield * (1.0 - share)
        if m.stages["ore"].price >= most:
            d, path = docs[m.id]
            limit = f"{most:,.0f}" if most >= 100 else f"{most:.3g}"
            out.append(d.problem(path + ("stages", "ore", "price"),
                                 f"ore at {m.stages['ore'].price:g} costs more than refiners can pay for it: "
                                 f"the refined price x refining_yield, less refining_cost_share ({share:g}) "
                                 f"of that, is {limit}"))
    return out


def _ids(entries: Iterable[tuple[LocatedDocument, Path_, Any]]) -> Iterable[tuple[LocatedDocument, Path_, str]]:
    for doc, path, item in entries:
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            yield doc, path, item["id"]


def _duplicates(located: dict, key: str) -> list[Problem]:
    seen: dict[str, str] = {}
    out = []
    for doc, path, ident in _ids(located.get(key, [])):
        where = f"{doc.file}:{doc.line_of(path + ('id',))}"
        if ident in seen:
            out.append(doc.problem(path + ("id",), f"duplicate id '{ident}' (first defined at {seen[ident]})"))
        else:
            seen[ident] = where
    return out


def _duplicate_nations(located: dict) -> list[Problem]:
    merged = {"nations": located.get("powers", []) + located.get("producers", [])}
    return _duplicates(merged, "nations")


def _first_doc(located: dict, key: str) -> LocatedDocument | None:
    entries = located.get(key) or []
    return entries[0][0] if entries else None


def _required_ids(content: "Content", located: dict) -> list[Problem]:
    out: list[Problem] = []
    have_minerals = {m.id for m in content.minerals}
    doc = _first_doc(located, "minerals")
    for mid in schema.MINERAL_IDS:
        if doc is not None and mid not in have_minerals and not _raw_has(located, "minerals", mid):
            out.append(doc.problem(("minerals",), f"required mineral '{mid}' is missing"))
    doc = _first_doc(located, "powers")
    for pid in schema.POWER_IDS:
        if doc is not None and not _raw_has(located, "powers", pid):
            out.append(doc.problem(("powers",), f"required power '{pid}' is missing"))
    for d, path, item in located.get("powers", []):
        if isinstance(item, dict) and item.get("kind") not in (None, "power"):
            out.append(d.problem(path + ("kind",), "entries in powers.yaml must have kind: power"))
    for d, path, item in located.get("producers", []):
        if isinstance(item, dict) and item.get("kind") == "power":
            out.append(d.problem(path + ("kind",), "producer states cannot have kind: power"))
    doc = _first_doc(located, "producers")
    n_producers = sum(1 for n in content.nations if n.kind == "producer")
    if doc is not None and n_producers < MIN_PRODUCERS:
        out.append(doc.problem(("producers",),
                               f"at least {MIN_PRODUCERS} producer states are needed (found {n_producers})"))
    if content.scenarios is not None and "standard" not in content.scenarios and located.get("scenarios"):
        d = located["scenarios"][0][0]
        out.append(Problem(d.file.rsplit("/", 1)[0] + "/standard.yaml", 0, "",
                           "the 'standard' scenario is missing"))
    return out


def _raw_has(located: dict, key: str, ident: str) -> bool:
    return any(i == ident for _, _, i in _ids(located.get(key, [])))


def _scenario_checks(content: "Content", located: dict, refs: _Refs) -> list[Problem]:
    out: list[Problem] = []
    for doc, _, data in located.get("scenarios", []):
        if not isinstance(data, dict):
            continue
        for i, pid in enumerate(data.get("powers") or []):
            if isinstance(pid, str) and pid not in refs.powers:
                out.append(doc.problem(("powers", i), f"unknown power '{pid}'"
                                       + did_you_mean(pid, refs.powers, prefix="; ")))
        for key in ("only", "exclude"):
            for i, cid in enumerate((data.get("deck") or {}).get(key) or []):
                if isinstance(cid, str) and cid not in refs.cards:
                    out.append(doc.problem(("deck", key, i), f"unknown card '{cid}'"
                                           + did_you_mean(cid, refs.cards, prefix="; ")))
        for mid, stages in (data.get("capacity") or {}).items():
            for stage, by_nation in (stages or {}).items() if isinstance(stages, dict) else []:
                for nid in by_nation or {}:
                    if nid not in refs.nations:
                        out.append(doc.problem(("capacity", mid, stage, nid), f"unknown nation '{nid}'"
                                               + did_you_mean(str(nid), refs.nations, prefix="; ")))
        for mid, by_nation in (data.get("demand") or {}).items():
            for nid in by_nation or {} if isinstance(by_nation, dict) else []:
                if nid not in refs.nations:
                    out.append(doc.problem(("demand", mid, nid), f"unknown nation '{nid}'"
                                           + did_you_mean(str(nid), refs.nations, prefix="; ")))
        # a par is ranked against, so it covers exactly the scenario's powers (a seat left out
        # would count as par 0, one not in play would never be used)
        powers = [pid for pid in data.get("powers") or [] if isinstance(pid, str)]
        par, split, objectives = (data.get(key) if isinstance(data.get(key), dict) else {}
                                  for key in ("par", "par_objectives", "objectives"))
        for key, seats in (("par", par), ("par_objectives", split)):
            for pid in seats:  # an unknown power is reported by the id checks
                if pid in refs.powers and pid not in powers:
                    out.append(doc.problem((key, pid), f"'{pid}' is not a power of this scenario"))
        missing = [pid for pid in powers if pid not in par]
        if par and missing:
            out.append(doc.problem(("par",), "par is missing for " + ", ".join(missing)
                                   + " (give every power of the scenario a par, or none)"))
        for pid in split:
            if pid not in powers:
                continue  # reported above, or as an unknown power
            if not par:
                out.append(doc.problem(("par_objectives", pid), "the scenario has no par to split"))
            elif not objectives.get(pid):
                out.append(doc.problem(("par_objectives", pid), f"'{pid}' has no objectives in this scenario"))
        expected = f"{data.get('id')}.yaml"
        if isinstance(data.get("id"), str) and not doc.file.endswith(expected):
            out.append(doc.problem(("id",), f"scenario id '{data['id']}' does not match its file name"))
    return out


def _card_checks(located: dict) -> list[Problem]:
    out: list[Problem] = []
    for doc, path, item in located.get("cards", []):
        if not isinstance(item, dict):
            continue
        ids = [c.get("id") for c in item.get("choices") or [] if isinstance(c, dict)]
        for i, cid in enumerate(ids):
            if cid is not None and ids.index(cid) != i:
                out.append(doc.problem(path + ("choices", i, "id"), f"duplicate choice id '{cid}'"))
        if item.get("kind") == "policy" and not item.get("powers"):
            out.append(doc.problem(path + ("powers",), "a policy card must name the powers whose deck it joins"))
        if not item.get("effects") and not item.get("choices"):
            out.append(doc.problem(path, "a card needs effects or choices"))
    return out
