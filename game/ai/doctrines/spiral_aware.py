"""The spiral-aware doctrine: Jervis's spiral model taken to heart."""
from __future__ import annotations

from game.ai.reasoning import Params
from game.ai.doctrines.realists import ReasoningDoctrine
from game.core.perception import MindSet


class SpiralAware(ReasoningDoctrine):
    """The spiral model (Jervis 1976, ch. 3): rivals arm out of fear, and one's own arming is what
    they fear. A high-empathy state reads a rival's buildup as a reaction to its own and answers
    a spiral with Osgood's GRIT (1962): small, visible, unilateral steps down — cuts, pledges,
    transparency, arms-control offers — costly enough to be believed (Kydd 2000)."""

    name = "spiral_aware"
    title = "Spiral-aware (GRIT)"
    classifier = {"family": "spiral model", "beliefs": "Bayesian, empathetic", "reassures": True, "deters": False,
                  "grit": True, "memory": "beliefs", "stochastic": False}
    base_mindset = MindSet(empathy=0.9, lam_hostile=0.9, lam_benign=1.1, forgetting=0.08, prior=0.25)
    params = Params(reaction=0.5, reassure_below=0.45, deter_above=0.8, arms_control_below=0.6, grit=True,
                    firmness=-0.4, war_cost=0.4, preventive=False)
