"""Find, parse and validate the content folder into one immutable :class:`Content`.

``load_content`` collects *every* problem (syntax, types, unknown fields,
cross-references) and raises :class:`ContentError` holding all of them, each
printable as ``file:line: path: message``.
"""

from __future__ import annotations

import difflib
import hashlib
import json
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Iterable, TypeVar

from pydantic import BaseModel, ValidationError

from game.content import schema
from game.content.yamlines import LocatedDocument, Path_, Problem, load_located

PACKAGE_DIR = Path(__file__).resolve().parent.parent


def default_content_dir() -> Path:
    """The content shipped in a wheel (game/_content) or, in a checkout, ./content."""
    for candidate in (PACKAGE_DIR / "_content", PACKAGE_DIR.parent / "content"):
        if (candidate / "minerals.yaml").is_file():
            return candidate
    return PACKAGE_DIR.parent / "content"


def default_seeds_dir() -> Path:
    for candidate in (PACKAGE_DIR / "_seeds", PACKAGE_DIR.parent / "seeds"):
        if candidate.is_dir():
            return candidate
    return PACKAGE_DIR.parent / "seeds"


class ContentError(Exception):
    """Content did not validate; ``problems`` lists every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.file, p.line, p.path, p.message))
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass(frozen=True)
class Claim:
    id: str
    type: str
    text: str
    data_note: str = ""
    context_only: str = ""


@dataclass(frozen=True)
class SeedDigest:
    id: str
    title: str
    publisher: str
    date: str
    summary: str
    claims: tuple[Claim, ...]


@dataclass(frozen=True, eq=False)
class Content:
    """Everything under content/, validated.  Immutable; share it freely."""

    root: Path
    minerals: tuple[schema.Mineral, ...]
    sectors: tuple[schema.Sector, ...]
    nations: tuple[schema.Nation, ...]  # powers first, in POWER_IDS order, then the rest
    rules: schema.Rules
    scenarios: dict[str, schema.Scenario]
    cards: tuple[schema.Card, ...]
    seeds: tuple[SeedDigest, ...] = ()
    personas: schema.PersonaBook | None = None  # AI personas (not in the content hash: replays never ask the AI)
    card_files: dict[str, str] = field(default_factory=dict, compare=False)

    @cached_property
    def mineral_index(self) -> dict[str, int]:
        return {m.id: i for i, m in enumerate(self.minerals)}

    @cached_property
    def nation_index(self) -> dict[str, int]:
        return {n.id: i for i, n in enumerate(self.nations)}

    @cached_property
    def sector_index(self) -> dict[str, int]:
        return {s.id: i for i, s in enumerate(self.sectors)}

    @cached_property
    def power_ids(self) -> tuple[str, ...]:
        return tuple(n.id for n in self.nations if n.kind == "power")

    @cached_property
    def claims(self) -> dict[str, Claim]:
        return {c.id: c for d in self.seeds for c in d.claims}

    @cached_property
    def card_index(self) -> dict[str, schema.Card]:
        return {c.id: c for c in self.cards}

    @cached_property
    def content_hash(self) -> str:
        """Hash of the validated content (not of its formatting or comments)."""
        payload = {
            "minerals": [m.model_dump(mode="json") for m in self.minerals],
            "sectors": [s.model_dump(mode="json") for s in self.sectors],
            "nations": [n.model_dump(mode="json") for n in self.nations],
            "rules": self.rules.model_dump(mode="json"),
            "scenarios": {k: v.model_dump(mode="json") for k, v in sorted(self.scenarios.items())},
            "cards": [c.model_dump(mode="json") for c in self.cards],
        }
        blob = json.dumps(payload, sort_keys=True, separators=(",", ":")).encode()
        return hashlib.sha256(blob).hexdigest()

    def counts(self) -> dict[str, int]:
        kinds = [n.kind for n in self.nations]
        return {
            "minerals": len(self.minerals),
            "sectors": len(self.sectors),
            "powers": kinds.count("power"),
            "producers": kinds.count("producer") + kinds.count("aggregate"),
            "scenarios": len(self.scenarios),
            "cards": len(self.cards),
            "claims": len(self.claims),
            "personas": len(self.personas.personas) if self.personas else 0,
        }


M = TypeVar("M", bound=BaseModel)


class _Collector:
    """Gathers problems and typed items while walking located documents."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def parse(self, path: Path, root: Path) -> LocatedDocument:
        shown = _display(path, root)
        doc, problems = load_located(path, shown)
        self.problems.extend(problems)
        return doc

    def items(self, doc: LocatedDocument, key: str) -> list[tuple[Path_, Any]]:
        """The list stored under top-level ``key`` (e.g. ``minerals:``)."""
        if doc.data is None:
            if not any(p.file == doc.file for p in self.problems):
                self.problems.append(doc.problem((), f"file is empty; expected a '{key}:' list"))
            return []
        if not isinstance(doc.data, dict) or key not in doc.data:
            self.problems.append(doc.problem((), f"expected a top-level '{key}:' list"))
            return []
        extra = [k for k in doc.data if k != key]
        for k in extra:
            self.problems.append(doc.problem((k,), f"unknown top-level key (expected only '{key}')"))
        value = doc.data[key]
        if not isinstance(value, list):
            self.problems.append(doc.problem((key,), "expected a list"))
            return []
        return [((key, i), item) for i, item in enumerate(value)]

    def model(self, doc: LocatedDocument, path: Path_, data: Any, model: type[M]) -> M | None:
        try:
            return model.model_validate(data)
        except ValidationError as exc:
            for err in exc.errors():
                rel = _data_path(data, err["loc"])
                self.problems.append(doc.problem(path + rel, _message(err, model, data, rel)))
            return None


