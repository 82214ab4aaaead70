"""Security Dilemma: a strategy wargame about arms races, alliances and deterrence."""
