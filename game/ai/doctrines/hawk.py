"""The deterrence hawk: the deterrence model taken to heart."""
from __future__ import annotations

from game.ai.reasoning import Params
from game.ai.doctrines.realists import ReasoningDoctrine
from game.core.perception import MindSet


class DeterrenceHawk(ReasoningDoctrine):
    """The deterrence model (Schelling 1966; Jervis 1976, ch. 3): aggression is checked by
    strength and resolve, and concessions invite more demands. Reads hostile evidence heavily,
    threatens early, mobilises in crises, extends deterrence to threatened neighbours, stands
    firm — and, where forces cannot be told apart, provokes the very fear it meant to deter.
    Deterrence by denial and punishment, not prevention: it arms defensively and does not start
    preventive wars (the deterrer waits to be attacked and makes that attack not worth it)."""

    name = "deterrence_hawk"
    title = "Deterrence hawk"
    classifier = {"family": "deterrence model", "beliefs": "Bayesian, hostile bias", "reassures": False,
                  "deters": True, "memory": "beliefs", "stochastic": False}
    base_mindset = MindSet(empathy=0.2, lam_hostile=1.5, lam_benign=0.7, forgetting=0.04, prior=0.45)
    params = Params(reaction=0.8, reassure_below=0.15, deter_above=0.45, transparency=False, reciprocity=True,
                    guarantees=True, commitment=0.7, firmness=0.6, war_cost=0.2, offense_base=0.3, offense_signal=0.1,
                    preventive=False)