def _display(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root.parent))
    except ValueError:
        return str(path)


def _data_path(data: Any, loc: Iterable[Any]) -> Path_:
    """Turn a pydantic error location into a path through the YAML data.

    Discriminated unions add the tag (e.g. ``price_shock``) to the location and
    dict-key errors add ``[key]``; neither exists in the data, so both are dropped.
    """
    out: list[str | int] = []
    cur = data
    for part in loc:
        if part == "[key]":
            continue
        if isinstance(cur, dict):
            if part in cur:
                out.append(part)
                cur = cur[part]
                continue
            if cur.get("type") == part:
                continue
            out.append(part)
            cur = None
        elif isinstance(cur, list) and isinstance(part, int) and 0 <= part < len(cur):
            out.append(part)
            cur = cur[part]
        else:
            if isinstance(part, (str, int)) and not str(part).startswith("function-"):
                out.append(part)
            cur = None
    return tuple(out)


def _model_at(model: type[BaseModel], data: Any, rel: Path_) -> type[BaseModel] | None:
    """The model class that owns the last step of ``rel`` (for field suggestions)."""
    import typing

    current: Any = model
    cur_data = data
    for part in rel[:-1]:
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        if isinstance(part, int):
            cur_data = cur_data[part] if isinstance(cur_data, list) and part < len(cur_data) else None
            continue
        info = current.model_fields.get(part)
        if info is None:
            return None
        cur_data = cur_data.get(part) if isinstance(cur_data, dict) else None
        ann = info.annotation
        current = _unwrap(ann, cur_data, typing)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _unwrap(ann: Any, data: Any, typing: Any) -> Any:
    origin = typing.get_origin(ann)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(ann)[0], data, typing)
    if origin in (list, tuple):
        inner = typing.get_args(ann)[0]
        item = data[0] if isinstance(data, list) and data else None
        return _unwrap(inner, item, typing)
    if origin is typing.Union or str(origin) == "types.UnionType":
        options = [a for a in typing.get_args(ann) if a is not type(None)]
        for opt in options:
            opt = _unwrap(opt, data, typing)
            if isinstance(opt, type) and issubclass(opt, BaseModel):
                tag = opt.model_fields.get("type")
                if tag is None or (isinstance(data, dict) and data.get("type") in typing.get_args(tag.annotation)):
                    return opt
        return options[0] if options else ann
    return ann


