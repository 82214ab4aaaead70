"""`main.py host SCENARIO ...`: host a class game across machines (DESIGN.md §10).

The host is checked, started and announced on the LAN before any window opens, so that bad input
(an unknown state, a port in use, an unreadable save) is one clear message. Then either the
teacher's console runs (game.ui.scenes.host_console) or, with --headless, the game is served to
its end and simulate's files are written.

Seats played over the network: the states named by --human (all: every state), by default the
scenario's human states. A seat that has not ordered when the turn timer (--turn-seconds) runs
out is played by its AI that turn; without a timer the turn waits (the console changes both).
A headless host gives remote seats their doctrine's mind-set, so that `join --bot` seats play
exactly the game `simulate` plays with the same seed.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from game.cli import options
from game.errors import NetError, UserError
from game.net import discovery
from game.net.host import AUTOSAVE_NAME, Host

MAX_TURN_SECONDS = 24 * 3600


def cmd_host(args: argparse.Namespace) -> int:
    check_options(args)
    autosave_dir = autosave_folder(args)
    host = make_host(args, autosave_dir)
    try:
        host.start()
    except NetError as err:
        raise UserError(f"{err}. Is another game already hosted on port {args.port}? Choose another with --port.") \
            from None
    advert = None
    try:
        if args.codes:
            write_codes(Path(args.codes), host.codes())
        title = host.call(lambda: host.match.engine.scenario.scenario.title)
        address = join_address(host)
        print_welcome(host, title, address, autosave_dir)
        advert = discovery.advertise(host.port, title)
        if args.headless:
            out = options.out_dir(args.out)
            host.run_headless(out)
            print(f"Game over. Wrote {out / 'summary.json'}, {out / 'series.csv'} and {out / 'replay.json'}")
            return 0
        from game.ui import app

        return app.host_console(host, address, advertised=advert is not None)
    finally:
        if advert is not None:
            advert.close()
        host.stop()


def check_options(args: argparse.Namespace) -> None:
    if not args.load and not args.scenario:
        raise UserError("host needs a SCENARIO (a built-in id or a .toml file) or --load SAVE.")
    if args.load and (args.seed is not None or args.human or args.turns is not None):
        raise UserError("--load resumes a saved class game as it was: --seed, --human and --turns do not apply.")
    options.non_negative_seed(args.seed)
    if not 0 <= args.port <= 65535:
        raise UserError(f"--port must be between 0 and 65535 (got {args.port}).")
    if args.turn_seconds is not None and not 0 < args.turn_seconds <= MAX_TURN_SECONDS:
        raise UserError(f"--turn-seconds must be more than 0 and at most {MAX_TURN_SECONDS} (got {args.turn_seconds:g}).")
    if args.headless and not args.out:
        raise UserError("--headless needs --out DIR (where summary.json, series.csv and replay.json go).")
    if args.out and not args.headless:
        raise UserError("--out goes with --headless (the console's debrief exports from its window).")
    if args.codes and Path(args.codes).is_dir():
        raise UserError(f"--codes {args.codes}: is a folder; give a file name such as codes.json.")


def remote_states(args: argparse.Namespace, state_ids: list[str], scenario_humans: list[str]) -> list[str]:
    if not args.human:
        return scenario_humans or list(state_ids)
    if args.human.strip().lower() == "all":
        return list(state_ids)
    chosen = list(dict.fromkeys(h.strip() for h in args.human.split(",") if h.strip()))
    unknown = [h for h in chosen if h not in state_ids]
    if unknown or not chosen:
        raise UserError(f"--human: no state called {', '.join(map(repr, unknown)) or 'that'} "
                        f"(states: {', '.join(state_ids)}; or all).")
    return chosen


def make_host(args: argparse.Namespace, autosave_dir: Path) -> Host:
    common = dict(bind=args.bind, port=args.port, autosave_dir=autosave_dir)
    if args.turn_seconds is not None:
        common["turn_seconds"] = args.turn_seconds
    if args.no_observers:
        common["allow_observers"] = False
    if args.load:
        return Host.from_save(args.load, **common)
    sc = options.scenario(args.scenario, args.turns)
    humans = [s.id for s in sc.states if s.controller == "human"]
    remote = remote_states(args, sc.state_ids, humans)
    return Host(scenario=sc, seed=sc.scenario.seed if args.seed is None else args.seed, remote=remote,
                if_silent="ai" if args.turn_seconds else "wait", minds="doctrine" if args.headless else "advisor",
                **common)


def autosave_folder(args: argparse.Namespace) -> Path:
    """A class game autosaves into a folder of its own (a resumed one: beside its save)."""
    if args.load:
        return Path(args.load).resolve().parent
    from game.ui.settings import default_paths  # plain files and folders: no window

    name = Path(args.scenario).stem if args.scenario.endswith(".toml") else args.scenario.replace(":", "-")
    return default_paths().saves_dir / "classroom" / f"{name}-{time.strftime('%Y%m%d-%H%M%S')}"


def join_address(host: Host) -> str:
    """What the teams type: this machine's LAN address when listening on every network."""
    where = discovery.lan_address() if host.bind in ("0.0.0.0", "", "::") else host.bind
    return f"{where}:{host.port}"


def write_codes(path: Path, codes: dict[str, str]) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        scratch = path.with_name(path.name + ".tmp")
        scratch.write_text(json.dumps(codes, indent=2) + "\n", encoding="utf-8")
        scratch.replace(path)
    except OSError as err:
        raise UserError(f"--codes {path}: cannot write it ({err.strerror or err}).") from None


def print_welcome(host: Host, title: str, address: str, autosave_dir: Path) -> None:
    rows = host.seats()
    print(f"Hosting {title} — join at {address}")
    for row in rows:
        if row.code:
            print(f"  {row.name:<16} code {row.code}")
    print(f"Autosaves to {autosave_dir / AUTOSAVE_NAME} (next lesson: host --load that file)")
    sys.stdout.flush()  # read by a script or a test while the game goes on
