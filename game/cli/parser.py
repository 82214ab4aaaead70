"""The command line's grammar (DESIGN.md §7): every command, its arguments and their help."""
from __future__ import annotations

import argparse


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="main.py", description="Security Dilemma: a strategy game about arms races, "
                                "alliances and deterrence. With no command, opens the title screen.")
    debug_help = "on a bug, print the full traceback (also: SECURITY_DILEMMA_DEBUG=1)"
    p.add_argument("--debug", action="store_true", help=debug_help)
    # --debug is also accepted after the command; SUPPRESS keeps the value given before it.
    after_command = argparse.ArgumentParser(add_help=False)
    after_command.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=debug_help)
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, summary: str) -> argparse.ArgumentParser:
        return sub.add_parser(name, help=summary, parents=[after_command])

    play = command("play", "play a scenario (SCENARIO is a built-in id, a .toml path or random:N)")
    play.add_argument("scenario", nargs="?", help="built-in id, path to a .toml file, or random:N")
    play.add_argument("--seed", type=int, help="random seed (default: the scenario's)")
    play.add_argument("--load", metavar="SAVE", help="continue a saved game")
    play.add_argument("--human", metavar="IDS", help="comma-separated states to play by hand (default: the scenario's)")
    play.add_argument("--turns", type=int, help="play N turns instead of the scenario's length (to fit a lesson)")

    watch = command("watch", "watch AI states play a scenario in the window")
    watch.add_argument("scenario")
    watch.add_argument("--turns", type=int, help="stop after N turns")
    watch.add_argument("--seed", type=int)
    watch.add_argument("--screenshot", metavar="PNG", help="save a screenshot at the end and close")
    watch.add_argument("--speed", type=float, default=2.0, help="turns per second (default 2)")

    simulate = command("simulate", "play a whole game headless and print what happened")
    simulate.add_argument("scenario")
    simulate.add_argument("--turns", type=int)
    simulate.add_argument("--seed", type=int)
    simulate.add_argument("--out", metavar="DIR", help="write summary.json, series.csv and replay.json here")
    simulate.add_argument("--explain", action="store_true", help="print each AI decision's reasons")
    simulate.add_argument("-q", "--quiet", action="store_true", help="print only the final summary")

    exp = command("experiment", "run a batch of games over conditions")
    exp.add_argument("scenario")
    exp.add_argument("--runs", type=int, required=True, help="games per condition")
    exp.add_argument("--vary", action="append", default=[], metavar="KEY=V1,V2",
                     help="a parameter and its values, e.g. world.offense_defense=0.33,2; a list value keeps its "
                          "commas inside its brackets: \"states.rubria.position=[0.2,0.5],[0.4,0.5]\" (repeatable)")
    exp.add_argument("--turns", type=int)
    exp.add_argument("--seed", type=int, default=0)
    exp.add_argument("--out", metavar="DIR", required=True)
    exp.add_argument("--workers", type=int, help="processes to use (default: all cores)")
    exp.add_argument("--series", nargs="?", const="gz", choices=("gz", "csv"),
                     help="also write the per-turn series, one row per game, turn and pair of states: "
                          "series.csv.gz, or plain series.csv with --series csv (it adds about a tenth to the time)")
    exp.add_argument("--cluster", metavar="ADDR|local",
                     help="play the games on a Dask cluster: its scheduler's address (tcp://HOST:8786), or 'local' "
                          "to start one here with --workers processes (needs: pip install -e \".[cluster]\")")

    tour = command("tournament", "a round-robin of doctrines")
    tour.add_argument("--doctrines", help="comma-separated doctrine ids or .toml doctrine files")
    tour.add_argument("--scenario", default="repeated_dilemma", help="a two-state scenario (default repeated_dilemma)")
    tour.add_argument("--turns", type=int, help="rounds (or turns) per match (default: the scenario's; 200 in repeated_dilemma)")
    tour.add_argument("--reps", type=int, default=10)
    tour.add_argument("--noise", type=float, default=0.0, help="chance a move is flipped (repeated dilemma)")
    tour.add_argument("--seed", type=int, default=0)
    tour.add_argument("--ecological", action="store_true", help="also run the population (ecological) variant")
    tour.add_argument("--out", metavar="DIR", required=True)
    tour.add_argument("--workers", type=int, help="processes for games through the engine (default: all cores)")

    check = command("check", "validate a scenario file")
    check.add_argument("file")

    report = command("report", "write the debrief of a save or replay: HTML, PNG charts, CSV")
    report.add_argument("save")
    report.add_argument("--out", metavar="DIR", required=True)
    report.add_argument("--teams", action="store_true",
                        help="also write each team's own debrief (what that state could see) under DIR/teams/ID")

    host = command("host", "host a class game across machines: the teacher's console (or --headless)")
    host.add_argument("scenario", nargs="?", help="built-in id, path to a .toml file, or random:N (not with --load)")
    host.add_argument("--seed", type=int, help="random seed (default: the scenario's)")
    host.add_argument("--human", metavar="IDS|all",
                      help="comma-separated states played by teams over the network, or all "
                           "(default: the scenario's human states); the others are played by their AI")
    host.add_argument("--turns", type=int)
    host.add_argument("--port", type=int, default=8765, help="TCP port (default 8765; 0: any free port)")
    host.add_argument("--bind", metavar="ADDR", default="0.0.0.0",
                      help="address to listen on (default 0.0.0.0: every network of this machine)")
    host.add_argument("--codes", metavar="FILE", help="write the seats' join codes here as JSON {state: code}")
    host.add_argument("--turn-seconds", type=float, metavar="S",
                      help="the turn timer: when it runs out, seats that have not ordered are played by their AI")
    host.add_argument("--load", metavar="SAVE", help="resume a class game from its autosave (same seats, same codes)")
    host.add_argument("--headless", action="store_true", help="no window: serve until the game is over")
    host.add_argument("--out", metavar="DIR", help="with --headless: write summary.json, series.csv and replay.json here")
    host.add_argument("--no-observers", action="store_true", help="refuse clients that join only to watch")

    join = command("join", "join a class game: play a seat from this machine")
    join.add_argument("address", nargs="?", metavar="HOST[:PORT]",
                      help="the host's address (default port 8765); without it, the join screen lists games on the LAN")
    join.add_argument("--code", help="your seat's code (from the teacher)")
    join.add_argument("--team", metavar="NAME", help="your team's name, shown on the teacher's console")
    join.add_argument("--observer", action="store_true", help="watch the public view only")
    join.add_argument("--bot", nargs="?", const="", metavar="DOCTRINE",
                      help="play the seat headless with an AI doctrine (default: the seat's own)")
    return p