def _message(err: Any, model: type[BaseModel], data: Any, rel: Path_) -> str:
    kind = err["type"]
    if kind == "extra_forbidden":
        owner = _model_at(model, data, rel)
        name = str(rel[-1]) if rel else "?"
        known = sorted(owner.model_fields) if owner else []
        return "unknown field" + did_you_mean(name, known, prefix="; ")
    if kind == "missing":
        return "missing required field"
    if kind == "union_tag_invalid":
        tag = err.get("ctx", {}).get("tag", "?")
        return f"unknown effect type '{tag}'" + did_you_mean(str(tag), schema.EFFECT_TYPES, prefix="; ")
    if kind == "union_tag_not_found":
        return "missing 'type' (one of: " + ", ".join(schema.EFFECT_TYPES) + ")"
    if kind == "string_pattern_mismatch" and rel and "sources" in rel:
        return (f"'{err.get('input')}' is not a source: use a claim id like s002-c08, a research "
                "key like R39 or T8, or a dated event like '2010-09-21 China halts ...'")
    msg = err["msg"]
    if "input" in err and not isinstance(err["input"], (dict, list)) and kind != "value_error":
        msg += f" (got {err['input']!r})"
    return msg.replace("Value error, ", "")


def did_you_mean(name: str, known: Iterable[str], prefix: str = " ") -> str:
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return f"{prefix}did you mean '{close[0]}'?" if close else ""


# ------------------------------------------------------------------ loading


def load_content(root: Path | str | None = None, seeds_dir: Path | str | None = None) -> Content:
    """Load and validate a content folder; raise ContentError listing every problem."""
    root = Path(root) if root is not None else default_content_dir()
    if not root.is_dir():
        raise ContentError([Problem(str(root), 0, "", "content folder not found")])
    seeds_root = Path(seeds_dir) if seeds_dir is not None else (
        root.parent / "seeds" if (root.parent / "seeds").is_dir() and root.name == "content"
        else default_seeds_dir()
    )
    col = _Collector()
    located: dict[str, list[tuple[LocatedDocument, Path_, Any]]] = {}

    def read_list(path: Path, key: str, model: type[M]) -> list[M]:
        if not path.is_file():
            col.problems.append(Problem(_display(path, root), 0, "", "file not found"))
            return []
        doc = col.parse(path, root)
        out: list[M] = []
        for item_path, item in col.items(doc, key):
            located.setdefault(key, []).append((doc, item_path, item))
            parsed = col.model(doc, item_path, item, model)
            if parsed is not None:
                out.append(parsed)
        return out

    minerals = read_list(root / "minerals.yaml", "minerals", schema.Mineral)
    sectors = read_list(root / "sectors.yaml", "sectors", schema.Sector)
    powers = read_list(root / "powers.yaml", "powers", schema.Nation)
    producers = read_list(root / "producers.yaml", "producers", schema.Nation)

    rules: schema.Rules | None = None
    rules_path = root / "rules.yaml"
    if rules_path.is_file():
        rules_doc = col.parse(rules_path, root)
        if rules_doc.data is not None:
            rules = col.model(rules_doc, (), rules_doc.data, schema.Rules)
            located["rules"] = [(rules_doc, (), rules_doc.data)]
    else:
        col.problems.append(Problem(_display(rules_path, root), 0, "", "file not found"))

    personas = _load_personas(root, col, [n.id for n in powers])

    scenarios: dict[str, schema.Scenario] = {}
    for path in sorted((root / "scenarios").glob("*.yaml")):
        doc = col.parse(path, root)
        if doc.data is None:
            continue
        located.setdefault("scenarios", []).append((doc, (), doc.data))
        sc = col.model(doc, (), doc.data, schema.Scenario)
        if sc is not None:
            if sc.id in scenarios:
                col.problems.append(doc.problem(("id",), f"duplicate scenario id '{sc.id}'"))
            scenarios[sc.id] = sc

    cards: list[schema.Card] = []
    card_files: dict[str, str] = {}
    for path in sorted((root / "cards").glob("*.yaml")):
        doc = col.parse(path, root)
        for item_path, item in col.items(doc, "cards"):
            located.setdefault("cards", []).append((doc, item_path, item))
            card = col.model(doc, item_path, item, schema.Card)
            if card is not None:
                cards.append(card)
                card_files.setdefault(card.id, f"{doc.file}:{doc.line_of(item_path)}")

    seeds = _load_seeds(seeds_root, col)

    nations = _order_nations(powers, producers)
    from game.content.validate import cross_check  # local import: validate needs Content

    content = Content(
        root=root, minerals=tuple(minerals), sectors=tuple(sectors), nations=tuple(nations),
        rules=rules, scenarios=scenarios,  # type: ignore[arg-type]  # None only with problems
        cards=tuple(cards), seeds=tuple(seeds), card_files=card_files, personas=personas,
    )
    col.problems.extend(cross_check(content, located, rules_missing=rules is None))
    if col.problems:
        raise ContentError(col.problems)
    return content


