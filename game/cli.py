"""One entry point: ``terra-rara [play|sim|replay|validate|cards|lessons] ...`` (no command: the game).

Every failure a user can cause (bad flags, unknown ids, unusable files) ends in
one clear message and exit status 2; content problems exit 1 from ``validate``;
a replay that diverges exits 1; a lesson whose gate fails exits 1 from ``lessons``.
No traceback reaches the user.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, Sequence

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2
SAVES_DIR = Path("saves")  # the default save folder, relative to where the game is run


class UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"{self.prog}: error: {message}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="terra-rara", description="Terra Rara: the geopolitics of critical minerals.")
    sub = p.add_subparsers(dest="command", parser_class=_Parser)

    v = sub.add_parser("validate", help="check the content folder and report every problem")
    v.add_argument("--content", type=Path, help="content folder (default: the installed content)")
    v.add_argument("--json", action="store_true", help="print the result as JSON")

    s = sub.add_parser("sim", help="play a whole game headless with every power on a bot")
    s.add_argument("--scenario", default="standard", help="scenario id (default: standard)")
    s.add_argument("--seed", type=int, default=1, help="random seed (default: 1)")
    s.add_argument("--turns", type=int, help="stop after this many turns")
    s.add_argument("--actions", type=Path, help="YAML list of scripted actions {turn, power, action, ...}")
    s.add_argument("--save", type=Path, help="write a save file (replayable); a bare name goes in ./saves/")
    s.add_argument("--json", type=Path, dest="json_out", help="write the game's record as JSON here ('-' for stdout)")
    s.add_argument("--quiet", action="store_true", help="print only the final result")
    s.add_argument("--control", action="append", default=[], metavar="POWER=PERSONA[:LEVEL]",
                   help="who plays a power: an AI persona (leverage, diversifier, free_trader, hoarder, "
                        "green_industrialist) at a level (easy, normal, hard); repeatable")
    s.add_argument("--level", default="normal", choices=["easy", "normal", "hard"],
                   help="level of every AI not set by --control (default: normal)")
    s.add_argument("--content", type=Path, help=argparse.SUPPRESS)

    c = sub.add_parser("cards", help="list the cards, or show one with its sources")
    c.add_argument("--id", dest="card_id", help="show this card in full")
    c.add_argument("--source", help="only cards citing this claim id or source (e.g. s002-c08, R67)")
    c.add_argument("--kind", choices=["world", "policy", "crisis"], help="only cards of this kind")
    c.add_argument("--content", type=Path, help=argparse.SUPPRESS)

    pl = sub.add_parser("play", help="play in the terminal: straight into a game (no flags: the title screen)")
    pl.add_argument("--scenario", help="scenario id (default: standard)")
    pl.add_argument("--power", help="the power you lead (default: japan, or the scenario's first)")
    pl.add_argument("--seed", type=int, help="random seed (default: 2025)")
    pl.add_argument("--difficulty", default="normal", help="AI difficulty: easy, normal, hard")
    pl.add_argument("--load", type=Path, help="open this save instead of starting a new game")
    pl.add_argument("--saves", type=Path, help="the saves folder (default: ./saves)")
    pl.add_argument("--content", type=Path, help=argparse.SUPPRESS)

    le = sub.add_parser("lessons", help="run the game's lessons as paired-seed experiments, with 95%% intervals")
    le.add_argument("--seeds", type=int, default=40, help="seeds per arm (default: 40)")
    le.add_argument("--first", type=int, default=0, help="first seed (default: 0)")
    le.add_argument("--lesson", action="append", default=[], metavar="ID",
                    help="run only this lesson (repeatable): dependence, stockpiles, leverage, "
                         "diversification, research")
    le.add_argument("--workers", type=int, default=0, help="worker processes (default: one per core)")
    le.add_argument("--json", type=Path, dest="json_out", help="also write the figures as JSON here")
    le.add_argument("--content", type=Path, help=argparse.SUPPRESS)

    r = sub.add_parser("replay", help="re-run a save's action log")
    r.add_argument("file", type=Path)
    r.add_argument("--verify", action="store_true", help="check the state hash of every turn")
    r.add_argument("--content", type=Path, help=argparse.SUPPRESS)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command is None:
            return cmd_title(args)
        return {"validate": cmd_validate, "sim": cmd_sim, "replay": cmd_replay,
                "cards": cmd_cards, "play": cmd_play, "lessons": cmd_lessons}[args.command](args)
    except UsageError as exc:
        print(f"terra-rara: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("terra-rara: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK


def _load(content_dir: Path | None) -> Any:
    from game.content.loader import ContentError, load_content
    from game.runtime import settle_after_loading

    try:
        content = load_content(content_dir)
    except ContentError as exc:
        shown = exc.problems[:20]
        more = f"\n... and {len(exc.problems) - 20} more (run terra-rara validate)" if len(exc.problems) > 20 else ""
        raise UsageError("the game content is invalid:\n" + "\n".join(str(p) for p in shown) + more) from None
    settle_after_loading()
    return content


# ----------------------------------------------------------------------------- validate


def cmd_validate(args: argparse.Namespace) -> int:
    from game.content.loader import ContentError, load_content

    try:
        content = load_content(args.content)
    except ContentError as exc:
        if args.json:
            print(json.dumps({"ok": False, "counts": {}, "errors": [p.as_dict() for p in exc.problems]}, indent=2))
        else:
            for problem in exc.problems:
                print(problem)
            print(f"{len(exc.problems)} problem{'s' if len(exc.problems) != 1 else ''} found", file=sys.stderr)
        return EXIT_FAIL
    counts = content.counts()
    if args.json:
        print(json.dumps({"ok": True, "counts": counts, "errors": []}, indent=2))
    else:
        print(f"content OK ({content.root}): " + ", ".join(f"{v} {k}" for k, v in counts.items()))
    return EXIT_OK


# ----------------------------------------------------------------------------- sim


def _parse_controls(specs: list[str], content: Any, scenario: str) -> dict[str, str]:
    """--control POWER=PERSONA[:LEVEL], each checked with a clear message."""
    from game.content.loader import did_you_mean

    powers = content.scenarios[scenario].powers
    personas = [p.id for p in content.personas.personas]
    levels = list(content.personas.levels)
    out: dict[str, str] = {}
    for spec in specs:
        power, eq, rest = spec.partition("=")
        persona, _, level = rest.partition(":")
        if not eq or not power or not persona:
            raise UsageError(f"--control {spec!r}: expected POWER=PERSONA[:LEVEL], e.g. japan=hoarder:hard")
        if power not in powers:
            raise UsageError(f"--control {spec!r}: '{power}' is not a power in '{scenario}'"
                             + did_you_mean(power, powers, "; ") + f" (powers: {', '.join(powers)})")
        if persona not in personas:
            raise UsageError(f"--control {spec!r}: unknown persona '{persona}'"
                             + did_you_mean(persona, personas, "; ") + f" (personas: {', '.join(personas)})")
        if level and level not in levels:
            raise UsageError(f"--control {spec!r}: unknown level '{level}' (levels: {', '.join(levels)})")
        if power in out:
            raise UsageError(f"--control: {power} is given twice")
        out[power] = persona + (f":{level}" if level else "")
    return out


def cmd_sim(args: argparse.Namespace) -> int:
    from game.engine.world import ScenarioNotFound
    from game.sim.report import print_summary, print_turn
    from game.sim.runner import ScriptError, load_script, run_game

    content = _load(args.content)
    if args.scenario not in content.scenarios:
        from game.content.loader import did_you_mean

        raise UsageError(f"unknown scenario '{args.scenario}'" + did_you_mean(args.scenario, content.scenarios, "; ")
                         + f" (scenarios: {', '.join(sorted(content.scenarios))})")
    if args.turns is not None and args.turns < 1:
        raise UsageError("--turns must be at least 1")
    if args.seed < 0:
        raise UsageError("--seed must be 0 or more")
    script = None
    if args.actions is not None:
        if not args.actions.is_file():
            raise UsageError(f"{args.actions}: no such actions file")
        try:
            script = load_script(args.actions, content)
        except ScriptError as exc:
            raise UsageError(f"bad actions file: {exc}") from None
    for target in (args.save, args.json_out):
        if target is not None and str(target) != "-" and target.exists() and target.is_dir():
            raise UsageError(f"{target} is a folder, not a file")
    if args.save is not None and args.save.parent == Path("."):
        args.save = SAVES_DIR / args.save
    controls = _parse_controls(args.control, content, args.scenario)
    on_turn = None if args.quiet else (lambda game, report: print_turn(game, report))
    try:
        record = run_game(content, args.scenario, args.seed, turns=args.turns, script=script, on_turn=on_turn,
                          controls=controls, level=args.level)
    except ScriptError as exc:
        raise UsageError(f"bad actions file: {exc}") from None
    except ScenarioNotFound as exc:
        raise UsageError(f"unknown scenario {exc}") from None
    print_summary(record.game)
    if args.save is not None:
        from game.saves.files import save_game

        try:
            players = {p: f"{v['persona']}:{v['level']}" for p, v in record.players.items()}
            path = save_game(record.game, args.save, players=players)
        except OSError as exc:
            raise UsageError(f"cannot write save {args.save}: {exc.strerror}") from None
        print(f"saved to {path}")
    if args.json_out is not None:
        text = json.dumps(record.to_json(), indent=1)
        if str(args.json_out) == "-":
            print(text)
        else:
            try:
                args.json_out.parent.mkdir(parents=True, exist_ok=True)
                args.json_out.write_text(text)
            except OSError as exc:
                raise UsageError(f"cannot write {args.json_out}: {exc.strerror}") from None
            print(f"JSON record written to {args.json_out}")
    return EXIT_OK


# ----------------------------------------------------------------------------- lessons


def cmd_lessons(args: argparse.Namespace) -> int:
    """Exit 0 when every gate of the lessons run passes, 1 when one fails."""
    from game.sim.batch import cores
    from game.sim.lessons import LESSON_IDS, as_json, report, run_lessons

    if args.seeds < 2:
        raise UsageError("--seeds must be at least 2 (an interval needs two paired games)")
    if args.first < 0:
        raise UsageError("--first must be 0 or more")
    if args.workers < 0:
        raise UsageError("--workers must be 0 (one per core) or more")
    unknown = [x for x in args.lesson if x not in LESSON_IDS]
    if unknown:
        raise UsageError(f"unknown lesson {unknown[0]!r}; the lessons are: {', '.join(LESSON_IDS)}")
    if args.json_out is not None and args.json_out.is_dir():
        raise UsageError(f"{args.json_out} is a folder, not a file")
    content = _load(args.content)
    verdicts = run_lessons(content, tuple(args.lesson) or LESSON_IDS, range(args.first, args.first + args.seeds),
                           workers=args.workers or cores())
    print(report(verdicts))
    if args.json_out is not None:
        from game.saves.files import write_atomic

        try:
            write_atomic(args.json_out, json.dumps(as_json(verdicts), indent=1).encode())
        except OSError as exc:
            raise UsageError(f"cannot write {args.json_out}: {exc.strerror}") from None
        print(f"figures written to {args.json_out}")
    return EXIT_OK if all(v.passed for v in verdicts) else EXIT_FAIL


# ----------------------------------------------------------------------------- cards


def cmd_cards(args: argparse.Namespace) -> int:
    from game.content.loader import did_you_mean
    from game.sim.cardtext import card_block, card_line

    content = _load(args.content)
    if args.card_id:
        card = content.card_index.get(args.card_id)
        if card is None:
            raise UsageError(f"unknown card '{args.card_id}'" + did_you_mean(args.card_id, content.card_index, "; "))
        print(card_block(content, card))
        return EXIT_OK
    cards = list(content.cards)
    if args.source:
        if args.source.startswith("s") and "-c" in args.source and args.source not in content.claims:
            raise UsageError(f"unknown claim '{args.source}'" + did_you_mean(args.source, content.claims, "; "))
        cards = [c for c in cards if any(args.source == s or (not args.source.startswith("s") and args.source in s)
                                         for s in c.sources)]
        if args.source in content.claims:
            claim = content.claims[args.source]
            print(f"{args.source}: {claim.text}")
            if claim.data_note:
                print(f"against the data: {claim.data_note}")
            print()
    if args.kind:
        cards = [c for c in cards if c.kind == args.kind]
    for card in cards:
        print(card_line(card))
    print(f"\n{len(cards)} card{'s' if len(cards) != 1 else ''}" + (f" citing {args.source}" if args.source else ""))
    return EXIT_OK


# ----------------------------------------------------------------------------- play


def cmd_title(args: argparse.Namespace) -> int:
    """No command: the title screen (the engine loads behind it)."""
    from game.ui.app import Settings, run

    run(Settings(saves_dir=SAVES_DIR))
    return EXIT_OK


def cmd_play(args: argparse.Namespace) -> int:
    """Straight into a game: every flag is checked (and the game set up) before the screen opens."""
    from game.saves.files import SaveError
    from game.ui.app import Settings, run
    from game.ui.session import GameSession, SessionError

    saves = args.saves if args.saves is not None else SAVES_DIR
    if saves.exists() and not saves.is_dir():
        raise UsageError(f"{saves} is a file, not a saves folder")
    if args.seed is not None and args.seed < 0:
        raise UsageError("--seed must be 0 or more")
    content = _load(args.content)
    try:
        if args.load is not None:
            if args.scenario is not None or args.seed is not None:
                raise UsageError("--load opens a save as it was: drop --scenario and --seed")
            session = GameSession.load(args.load, content, power=args.power, saves_dir=saves)
        else:
            scenario = args.scenario or "standard"
            power = args.power
            if power is None and scenario in content.scenarios:
                powers = content.scenarios[scenario].powers
                power = "japan" if "japan" in powers else next(p for p in content.power_ids if p in powers)
            session = GameSession.new(content, scenario, power or "", 2025 if args.seed is None else args.seed,
                                      args.difficulty, saves_dir=saves)
    except (SaveError, SessionError) as exc:
        raise UsageError(str(exc)) from None
    run(Settings(saves_dir=saves, content_dir=args.content, extra={"briefing": args.load is None}),
        session=session)
    return EXIT_OK


# ----------------------------------------------------------------------------- replay


def cmd_replay(args: argparse.Namespace) -> int:
    from game.saves.files import SaveError, read_save, replay

    content = _load(args.content)
    try:
        data = read_save(args.file, content)
        result = replay(data, content)
    except SaveError as exc:
        raise UsageError(str(exc)) from None
    if not args.verify:
        print(f"{args.file}: {data.scenario}, seed {data.seed}, {len(data.turn_hashes)} turns, "
              f"{len(data.actions)} actions; replay {'matches' if result.ok else 'DIFFERS'}")
        return EXIT_OK if result.ok else EXIT_FAIL
    if result.ok:
        print(f"{args.file}: {result.message}")
        return EXIT_OK
    print(f"{args.file}: replay FAILED at turn {result.first_bad_turn}: {result.message}", file=sys.stderr)
    return EXIT_FAIL


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
