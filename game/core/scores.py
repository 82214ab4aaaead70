"""Scores (DESIGN.md §3): security (survival, share of world output, wars lost) and prosperity
(cumulative welfare), each on a 0–100-ish scale, and their mean."""
from __future__ import annotations

from dataclasses import dataclass

from game.core.state import WorldState

WAR_LOST_PENALTY = 10.0


@dataclass(frozen=True)
class Score:
    security: float
    prosperity: float

    @property
    def total(self) -> float:
        return 0.5 * (self.security + self.prosperity)

    def as_dict(self) -> dict[str, float]:
        return {"security": round(self.security, 2), "prosperity": round(self.prosperity, 2), "total": round(self.total, 2)}


def scores(st: WorldState) -> dict[str, Score]:
    """Security: 50 for surviving, up to 50 more for keeping (or doubling) your opening share of
    world output, minus 10 for each war lost. Prosperity: welfare as a share of what a state
    would have enjoyed spending nothing on arms at its opening output (100 = that baseline)."""
    share0 = st.Y0 / st.Y0.sum()
    share = st.Y / max(st.Y.sum(), 1e-9)
    out = {}
    for k, sid in enumerate(st.ids):
        kept = min(2.0, share[k] / share0[k]) / 2.0
        security = max(0.0, 50.0 * st.alive[k] + 50.0 * kept * st.alive[k] - WAR_LOST_PENALTY * st.wars_lost[k])
        baseline = st.Y0[k] * max(st.turn, 1)
        prosperity = 100.0 * max(0.0, st.welfare[k]) / baseline
        if st.dilemma:
            security = 100.0 * float(st.dilemma_score[k]) / (max(st.turn, 1) * max(st.payoffs[1], 1e-9))
        out[sid] = Score(security=float(security), prosperity=float(prosperity))
    return out