def _load_personas(root: Path, col: _Collector, power_ids: list[str]) -> schema.PersonaBook | None:
    path = root / "personas.yaml"
    if not path.is_file():
        col.problems.append(Problem(_display(path, root), 0, "", "file not found"))
        return None
    doc = col.parse(path, root)
    if doc.data is None:
        return None
    book = col.model(doc, (), doc.data, schema.PersonaBook)
    if book is None:
        return None
    ids = [p.id for p in book.personas]
    for i, pid in enumerate(ids):
        if pid in ids[:i]:
            col.problems.append(doc.problem(("personas", i, "id"), f"duplicate persona id '{pid}'"))
    for power, persona in book.defaults.items():
        if power not in power_ids:
            col.problems.append(doc.problem(("defaults", power), f"unknown power '{power}'"
                                            + did_you_mean(power, power_ids, prefix="; ")))
        if persona not in ids:
            col.problems.append(doc.problem(("defaults", power), f"unknown persona '{persona}'"
                                            + did_you_mean(persona, ids, prefix="; ")))
    for level in schema.LEVELS:
        if level not in book.levels:
            col.problems.append(doc.problem(("levels",), f"missing level '{level}'"))
    return book


def _order_nations(powers: list[schema.Nation], producers: list[schema.Nation]) -> list[schema.Nation]:
    order = {pid: i for i, pid in enumerate(schema.POWER_IDS)}
    ordered = sorted(powers, key=lambda n: order.get(n.id, len(order)))
    return ordered + list(producers)


def _load_seeds(root: Path, col: _Collector) -> list[SeedDigest]:
    out: list[SeedDigest] = []
    if not root.is_dir():
        return out
    for path in sorted(root.glob("s*.yaml")):
        doc = col.parse(path, root)
        data = doc.data
        if not isinstance(data, dict):
            if data is not None:
                col.problems.append(doc.problem((), "expected a mapping with id, title and claims"))
            continue
        claims = []
        for i, c in enumerate(data.get("claims") or []):
            if not isinstance(c, dict) or "id" not in c or "text" not in c:
                col.problems.append(doc.problem(("claims", i), "a claim needs an id and a text"))
                continue
            if c.get("type") not in ("fact", "figure", "event", "mechanic", "actor"):
                col.problems.append(doc.problem(("claims", i, "type"),
                                                "type must be fact, figure, event, mechanic or actor"))
            claims.append(Claim(id=str(c["id"]), type=str(c.get("type")), text=str(c["text"]),
                                data_note=str(c.get("data_note") or ""),
                                context_only=str(c.get("context_only") or "")))
        out.append(SeedDigest(id=str(data.get("id", path.stem)), title=str(data.get("title", "")),
                              publisher=str(data.get("publisher", "")), date=str(data.get("date", "")),
                              summary=str(data.get("summary", "")), claims=tuple(claims)))
    return out
