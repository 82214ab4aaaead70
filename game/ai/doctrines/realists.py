"""Structural realist doctrines: defensive and offensive realism."""
from __future__ import annotations

from dataclasses import replace

import numpy as np

from game.ai.reasoning import Params, decide
from game.ai.doctrines.base import Doctrine
from game.core.controller import Decision
from game.core.perception import MindSet
from game.core.view import View


class ReasoningDoctrine(Doctrine):
    """A doctrine that is a parameter set on the shared reasoning core (game.ai.reasoning)."""

    params: Params = Params()
    explain: bool = True  # batch runs switch explanations off to save time

    def decide(self, view: View, rng: np.random.Generator) -> Decision:
        return decide(view, rng, self.params, self.name, explain=self.explain)

    def take_office(self, boldness: float) -> None:
        """The leader this game: its appetite for risk, drawn by the match (leaders differ)."""
        self.params = replace(self.params, boldness=boldness)


class DefensiveRealist(ReasoningDoctrine):
    """Defensive realism (Waltz 1979; Jervis 1978; Glaser 1994/95): states seek security, not
    power; they update beliefs about rivals as Bayesians (Kydd 2005), arm in proportion to the
    threat they perceive, balance against the most threatening state (Walt 1987), reassure
    rivals they believe benign and deter those they believe greedy."""

    name = "defensive_realist"
    title = "Defensive realist"
    classifier = {"family": "realist", "beliefs": "Bayesian", "reassures": True, "deters": True,
                  "memory": "beliefs", "stochastic": False}
    base_mindset = MindSet(empathy=0.5, lam_hostile=1.0, lam_benign=1.0, forgetting=0.05, prior=0.3)
    params = Params()


class OffensiveRealist(ReasoningDoctrine):
    """Offensive realism (Mearsheimer 2001): under anarchy a state can never be sure of others'
    intentions, so it assumes the worst, maximises its relative power, passes the buck to other
    states when it can rather than balance itself, and seizes opportunities when they arise."""

    name = "offensive_realist"
    title = "Offensive realist"
    classifier = {"family": "realist", "beliefs": "worst case", "reassures": False, "deters": True,
                  "buck_passing": True, "memory": "beliefs", "stochastic": False}
    base_mindset = MindSet(empathy=0.2, lam_hostile=1.3, lam_benign=0.6, forgetting=0.03, prior=0.6)
    params = Params(reaction=0.7, relative_power=1.1, reassure_below=0.15, deter_above=0.55, transparency=False,
                    buck_pass=1.0, commitment=0.3, firmness=0.3, war_cost=0.15, offense_base=0.55, offense_signal=0.0,
                    opportunism=1.0)
