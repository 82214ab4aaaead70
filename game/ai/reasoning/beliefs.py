"""Beliefs about rivals' types (Kydd's Bayesian logic with Jervis's biases, DESIGN.md §4.2).

The update itself runs in the core (game.core.perception.observe), each state with its own
mind-set — so beliefs are part of the world state, saved and replayed without AI code. This
module reads them for explanations: what stands behind a belief, clause by clause.
"""
from __future__ import annotations

from game.ai.reasoning.reasons import Factor, pct
from game.core.perception import NOISE_PERSISTENCE
from game.core.view import View


def belief(view: View, j: int) -> float:
    return float(view.belief[j])


def growth_error(error: float) -> float:
    """One standard error of a turn's growth read from two estimates of a persistently wrong
    agency (AR(1) error with persistence φ): √(2(1 − φ))·σ."""
    return (2 * (1 - NOISE_PERSISTENCE)) ** 0.5 * error


def distinguishability_word(d: float) -> str:
    return "low" if d < 0.35 else ("high" if d > 0.65 else "moderate")


def belief_factors(view: View, j: int) -> list[Factor]:
    """What stands behind the belief that j is greedy, as clauses for a sentence."""
    name = view.names[j]
    d = float(view.distinguishability_seen[j])
    # A decision is taken on the intelligence of the turns before it: its numbers say so.
    out = [Factor("belief", belief(view, j), 1.0,
                  f"going into this turn it believes {name} is {pct(belief(view, j))} likely to be greedy")]
    mu = float(view.mu_est[j])
    if mu <= 0.4:
        out.append(Factor("offense_seen", mu, -1.0, f"{name}'s forces look mostly defensive"))
    else:
        out.append(Factor("offense_seen", mu, 1.0, f"{name}'s forces look {pct(mu)} offensive"))
    out.append(Factor("distinguishability", d, -1.0 if d > 0.5 else 1.0, f"distinguishability is {distinguishability_word(d)}"))
    inspected = view.transparent_until[j, view.me] >= view.turn
    if len(view.seen_M) >= 2 and not inspected:
        # (Under inspection the agency's old misjudgement is being corrected: the change in its
        # estimate is no reading of growth, so none is claimed.)
        g = float(view.seen_M[-1, j] / max(view.seen_M[-2, j], 1e-9) - 1)
        spread = growth_error(float(view.error[j]))
        if abs(g) >= max(0.02, spread):
            out.append(Factor("growth_seen", g, 1.0 if g > 0 else -1.0,
                              f"by its estimate {name}'s forces {'grew' if g > 0 else 'shrank'} about {pct(abs(g))} "
                              f"last turn (± {pct(spread)})"))
    return out

