"""Beliefs about rivals' types (Kydd's Bayesian logic with Jervis's biases, DESIGN.md §4.2).

The update itself runs in the core (game.core.perception.observe), each state with its own
mind-set — so beliefs are part of the world state, saved and replayed without AI code. This
module reads them for explanations: what stands behind a belief, clause by clause.
"""
from __future__ import annotations

from game.ai.reasoning.reasons import Factor, pct
from game.core.view import View


def belief(view: View, j: int) -> float:
    return float(view.belief[j])


def distinguishability_word(d: float) -> str:
    return "low" if d < 0.35 else ("high" if d > 0.65 else "moderate")


def belief_factors(view: View, j: int) -> list[Factor]:
    """What stands behind the belief that j is greedy, as clauses for a sentence."""
    name = view.names[j]
    d = float(view.distinguishability_seen[j])
    out = [Factor("belief", belief(view, j), 1.0, f"it believes {name} is {pct(belief(view, j))} likely to be greedy")]
    mu = float(view.mu_est[j])
    if mu <= 0.4:
        out.append(Factor("offense_seen", mu, -1.0, f"{name}'s forces look mostly defensive"))
    else:
        out.append(Factor("offense_seen", mu, 1.0, f"{name}'s forces look {pct(mu)} offensive"))
    out.append(Factor("distinguishability", d, -1.0 if d > 0.5 else 1.0, f"distinguishability is {distinguishability_word(d)}"))
    if len(view.seen_M) >= 2:
        g = float(view.seen_M[-1, j] / max(view.seen_M[-2, j], 1e-9) - 1)
        if abs(g) >= 0.02:
            out.append(Factor("growth_seen", g, 1.0 if g > 0 else -1.0,
                              f"{name}'s forces seem to have {'grown' if g > 0 else 'shrunk'} {pct(abs(g))}"))
    return out

