"""New game: a built-in scenario or a .toml file, its variant, who governs each state (human, or
an AI doctrine at a difficulty), and the seed."""
from __future__ import annotations

import time
from pathlib import Path

import pygame
import pygame_gui
from pygame_gui.elements import UITextEntryLine
from pygame_gui.windows import UIFileDialog

from game import resources
from game.scenario.loading import load_scenario
from game.scenario.models import DIFFICULTIES, DOCTRINE_IDS, Scenario
from game.theory import world_name
from game.errors import ScenarioError
from game.ui.app import Scene
from game.ui.palette import PANEL_BG, PANEL_EDGE, UI_BG, state_colors
from game.ui.session import GameSession, Seat
from game.ui.widgets.kit import (button, centered, control_height, drop_down, drop_down_width, esc, hexc, label,
                                 line_height, line_width, list_row_height, prose, selection_list, textbox)
from game.ui.windows.help import HelpWindow

MAX_HUMANS = 8
RANDOM_WORLDS = ("random:4", "random:6", "random:8")


def doctrine_title(d: str) -> str:
    return d.replace("_", " ").capitalize()


def list_variants(sc: Scenario) -> list:
    """The scenario's variants, if this build of the data layer knows them."""
    try:
        from game.scenario import models as scenario_module

        fn = getattr(scenario_module, "list_variants", None)
        return list(fn(sc)) if fn is not None else []
    except Exception:  # noqa: BLE001 - an older data layer: no variants
        return []


TUTORIAL = "two_neighbours"


