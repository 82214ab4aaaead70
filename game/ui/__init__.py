"""The game window: the only package that imports pygame and pygame_gui (DESIGN.md §1)."""
import os

# pygame prints a banner on import; a game started from the command line should not.
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
