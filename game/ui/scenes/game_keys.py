"""The game screen's keyboard: which of the scene's commands each key runs (the help window's
list of shortcuts describes these)."""
from __future__ import annotations

from typing import Callable

import pygame


def command_for_key(scene, key: int) -> Callable[[], None] | None:
    """The command `key` runs on the game scene, or None. Esc (windows and the pause menu) is the
    scene's own."""
    if key in (pygame.K_RETURN, pygame.K_KP_ENTER) or (key == pygame.K_SPACE and not scene.spectator):
        return scene.end_turn if not scene.spectator else scene.step_once
    if scene.spectator and key in (pygame.K_p, pygame.K_SPACE):
        return scene.toggle_play
    if scene.spectator and key == pygame.K_RIGHT:
        return scene.step_once
    bindings = {
        pygame.K_c: scene.toggle_charts,
        pygame.K_s: scene.toggle_spirals,
        pygame.K_F1: scene.open_help,
        pygame.K_h: scene.open_help,
        pygame.K_i: lambda: scene.set_tab("intel" if not scene.spectator else "reasoning"),
        pygame.K_o: lambda: scene.set_tab("orders" if not scene.spectator else "world"),
        pygame.K_TAB: scene.next_target,
        pygame.K_l: scene.toggle_legend,
    }
    return bindings.get(key)
