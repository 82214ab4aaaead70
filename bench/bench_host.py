"""The classroom host under a full class: twelve seats played by bots and twenty observers on
loopback, 30 turns of a twelve-state random world.

Not a test. The host runs in this process; the class in child processes (their CPU is not the
host's; three seats to a process, the observers in one more, a short GIL switch interval so that
one bot's thinking does not delay its neighbour's view), each seat a plain websockets connection
that notes when it sent its orders and when its next view arrived. Reports, per turn:
- turn latency, end to end: the last seat's orders sent -> every seat holding its next view;
- the host's own share: the last orders in -> every next view queued (Host.turn_stats);
- host CPU per turn: the host process's CPU time over the game / turns (and the host thread's
  resolving and opening alone).
Target (DESIGN.md §10): p95 end-to-end latency under 50 ms.

    python bench/bench_host.py [--world random:12] [--turns 30] [--observers 20]
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from game.core.commands import dump_orders  # noqa: E402
from game.net.client import generator_from, view_of  # noqa: E402
from game.net.protocol import PROTOCOL_VERSION, GameOver, Hello, Submit, TurnOpened, Welcome, decode_notice, encode  # noqa: E402


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


# --- the child process: the class ------------------------------------------------------------
def _seat(address: str, code: str, out: dict) -> None:
    from websockets.sync.client import connect

    from game.ai.registry import make_controller

    sent: dict[int, float] = {}
    opened: dict[int, float] = {}
    controller = None
    with connect(f"ws://{address}", max_size=None, compression=None) as ws:
        ws.send(encode(Hello(id=0, version=PROTOCOL_VERSION, code=code, bot=True)))
        request = 0
        for frame in ws:
            arrived = time.monotonic()
            message = decode_notice(frame)
            if isinstance(message, Welcome):
                controller = make_controller(message.doctrine, message.difficulty or "normal")
            elif isinstance(message, TurnOpened):
                opened[message.turn] = arrived
                orders = dump_orders(controller.decide(view_of(message), generator_from(message.ai_rng)).orders)
                request += 1
                sent[message.turn] = time.monotonic()
                ws.send(encode(Submit(id=request, turn=message.turn, orders=orders)))
            elif isinstance(message, GameOver):
                break
    out[code] = {"sent": sent, "opened": opened}


def _observer(address: str) -> None:
    from websockets.sync.client import connect

    with connect(f"ws://{address}", max_size=None, compression=None) as ws:
        ws.send(encode(Hello(id=0, version=PROTOCOL_VERSION, observer=True)))
        for frame in ws:
            if isinstance(decode_notice(frame), GameOver):
                break


def run_class(address: str, codes: list[str], observers: int) -> None:
    sys.setswitchinterval(0.0005)
    out: dict = {}
    threads = [threading.Thread(target=_seat, args=(address, code, out)) for code in codes]
    threads += [threading.Thread(target=_observer, args=(address,)) for _ in range(observers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    json.dump(out, sys.stdout)


# --- the host process ------------------------------------------------------------------------
def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--world", default="random:12")
    parser.add_argument("--turns", type=int, default=30)
    parser.add_argument("--observers", type=int, default=20)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--class", dest="class_of", nargs=2, metavar=("ADDRESS", "CODES"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.class_of:
        run_class(args.class_of[0], [c for c in args.class_of[1].split(",") if c], args.observers)
        return

    from game.scenario.loading import load_scenario
    from game.match.games import run_game
    from game.net.host import Host

    scenario = load_scenario(args.world).with_overrides({"scenario.turns": args.turns})
    host = Host(scenario=scenario, seed=args.seed, minds="doctrine").start()
    codes = host.codes()
    cpu0, wall0 = time.process_time(), time.monotonic()
    groups = [list(codes.values())[k:k + 3] for k in range(0, len(codes), 3)]
    children = [subprocess.Popen([sys.executable, __file__, "--observers", "0", "--class", host.address, ",".join(g)],
                                 stdout=subprocess.PIPE, text=True) for g in groups]
    if args.observers:
        children.append(subprocess.Popen([sys.executable, __file__, "--observers", str(args.observers),
                                          "--class", host.address, ""], stdout=subprocess.PIPE, text=True))
    seats: dict = {}
    for child in children:
        out, _ = child.communicate(timeout=600)
        if child.returncode != 0:
            sys.exit("a client process failed")
        seats.update(json.loads(out))
    host.wait(30)
    cpu, wall = time.process_time() - cpu0, time.monotonic() - wall0
    hashes = {r.turn: r.state_hash for r in host.match.engine.records}
    stats = list(host.turn_stats)
    host.stop()

    turns = host.match.turn
    end_to_end = []
    for turn in range(1, turns):
        last_sent = max(s["sent"][str(turn)] for s in seats.values() if str(turn) in s["sent"])
        all_opened = max(s["opened"][str(turn + 1)] for s in seats.values() if str(turn + 1) in s["opened"])
        end_to_end.append(all_opened - last_sent)
    own = [s.latency for s in stats if s.turn < turns]
    same = hashes == {r.turn: r.state_hash for r in run_game(scenario, seed=args.seed).engine.records}
    ms = 1000.0
    print(f"{scenario.scenario.title}: {len(codes)} bot seats, {args.observers} observers, {turns} turns, loopback")
    print(f"turn latency, last orders sent -> every next view received: median {statistics.median(end_to_end) * ms:.1f} ms, "
          f"p95 {_p95(end_to_end) * ms:.1f} ms, max {max(end_to_end) * ms:.1f} ms (target p95 < 50 ms)")
    print(f"  of which the host (last orders in -> next views queued): median {statistics.median(own) * ms:.1f} ms, "
          f"p95 {_p95(own) * ms:.1f} ms")
    print(f"host CPU per turn: {cpu / turns * ms:.1f} ms for the whole process "
          f"(resolving and opening alone: median {statistics.median(s.cpu for s in stats) * ms:.1f} ms); "
          f"game wall time {wall:.1f} s")
    print(f"same game as run_game: {'yes' if same else 'NO'}")


if __name__ == "__main__":
    main()
