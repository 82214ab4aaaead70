"""The match loop: an engine and a seat per state, played turn by turn (DESIGN.md §1)."""
