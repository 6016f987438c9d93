"""Save files: written atomically, read with one clear message for every way they can be bad.

A save is JSON: format and engine versions, the content hash, scenario, seed,
who played each power, the full action log, the state hash of every turn, a
state snapshot for quick loading, and a checksum over all of it.  Writing goes
to a temporary file in the same folder, is flushed and fsynced, then renamed
over the target, so a crash leaves either the old save or the new one.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from game.content.loader import Content
from game.engine.actions import IllegalAction
from game.engine.game import ENGINE_VERSION, Game, LoggedAction
from game.engine.state import GameState
from game.engine.world import ScenarioNotFound

FORMAT = "terra-rara-save"
FORMAT_VERSION = 4  # 2: diplomacy (offers, agreements, alignment, reputation, stability); 3: points
# earned each quarter; 4: the crisis hazard (its random stream and who tipped the world over)
REQUIRED = ("format", "format_version", "engine_version", "content_hash", "scenario", "seed",
            "players", "turn", "actions", "turn_hashes", "snapshot", "checksum")


class SaveError(Exception):
    """A save cannot be used; the message says which file and why."""


@dataclass
class SaveData:
    path: Path
    scenario: str
    seed: int
    players: dict[str, str]
    turn: int
    actions: list[LoggedAction]
    turn_hashes: list[str]
    snapshot: dict[str, Any]
    content_hash: str
    saved_at: str
    extra: dict[str, Any]


def _checksum(body: dict[str, Any]) -> str:
    blob = json.dumps({k: v for k, v in body.items() if k != "checksum"}, sort_keys=True,
                      separators=(",", ":")).encode()
    return hashlib.sha256(blob).hexdigest()


def save_game(game: Game, path: Path | str, players: dict[str, str] | None = None,
              extra: dict[str, Any] | None = None) -> Path:
    """Write ``game`` to ``path`` atomically and return the path."""
    path = Path(path)
    body: dict[str, Any] = {
        "format": FORMAT, "format_version": FORMAT_VERSION, "engine_version": ENGINE_VERSION,
        "content_hash": game.content.content_hash, "scenario": game.scenario, "seed": game.seed,
        "players": players or {p: "ai" for p in game.powers}, "turn": game.state.turn,
        "date": game.date_label(max(game.state.turn, 1)),
        "saved_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "actions": [a.as_dict() for a in game.log], "turn_hashes": list(game.turn_hashes),
        "snapshot": game.state.to_dict(), "extra": extra or {},
    }
    body["checksum"] = _checksum(body)
    write_atomic(path, json.dumps(body, separators=(",", ":")).encode())
    return path


def write_atomic(path: Path, data: bytes) -> None:
    """Write, fsync, rename; the previous file survives any crash before the rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    try:
        dir_fd = os.open(path.parent, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def read_save(path: Path | str, content: Content | None = None) -> SaveData:
    """Read and check a save.  Raises SaveError with one clear message."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise SaveError(f"{path}: no such save file") from None
    except OSError as exc:
        raise SaveError(f"{path}: cannot read: {exc.strerror}") from None
    if not raw.strip():
        raise SaveError(f"{path}: the file is empty (a save interrupted before it was written?)")
    try:
        body = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise SaveError(f"{path}: not a Terra Rara save (binary data)") from None
    except json.JSONDecodeError as exc:
        body_bytes = raw.strip()
        if body_bytes[:1] == b"{" and body_bytes[-1:] != b"}":
            raise SaveError(f"{path}: the save is truncated (it ends at byte {len(raw)})") from None
        raise SaveError(f"{path}: damaged or not a save: invalid JSON at line {exc.lineno}, "
                        f"column {exc.colno}") from None
    if not isinstance(body, dict) or body.get("format") != FORMAT:
        raise SaveError(f"{path}: not a Terra Rara save (no '{FORMAT}' marker)")
    version = body.get("format_version")
    if not isinstance(version, int):
        raise SaveError(f"{path}: damaged save: format_version is missing")
    if version > FORMAT_VERSION:
        raise SaveError(f"{path}: made by a newer version of Terra Rara (save format {version}; "
                        f"this version reads up to {FORMAT_VERSION}). Update the game to open it.")
    if version < FORMAT_VERSION:
        raise SaveError(f"{path}: made by an older version of Terra Rara (save format {version}; this "
                        f"version reads format {FORMAT_VERSION}, which scores every quarter and "
                        f"rolls a crisis hazard). Start a new game.")
    missing = [k for k in REQUIRED if k not in body]
    if missing:
        raise SaveError(f"{path}: damaged save: missing {', '.join(missing)}")
    if body["checksum"] != _checksum(body):
        raise SaveError(f"{path}: damaged save: the checksum does not match its contents")
    if content is not None and body["content_hash"] != content.content_hash:
        raise SaveError(
            f"{path}: made with different game content (content {body['content_hash'][:12]}, "
            f"installed {content.content_hash[:12]}); it cannot be loaded or replayed with this content")
    try:
        actions = [LoggedAction(int(a.pop("turn")), str(a.pop("power")), a) for a in body["actions"]]
        return SaveData(
            path=path, scenario=str(body["scenario"]), seed=int(body["seed"]),
            players=dict(body["players"]), turn=int(body["turn"]), actions=actions,
            turn_hashes=[str(h) for h in body["turn_hashes"]], snapshot=body["snapshot"],
            content_hash=str(body["content_hash"]), saved_at=str(body.get("saved_at", "")),
            extra=dict(body.get("extra") or {}),
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise SaveError(f"{path}: damaged save: {exc}") from None


def load_game(data: SaveData, content: Content) -> Game:
    """Rebuild a game from a save's snapshot (fast: no replay)."""
    try:
        game = Game.new(content, data.scenario, data.seed)
        game.state = GameState.from_dict(data.snapshot)
    except ScenarioNotFound:
        raise SaveError(f"{data.path}: scenario '{data.scenario}' is not in this content") from None
    except (KeyError, TypeError, ValueError) as exc:
        raise SaveError(f"{data.path}: damaged snapshot: {exc}") from None
    game.log = list(data.actions)
    game.turn_hashes = list(data.turn_hashes)
    return game


@dataclass
class ReplayResult:
    ok: bool
    turns_checked: int
    message: str
    first_bad_turn: int | None = None


def replay(data: SaveData, content: Content) -> ReplayResult:
    """Re-run the action log from the seed and compare every turn's hash."""
    try:
        game = Game.new(content, data.scenario, data.seed)
    except ScenarioNotFound:
        raise SaveError(f"{data.path}: scenario '{data.scenario}' is not in this content") from None
    by_turn: dict[int, list[LoggedAction]] = {}
    for a in data.actions:
        by_turn.setdefault(a.turn, []).append(a)
    for t, expected in enumerate(data.turn_hashes, start=1):
        for a in by_turn.get(t, []):
            try:
                game.submit(a.power, dict(a.action))
            except IllegalAction as exc:
                return ReplayResult(False, t - 1, f"turn {t}: logged action of {a.power} was refused: {exc}", t)
        game.end_turn()
        got = game.state_hash()
        if got != expected:
            return ReplayResult(False, t - 1, f"turn {t} differs: saved hash {expected[:16]}…, "
                                              f"replay gives {got[:16]}…", t)
    # actions of a turn in progress, then the snapshot itself
    pending = len(data.turn_hashes) + 1
    for a in by_turn.get(pending, []):
        try:
            game.submit(a.power, dict(a.action))
        except IllegalAction as exc:
            return ReplayResult(False, len(data.turn_hashes), f"turn {pending}: logged action refused: {exc}", pending)
    try:
        snap_hash = GameState.from_dict(data.snapshot).state_hash()
    except (KeyError, TypeError, ValueError) as exc:
        raise SaveError(f"{data.path}: damaged snapshot: {exc}") from None
    if snap_hash != game.state_hash():
        return ReplayResult(False, len(data.turn_hashes),
                            "the snapshot does not match the replayed state", pending)
    n = len(data.turn_hashes)
    return ReplayResult(True, n, f"replay verified: {n} turn{'s' if n != 1 else ''}, every hash matches")