class SetupScene(Scene):
    name = "setup"

    def __init__(self, app, watch: bool = False):
        super().__init__(app)
        self.watch = watch
        self.entries: list[tuple[str, str]] = []  # (label, ref)
        self.scenarios: dict[str, Scenario] = {}
        self.problems: dict[str, str] = {}
        # the tutorial first, marked as the place to start
        for sid in sorted(resources.builtin_scenario_ids(), key=lambda sid: sid != TUTORIAL):
            self._try_load(sid)
            if sid == TUTORIAL and self.entries and self.entries[-1][1] == TUTORIAL:
                self.entries[-1] = (f"Start here: {self.entries[-1][0]}", TUTORIAL)
        for ref in RANDOM_WORLDS:
            self._try_load(ref, f"Random world, {ref.split(':')[1]} states")
        self.ref = self._default_ref()
        self.variant: str | None = None
        self.seats: dict[str, Seat] = {}
        self.seed_text = ""
        self.state_rows: list = []
        self.dialog = None
        self._reset_for(self.ref)

    def _try_load(self, ref: str, title: str | None = None) -> bool:
        try:
            sc = load_scenario(ref)
        except (ScenarioError, ValueError, KeyError, OSError) as err:
            self.problems[ref] = str(err)
            return False
        self.scenarios[ref] = sc
        self.entries.append((title or sc.scenario.title, ref))
        return True

    def _default_ref(self) -> str:
        refs = [r for _, r in self.entries]
        for want in (TUTORIAL,):
            if want in refs:
                return want
        return refs[0] if refs else ""

    def _reset_for(self, ref: str) -> None:
        self.ref = ref
        sc = self.scenarios.get(ref)
        self.variant = None
        if sc is None:
            self.seats = {}
            return
        self.seats = {s.id: Seat(human=(s.controller == "human") and not self.watch, doctrine=s.doctrine,
                                 difficulty=s.difficulty) for s in sc.states}
        self.seed_text = str(sc.scenario.seed)

    @property
    def scenario(self) -> Scenario | None:
        sc = self.scenarios.get(self.ref)
        if sc is not None and self.variant and hasattr(sc, "with_variant"):
            try:
                return sc.with_variant(self.variant)
            except (KeyError, ValueError):
                return sc
        return sc

    # --- layout ----------------------------------------------------------------------------
    def build(self) -> None:
        app = self.app
        W, H = app.size
        u = app.settings.ui_scale
        root = self.root
        pad = 20
        top = int(70 * u)
        bottom = H - int(76 * u)
        self.head_h = line_height(app, "#heading") + 4
        self.control_h = control_height(app, "drop_down_menu")
        lw = int(W * 0.24)
        rw = max(W - pad * 2 - lw - 32 - int(W * 0.30), self.seats_width())
        self.r_left = pygame.Rect(pad, top, lw, bottom - top)
        self.r_right = pygame.Rect(W - pad - rw, top, rw, bottom - top)
        self.r_mid = pygame.Rect(self.r_left.right + 16, top, self.r_right.left - 16 - self.r_left.right - 16,
                                 bottom - top)
        label(app, (pad, 14, 700, 40), "Watch the AI play" if self.watch else "New game", container=root,
              object_id="#title")
        # left: scenarios, and under them a variant, a file, the seed (each one control tall)
        r = self.r_left
        gap = 8
        label(app, (r.left, r.top, r.width, self.head_h), "Scenario", container=root, object_id="#heading")
        list_top = r.top + self.head_h + 2
        sc = self.scenarios.get(self.ref)
        has_variants = bool(list_variants(sc)) if sc is not None else False
        under = (3 if has_variants else 2) * (self.control_h + gap)
        row = list_row_height(app)
        frame = 6  # the list's border and shadow, both sides
        list_h = (r.bottom - under - list_top - frame) // row * row + frame  # whole rows
        self.list = selection_list(app, (r.left, list_top, r.width, list_h),
                                   [(t, f"#sc_{k}") for k, (t, _) in enumerate(self.entries)], container=root,
                                   default_selection=self._entry_label(self.ref))
        y = r.bottom - under + gap
        self.variant_menu = None
        self.variant_y = y
        self._build_variant()
        if has_variants:
            y += self.control_h + gap
        button(app, (r.left, y, r.width, self.control_h), "Open a scenario file…", self.open_file, container=root,
               tip="Load a teacher's scenario (.toml). Problems are listed with their line numbers.")
        y += self.control_h + gap
        seed_w = line_width(app, "label", "Seed") + 10
        new_w = line_width(app, "button", "New seed") + 24
        label(app, (r.left, y, seed_w, self.control_h), "Seed", container=root,
              tip="Same scenario, same seed and same orders give the same game — for a class to compare.")
        self.seed_entry = UITextEntryLine(pygame.Rect(r.left + seed_w, y, r.width - seed_w - new_w - 6, self.control_h),
                                          app.manager, container=root)
        self.seed_entry.set_allowed_characters("numbers")
        self.seed_entry.set_text(self.seed_text)
        button(app, (r.right - new_w, y, new_w, self.control_h), "New seed", self.new_seed, container=root)
        # middle: description
        m = self.r_mid
        label(app, (m.left, m.top, m.width, self.head_h), "About this scenario", container=root, object_id="#heading")
        self.description = textbox(app, (m.left, m.top + self.head_h + 2, m.width, m.height - self.head_h - 2), "",
                                   container=root)
        # right: seats
        rr = self.r_right
        label(app, (rr.left, rr.top, rr.width, self.head_h),
              "Who governs each state" if not self.watch else "The AI doctrines", container=root, object_id="#heading")
        self.build_rows()
        # bottom
        by = H - int(60 * u)
        button(app, (pad, by, int(140 * u), int(44 * u)), "Back", self.back, container=root)
        button(app, (pad + int(150 * u), by, int(100 * u), int(44 * u)), "Help", lambda: self.track(HelpWindow(app)),
               container=root)
        self.status = label(app, (pad + int(260 * u), by, W - pad - int(260 * u) - int(230 * u), int(44 * u)), "",
                            container=root, object_id="#status_bad")
        self.start_button = button(app, (W - pad - int(210 * u), by, int(210 * u), int(44 * u)),
                                   "Start watching" if self.watch else "Start game", self.start, container=root,
                                   object_id="#primary")
        self.update_description()

    def seat_columns(self) -> tuple[int, int, int]:
        """Widths of a seat row's human/AI toggle, doctrine and difficulty: each shows its words whole."""
        app = self.app
        toggle_w = 0 if self.watch else line_width(app, "#primary", "Human") + 28
        return (toggle_w, drop_down_width(app, [doctrine_title(d) for d in DOCTRINE_IDS]),
                drop_down_width(app, list(DIFFICULTIES)))

    def seats_width(self) -> int:
        """The seats column's width: the widest state name of any scenario listed, and the controls."""
        names = [s.name for sc in self.scenarios.values() for s in sc.states] or ["State"]
        name_w = max(line_width(self.app, "label", n) for n in names) + 14 + 10
        return name_w + sum(self.seat_columns()) + 12

    def _entry_label(self, ref: str) -> tuple[str, str] | None:
        for k, (t, r) in enumerate(self.entries):
            if r == ref:
                return (t, f"#sc_{k}")
        return None

    def _build_variant(self) -> None:
        if self.variant_menu is not None:
            self.variant_menu.kill()
            self.variant_menu = None
        sc = self.scenarios.get(self.ref)
        variants = list_variants(sc) if sc is not None else []
        r = self.r_left
        if variants:
            options = ["Standard"] + [f"{v.title}" for v in variants]
            self._variant_ids = {f"{v.title}": v.id for v in variants}
            current = next((t for t, vid in self._variant_ids.items() if vid == self.variant), "Standard")
            self.variant_menu = drop_down(self.app, (r.left, self.variant_y, r.width, self.control_h), options, current,
                                          container=self.root)
            self.variant_menu.set_tooltip("Variants of this scenario: the same map with other settings.")

    def build_rows(self) -> None:
        for e in self.state_rows:
            e.kill()
        self.state_rows = []
        self.row_swatches = []
        sc = self.scenario
        if sc is None:
            return
        app = self.app
        rr = self.r_right
        n = len(sc.states)
        row_h = int(min(max(40 * app.settings.ui_scale, self.control_h + 8), (rr.height - self.head_h - 8) / max(n, 1)))
        y = rr.top + self.head_h + 8
        toggle_w, doc_w, diff_w = self.seat_columns()
        name_w = rr.width - toggle_w - doc_w - diff_w - 6
        colors = state_colors([s.color for s in sc.states])
        for k, spec in enumerate(sc.states):
            seat = self.seats.get(spec.id, Seat(human=False, doctrine=spec.doctrine, difficulty=spec.difficulty))
            self.row_swatches.append((pygame.Rect(rr.left, y + 6, 10, row_h - 12), colors[k]))
            self.state_rows.append(label(app, (rr.left + 14, y, name_w - 14, row_h - 4), spec.name, container=self.root))
            x = rr.left + name_w
            if not self.watch:
                tb = button(app, (x, y + 2, toggle_w - 4, row_h - 6), "Human" if seat.human else "AI",
                            (lambda sid=spec.id: self.toggle(sid)), container=self.root,
                            object_id="#primary" if seat.human else None,
                            tip="Click to switch between a human player at this machine and the AI. Up to 8 humans "
                                "play hot-seat, passing the computer between turns.")
                self.state_rows.append(tb)
            x += toggle_w
            limit = int(max(120, rr.bottom - y - row_h))
            dd = drop_down(app, (x, y + 2, doc_w, row_h - 6), [doctrine_title(d) for d in DOCTRINE_IDS],
                           doctrine_title(seat.doctrine), container=self.root, expansion_height_limit=min(limit, 320))
            dd.set_tooltip("The AI's doctrine: how it reads rivals and answers them. A human's advisor reads the "
                           "world with a neutral mind-set.")
            dd._sd_state = spec.id
            dd._sd_kind = "doctrine"
            if seat.human:
                dd.disable()
            self.state_rows.append(dd)
            x += doc_w + 6
            df = drop_down(app, (x, y + 2, diff_w, row_h - 6), list(DIFFICULTIES), seat.difficulty,
                           container=self.root, expansion_height_limit=min(limit, 140))
            df.set_tooltip("Difficulty changes how well the AI's intelligence sees you (noise), never its "
                           "resources.")
            df._sd_state = spec.id
            df._sd_kind = "difficulty"
            if seat.human:
                df.disable()
            self.state_rows.append(df)
            y += row_h
        self.dirty = True

    def update_description(self) -> None:
        sc = self.scenario
        if sc is None:
            text = "<b>No scenario loaded.</b>"
            if self.ref in self.problems:
                text += "<br><br><font color='#FF8A57'>" + esc(self.problems[self.ref]).replace("\n", "<br>") + "</font>"
            self.description.set_text(text)
            return
        w = sc.world
        omega = w.believed_offense_defense
        humans = [s.name for s in sc.states if self.seats.get(s.id, Seat(False)).human]
        parts = [f"<b>{esc(sc.scenario.title)}</b><br>{prose(sc.scenario.description)}<br>"]
        named = world_name(omega, w.distinguishability)
        parts.append(f"<br><b>World:</b> {esc(named.short)} — Ω {omega:.2f}"
                     + (f" (truly {w.offense_defense:.2f})" if abs(omega - w.offense_defense) > 1e-9 else "")
                     + f", d {w.distinguishability:.2f}, intelligence noise {w.intel_noise:.2f}.<br>"
                     f"<i>{esc(named.long)}</i><br>")
        parts.append(f"<br><b>{sc.scenario.turns} turns</b> · {len(sc.states)} states"
                     + (" · nuclear weapons" if sc.nuclear else "") + (" · repeated dilemma" if sc.dilemma else "")
                     + "<br>")
        cols = state_colors([s.color for s in sc.states])
        parts.append("<br>" + " · ".join(f"<font color='{hexc(c)}'><b>{esc(s.name)}</b></font>"
                                         for s, c in zip(sc.states, cols)) + "<br>")
        if sc.alliances:
            parts.append("Alliances: " + "; ".join(" + ".join(sc.state(m).name for m in a.members) for a in sc.alliances)
                         + "<br>")
        parts.append("<br><i>Each state's type — security seeker or greedy — is hidden until the debrief.</i><br>")
        if not self.watch:
            if humans:
                parts.append(f"<br><b>Human players:</b> {esc(', '.join(humans))}"
                             + (" (hot-seat: pass the computer between turns)" if len(humans) > 1 else "") + "<br>")
            else:
                parts.append("<br><b>No human players:</b> you will watch the AI play.<br>")
        if sc.scenario.hints:
            parts.append("<br><i>A guided first game: tips appear on screen the first time.</i>")
        self.description.set_text("".join(parts))

    # --- actions ---------------------------------------------------------------------------
    def toggle(self, sid: str) -> None:
        seat = self.seats[sid]
        if not seat.human and sum(s.human for s in self.seats.values()) >= MAX_HUMANS:
            self.status.set_text(f"At most {MAX_HUMANS} human players on one machine.")
            return
        self.seats[sid] = Seat(human=not seat.human, doctrine=seat.doctrine, difficulty=seat.difficulty)
        self.status.set_text("")
        self.build_rows()
        self.update_description()

    def new_seed(self) -> None:
        # A seed is a label for a game, not game randomness: the clock is fine here.
        self.seed_entry.set_text(str(int(time.time() * 1000) % 1_000_000))

    def open_file(self) -> None:
        self.dialog = self.track(UIFileDialog(centered(self.app, 680, 500), self.app.manager,
                                              window_title="Open a scenario (.toml)", initial_file_path=str(Path.home()),
                                              allow_existing_files_only=True, allowed_suffixes={".toml"}))
        self.dialog.set_blocking(True)

    def open_path(self, path: str) -> None:
        try:
            sc = load_scenario(path)
        except (ScenarioError, ValueError, KeyError, OSError) as err:
            self.status.set_text("That file has problems — see the description panel.")
            self.description.set_text("<b>This scenario file has problems:</b><br><br><font color='#FF8A57'>"
                                      + esc(str(err)).replace("\n", "<br>") + "</font>")
            return
        self.scenarios[path] = sc
        self.entries.append((f"File: {Path(path).name}", path))
        self._reset_for(path)
        self.status.set_text("")
        self.rebuild()

    def back(self) -> None:
        from game.ui.scenes.title import TitleScene

        self.app.switch(TitleScene(self.app))

    def start(self) -> None:
        from game.ui.flow import Flow
        from game.ui.scenes.game import GameScene

        sc = self.scenario
        if sc is None:
            self.status.set_text("Choose a scenario first.")
            return
        text = self.seed_entry.get_text().strip()
        seed = int(text) if text.isdigit() else None
        if seed is not None and seed > 2**32 - 1:
            self.status.set_text("The seed must be below 4294967296.")
            return
        seats = {sid: seat for sid, seat in self.seats.items() if sid in sc.state_ids}
        if self.watch:
            seats = {sid: Seat(False, s.doctrine, s.difficulty) for sid, s in seats.items()}
        try:
            session = GameSession(sc, seed, seats, saves_dir=self.app.paths.saves_dir)
        except (KeyError, ValueError) as err:
            self.status.set_text(f"Cannot start: {err}")
            return
        if session.spectating:
            self.app.switch(GameScene(self.app, None, session, viewer=None,
                                      speed=2.0 * self.app.settings.animation_speed))
        else:
            Flow(self.app, session).start()

    # --- events and drawing ----------------------------------------------------------------
    def handle(self, event: pygame.event.Event, consumed: bool) -> None:
        if event.type == pygame_gui.UI_SELECTION_LIST_NEW_SELECTION and event.ui_element is self.list:
            sel = self.list.get_single_selection(include_object_id=True)
            key = sel[1] if isinstance(sel, tuple) else ""
            if key.startswith("#sc_"):
                ref = self.entries[int(key[4:])][1]
                if ref != self.ref:
                    self._reset_for(ref)
                    self.app.later(self.rebuild)
        elif event.type == pygame_gui.UI_DROP_DOWN_MENU_CHANGED:
            el = event.ui_element
            if el is self.variant_menu:
                self.variant = self._variant_ids.get(event.text)
                self.app.later(self.rebuild)
            elif hasattr(el, "_sd_state"):
                sid = el._sd_state
                seat = self.seats[sid]
                if el._sd_kind == "doctrine":
                    doctrine = next((d for d in DOCTRINE_IDS if doctrine_title(d) == event.text), seat.doctrine)
                    self.seats[sid] = Seat(seat.human, doctrine, seat.difficulty)
                else:
                    self.seats[sid] = Seat(seat.human, seat.doctrine, event.text)
        elif event.type == pygame_gui.UI_FILE_DIALOG_PATH_PICKED and event.ui_element is self.dialog:
            self.dialog = None
            path = event.text
            self.app.later(lambda: self.open_path(path))
        elif event.type == pygame_gui.UI_TEXT_ENTRY_CHANGED and event.ui_element is getattr(self, "seed_entry", None):
            self.seed_text = self.seed_entry.get_text()
        elif event.type == pygame.KEYDOWN and not self.app.text_focused():
            if event.key == pygame.K_ESCAPE:
                open_ = [w for w in self.windows if w.alive()]
                self.app.later(open_[-1].kill if open_ else self.back)
            elif event.key in (pygame.K_RETURN, pygame.K_KP_ENTER) and not any(w.alive() for w in self.windows):
                self.app.later(self.start)

    def draw(self, surface: pygame.Surface) -> None:
        surface.fill(UI_BG)
        for r in (self.r_left, self.r_mid, self.r_right):
            pygame.draw.rect(surface, PANEL_BG, r.inflate(12, 12), border_radius=8)
            pygame.draw.rect(surface, PANEL_EDGE, r.inflate(12, 12), 1, border_radius=8)
        for rect, col in getattr(self, "row_swatches", []):
            pygame.draw.rect(surface, col, rect, border_radius=3)
