"""The orders panel: budget sliders with their cost and effect, alliance actions, signals,
crisis responses and war toward a chosen target, the orders queued this turn, End turn.

What is offered comes from `game.core.rules.legal_orders(view)`; each order is checked again with
`check_order(view, me, order, queued)` so contradictions (a pledge and a threat to the same state)
show their reason. An order that is not allowed now stays visible, dimmed, and clicking it says
why — never a silent no-op.
"""
from __future__ import annotations

from typing import Callable

import numpy as np
import pygame
import pygame_gui
from pygame_gui.elements import UIDropDownMenu, UIHorizontalSlider, UIScrollingContainer, UISelectionList

from game.core.commands import (
    AcceptPact,
    ArmsControlOffer,
    Attack,
    Budget,
    CrisisResponse,
    DilemmaMove,
    EndGuarantee,
    Guarantee,
    LeavePact,
    Mobilise,
    OfferPeace,
    Order,
    Pledge,
    ProposePact,
    RefuseCall,
    Threat,
    Transparency,
    UnilateralCut,
)
from game.core.rules import call_open, check_order, offer_open, project_budget
from game.core.state import RULES, RUNG_NAMES
from game.core.state import maintenance_share as _maintenance_share
from game.theory import GLOSSARY
from game.errors import IllegalOrder
from game.ui.picture import Picture
from game.ui.widgets.kit import button, esc, label, oid, textbox

# (group, label, make order for a target, concept)
ACTIONS: tuple[tuple[str, str, Callable[[str], Order], str], ...] = (
    ("Alliances", "Offer pact", lambda t: ProposePact(target=t), "propose_pact"),
    ("Alliances", "Accept pact", lambda t: AcceptPact(target=t), "accept_pact"),
    ("Alliances", "Leave pact", lambda t: LeavePact(target=t), "leave_pact"),
    ("Alliances", "Guarantee", lambda t: Guarantee(target=t), "guarantee"),
    ("Alliances", "End guarantee", lambda t: EndGuarantee(target=t), "end_guarantee"),
    ("Reassure", "Pledge restraint", lambda t: Pledge(target=t), "pledge"),
    ("Reassure", "Cut forces 10 %", lambda t: UnilateralCut(target=t, fraction=0.1), "unilateral_cut"),
    ("Reassure", "Transparency", lambda t: Transparency(target=t), "transparency"),
    ("Reassure", "Offer arms control", lambda t: ArmsControlOffer(target=t), "arms_control_offer"),
    ("Deter", "Public threat", lambda t: Threat(target=t), "threat_order"),
    ("Deter", "Mobilise", lambda t: Mobilise(target=t), "mobilise"),
    ("Crisis", "Stand firm", lambda t: CrisisResponse(target=t, response="firm"), "crisis_firm"),
    ("Crisis", "Back down", lambda t: CrisisResponse(target=t, response="back_down"), "crisis_back_down"),
    ("Crisis", "Escalate", lambda t: CrisisResponse(target=t, response="escalate"), "crisis_escalate"),
    ("War", "Attack…", lambda t: Attack(target=t), "attack"),
    ("War", "Offer peace", lambda t: OfferPeace(target=t), "peace"),
    ("War", "Refuse call to arms", lambda t: RefuseCall(target=t), "refuse_call"),
)


GROUP_TIPS = {
    "Alliances": "Balance against threats with defensive pacts and guarantees (Walt). Allies are called to arms "
                 "when their partner is attacked — chain-ganging when offence looks dominant.",
    "Reassure": "Signals that you are a security seeker. Only costly ones convince (Kydd): a pledge is cheap talk, "
                "a cut or transparency is not.",
    "Deter": "Signals that you will resist. If your forces cannot be told from offensive ones, a security-seeking "
             "rival reads deterrence as aggression — the spiral model.",
    "Crisis": "Answers to an open crisis (a threat or mobilisation on the table). " + GLOSSARY["rung"],
    "War": "War, peace, and your allies' calls to arms.",
}


def describe(order: Order, pic: Picture) -> str:
    """An order in a few words, for the queue."""
    kind = order.kind
    if kind == "budget":
        return f"Budget: {100 * order.military_share:.0f} % military, {100 * order.offense_share:.0f} % offence"
    if kind == "dilemma":
        return "Restrain" if order.move == "restrain" else "Arm"
    target = pic.name(order.target)
    names = {a[2](order.target).kind: a[1].rstrip("…") for a in ACTIONS if a[2](order.target).kind != "crisis"}
    if kind == "crisis":
        what = {"firm": "Stand firm", "back_down": "Back down", "escalate": "Escalate"}[order.response]
    elif kind == "threat" and order.protege:
        what = f"Warn off (protect {pic.name(order.protege)})"
    elif kind == "unilateral_cut":
        what = f"Cut forces {100 * order.fraction:.0f} %"
    else:
        what = names.get(kind, kind)
    return f"{what} › {target}"


def same_order(a: Order, b: Order) -> bool:
    return a.model_dump() == b.model_dump()


class OrdersPanel:
    def __init__(self, app, rect: pygame.Rect, pic: Picture, state: dict, on_attack: Callable[[str], None],
                 container=None):
        """`state` (kept by the scene across rebuilds): s, mu, draft, target, move."""
        self.app = app
        self.rect = pygame.Rect(rect)
        self.pic = pic
        self.view = pic.view
        self.me = pic.me
        self.state = state
        self.on_attack = on_attack
        self.container = container
        self.elements: list = []
        self.action_buttons: list[tuple[pygame_gui.elements.UIButton, Order, str]] = []
        self.scroller = None
        self.status = None
        self._build()

    # --- building --------------------------------------------------------------------------
    def kill(self) -> None:
        for e in self.elements:
            e.kill()
        self.elements.clear()
        self.action_buttons.clear()

    def show(self) -> None:
        for e in self.elements:
            e.show()

    def hide(self) -> None:
        for e in self.elements:
            e.hide()

    def _add(self, element):
        self.elements.append(element)
        return element

    def _build(self) -> None:
        app, pic = self.app, self.pic
        r = self.rect
        container = self.container
        status_h = 40
        self.scroller = self._add(UIScrollingContainer(pygame.Rect(r.left, r.top, r.width, r.height - status_h),
                                                       app.manager, container=container,
                                                       allow_scroll_x=False))
        self.status = self._add(label(app, (r.left + 6, r.bottom - status_h + 2, r.width - 12, status_h - 4), "",
                                      container=container, object_id="#status_good"))
        c = self.scroller
        w = r.width - 24
        y = 6
        alerts = self.alerts()
        if alerts:
            # as tall as its text (pygame_gui fits a height of -1), up to a limit
            self.alert_box = self._add(textbox(app, (4, y, w, -1), "<br>".join(alerts), container=c,
                                               object_id="#hint"))
            h = self.alert_box.rect.height
            if h > 220:
                h = 220
                self.alert_box.set_dimensions((w, h))
            y += h + 8
        if pic.dilemma:
            y = self._build_dilemma(c, w, y)
        else:
            y = self._build_budget(c, w, y)
            y = self._build_actions(c, w, y)
        self._add(label(app, (4, y, w, 22), "Orders this turn (click one to withdraw it)", container=c,
                        object_id="#group"))
        y += 24
        self.draft_list = self._add(UISelectionList(pygame.Rect(4, y, w, 112), [], app.manager, container=c))
        y += 118
        c.set_scrollable_area_dimensions((w + 8, y))
        self.refresh()

    def alerts(self) -> list[str]:
        v = self.view
        if v is None or pic_dead(self.pic):
            return []
        me = self.me
        out = []
        now = v.turn
        for k in v.rivals():
            name = esc(v.names[k])
            if v.war[me, k]:
                out.append(f"<b>At war with {name}</b> since turn {int(v.war_start[me, k])}. Offer peace to end it.")
            elif v.rung[me, k] >= 2:
                r = int(v.rung[me, k])
                out.append(f"<b>Crisis with {name}</b>: rung {r}, {RUNG_NAMES[r]}. Stand firm (default), back down "
                           f"or escalate.")
            if call_open(v, me, k):
                victim = int(v.call_victim[me, k])
                vname = esc(v.names[victim]) if victim >= 0 else "your ally"
                out.append(f"<b>Call to arms</b>: {name} attacked {vname}. Honour it (attack {name}) or refuse.")
            if offer_open(v, "pact", k, me) and not v.pact[me, k]:
                out.append(f"{name} offers you a defensive pact.")
            if offer_open(v, "arms_control", k, me) and not v.arms_control[me, k]:
                out.append(f"{name} offers a mutual cap on forces (arms control).")
            if v.pledge_until[me, k] >= now + 1:
                out.append(f"You pledged restraint to {name} until turn {int(v.pledge_until[me, k])}: arming now "
                           f"breaks it.")
        return out

    def _build_budget(self, c, w: int, y: int) -> int:
        app = self.app
        self._add(label(app, (4, y, w, 22), "Budget", container=c, object_id="#group"))
        y += 24
        self._add(label(app, (4, y, 130, 26), "Military share", container=c, tip=GLOSSARY["military_share"]))
        self.s_slider = self._add(UIHorizontalSlider(pygame.Rect(136, y, w - 196, 26), round(100 * self.state["s"]),
                                                     (0, 50), app.manager, container=c, click_increment=1))
        self.s_slider.set_tooltip(GLOSSARY["military_share"])
        self.s_value = self._add(label(app, (w - 56, y, 58, 26), "", container=c))
        y += 30
        self._add(label(app, (4, y, 130, 26), "Offensive mix", container=c, tip=GLOSSARY["offense_share"]))
        self.mu_slider = self._add(UIHorizontalSlider(pygame.Rect(136, y, w - 196, 26), round(100 * self.state["mu"]),
                                                      (0, 100), app.manager, container=c, click_increment=5))
        self.mu_slider.set_tooltip(GLOSSARY["offense_share"])
        self.mu_value = self._add(label(app, (w - 56, y, 58, 26), "", container=c))
        y += 30
        proj_h = 4 * self.app.fonts.get(13).get_linesize() + 16
        self.projection = self._add(textbox(app, (4, y, w, proj_h), "", container=c))
        y += proj_h + 4
        keep = _maintenance_share(self.view.my_M, self.view.my_Y) if self.view is not None else 0.0
        self._add(label(app, (4, y, w, 20), f"{100 * keep:.1f} % holds forces level ({100 * RULES.depreciation:.0f} % "
                                          f"wear out each turn)", container=c, object_id="#small"))
        y += 26
        self._update_budget_text()
        return y

    def _build_actions(self, c, w: int, y: int) -> int:
        app, pic = self.app, self.pic
        rivals = pic.rivals()
        if not rivals:
            return y
        self._add(label(app, (4, y, 70, 28), "Toward", container=c, object_id="#group"))
        names = [pic.names[k] for k in rivals]
        if self.state.get("target") not in rivals:
            self.state["target"] = self.default_target()
        current = pic.names[self.state["target"]]
        self.target_menu = self._add(UIDropDownMenu(names, current, pygame.Rect(76, y, w - 76, 28), app.manager,
                                                    container=c, expansion_height_limit=220))
        self.target_menu.set_tooltip("The state your diplomatic and military orders are aimed at. Clicking a state "
                                     "on the map (or Tab) chooses it too.")
        y += 32
        self.relation = self._add(label(app, (4, y, w, 22), self.relation_text(), container=c, object_id="#small"))
        y += 26
        col_w = (w - 6) // 2
        group = None
        col = 0
        tid = pic.ids[self.state["target"]]
        actions = [(g, lab, make(tid), concept) for g, lab, make, concept in ACTIONS]
        # extended threats: warn the target off each ally or protégé
        for o in pic.legal:
            if o.kind == "threat" and getattr(o, "protege", None) and o.target == tid:
                actions.insert(11, ("Deter", f"Protect {pic.name(o.protege)}", o, "threat_order"))
        for g, lab, order, concept in actions:
            if g != group:
                if col:
                    y += 34
                    col = 0
                self._add(label(app, (4, y, w, 20), g, container=c, object_id="#group", tip=GROUP_TIPS.get(g)))
                y += 22
                group = g
            x = 4 + col * (col_w + 6)
            want = self._look(order)[0]
            b = self._add(button(app, (x, y, col_w, 30), lab, (lambda o=order: self.click(o)), container=c,
                                 object_id=want))
            b._oid = want
            self.action_buttons.append((b, order, concept))
            col = 1 - col
            if col == 0:
                y += 34
        if col:
            y += 34
        return y + 4

    def _build_dilemma(self, c, w: int, y: int) -> int:
        app, pic = self.app, self.pic
        R, T, S, P = pic.payoffs
        self._add(label(app, (4, y, w, 22), "Repeated dilemma", container=c, object_id="#group"))
        y += 24
        me = self.me
        other = [k for k in range(pic.n) if k != me][0]
        last = {-1: "—", 0: "restrained", 1: "armed"}
        moves = np.asarray(self.view.moves) if self.view is not None and self.view.moves is not None else np.zeros((0, 2))
        recent = moves[1:][-12:] if len(moves) > 1 else moves[:0]
        letter = {0: "R", 1: "A"}
        history = ""
        if len(recent):
            history = (f"<br><br><b>Last {len(recent)} rounds</b> (R restrain, A arm)<br>you: "
                       + " ".join(letter.get(int(m), "·") for m in recent[:, me])
                       + f"<br>{esc(pic.names[other])}: " + " ".join(letter.get(int(m), "·") for m in recent[:, other]))
        box_h = 11 * self.app.fonts.get(13).get_linesize()
        self._add(textbox(app, (4, y, w, box_h),
                          f"{esc(GLOSSARY['dilemma'])}<br><br><b>Payoffs</b> (you, them): both restrain {R:g}/{R:g} · "
                          f"both arm {P:g}/{P:g} · you arm, they restrain {T:g}/{S:g} · you restrain, they arm "
                          f"{S:g}/{T:g}<br>Last round: you {last[int(pic.last_move[me])]}, {esc(pic.names[other])} "
                          f"{last[int(pic.last_move[other])]}. Score: you {pic.dilemma_score[me]:g}, them "
                          f"{pic.dilemma_score[other]:g}." + history, container=c))
        y += box_h + 6
        half = (w - 6) // 2
        self.restrain_button = self._add(button(app, (4, y, half, 40), "Restrain (cooperate)",
                                                lambda: self.set_move("restrain"), container=c,
                                                tip="Hold your arms level: best for both if both do it."))
        self.arm_button = self._add(button(app, (10 + half, y, half, 40), "Arm (defect)", lambda: self.set_move("arm"),
                                           container=c, tip="Arm: best for you whatever they do — "
                                                            "which is why both arming is the trap."))
        y += 48
        return y

    # --- behaviour -------------------------------------------------------------------------
    def default_target(self) -> int:
        v, pic = self.view, self.pic
        rivals = pic.rivals()
        if v is None or not rivals:
            return rivals[0] if rivals else 0
        me = self.me
        urgency = sorted(rivals, key=lambda k: (-int(v.war[me, k]), -int(v.rung[me, k]), -float(v.threat[k])))
        return urgency[0]

    def relation_text(self) -> str:
        v, pic = self.view, self.pic
        k = self.state["target"]
        me = self.me
        parts = [RUNG_NAMES[int(v.rung[me, k])]]
        if v.pact[me, k]:
            parts.append("defensive pact")
        if v.arms_control[me, k]:
            parts.append("arms control")
        if v.guarantee[me, k]:
            parts.append("you guarantee it")
        if v.guarantee[k, me]:
            parts.append("it guarantees you")
        from game.core.spirals import STAGES

        stage = STAGES[int(pic.stage[me, k])]
        if stage != "calm":
            parts.append(f"spiral watch: {stage}")
        return "Now: " + " · ".join(parts)

    def reason(self, order: Order) -> str | None:
        """Why the order cannot be given now (None: it can)."""
        draft = [o for o in self.state["draft"] if not same_order(o, order)]
        earlier = [Budget(military_share=self.state["s"], offense_share=self.state["mu"])] + draft
        try:
            check_order(self.view, self.me, order, earlier)
        except IllegalOrder as err:
            return str(err)
        if not any(same_order(order, o) for o in self.pic.legal):
            return "Not available now."
        return None

    def _look(self, order: Order) -> tuple[str, str | None, bool]:
        """(object id, reason it is not allowed, queued?) for an action button."""
        queued = any(same_order(order, o) for o in self.state["draft"])
        why = None if queued else self.reason(order)
        return ("#queued" if queued else ("#unavailable" if why else "#action")), why, queued

    def refresh(self) -> None:
        """Button looks, tooltips and the queue after the queue or the target changed."""
        for b, order, concept in self.action_buttons:
            want, why, is_queued = self._look(order)
            if getattr(b, "_oid", None) != want:
                b.change_object_id(oid(want))
                b._oid = want
            tip = GLOSSARY.get(concept, "")
            if is_queued:
                tip = "Queued — click again to withdraw it.<br>" + tip
            elif why:
                tip = f"<b>Not now:</b> {esc(why)}<br>" + tip
            b.set_tooltip(tip, wrap_width=int(300 * self.app.settings.ui_scale))
        if hasattr(self, "draft_list"):
            items = [(describe(o, self.pic), f"#draft_{k}") for k, o in enumerate(self.orders())]
            if items != getattr(self, "_draft_items", None):
                self.draft_list.set_item_list(items)
                self._draft_items = items
        if self.pic.dilemma and hasattr(self, "restrain_button"):
            move = self.state.get("move")
            for b, m in ((self.restrain_button, "restrain"), (self.arm_button, "arm")):
                (b.select if move == m else b.unselect)()

    def say(self, text: str, bad: bool = False) -> None:
        if self.status is None:
            return
        want = "#status_bad" if bad else "#status_good"
        if getattr(self.status, "_oid", None) != want:
            self.status.change_object_id(oid(want))
            self.status._oid = want
        self.status.set_text(text)

    def click(self, order: Order) -> None:
        draft = self.state["draft"]
        for o in draft:
            if same_order(o, order):
                draft.remove(o)
                self.say(f"Withdrawn: {describe(order, self.pic)}.")
                self.refresh()
                return
        why = self.reason(order)
        if why:
            self.say(f"Not now: {why}", bad=True)
            return
        if order.kind == "attack":
            self.on_attack(order.target)
            return
        self.add(order)

    def add(self, order: Order) -> None:
        draft = self.state["draft"]
        # one crisis answer per rival: a new one replaces the old
        if order.kind == "crisis":
            draft[:] = [o for o in draft if not (o.kind == "crisis" and o.target == order.target)]
        why = self.reason(order)
        if why:
            self.say(f"Not now: {why}", bad=True)
            return
        draft.append(order)
        self.say(f"Queued: {describe(order, self.pic)}.")
        self.refresh()

    def set_move(self, move: str) -> None:
        self.state["move"] = move
        self.say("You will restrain." if move == "restrain" else "You will arm.")
        self.refresh()

    def set_target(self, k: int) -> bool:
        if k == self.me or k not in self.pic.rivals():
            return False
        self.state["target"] = k
        return True

    def orders(self) -> list[Order]:
        if self.pic.dilemma:
            move = self.state.get("move")
            return [DilemmaMove(move=move)] if move else []
        return [Budget(military_share=self.state["s"], offense_share=self.state["mu"])] + list(self.state["draft"])

    def _update_budget_text(self) -> None:
        own = self.pic.own
        s, mu = self.state["s"], self.state["mu"]
        self.s_value.set_text(f"{100 * s:.0f} %")
        self.mu_value.set_text(f"{100 * mu:.0f} %")
        proj = project_budget(own.O, own.D, own.Y, s, mu)
        O2, D2, M2, growth, welfare = proj.offense, proj.defense, proj.forces, proj.growth, proj.welfare
        warn = ""
        gamma = self.view.spiral_threshold if self.view is not None else 0.05
        if growth >= gamma:
            warn = (f"<br><font color='#E69F00'>Growing {100 * growth:.0f} % a turn — at or above the spiral "
                    f"threshold ({100 * gamma:.0f} %): rivals will notice.</font>")
        self.projection.set_text(
            f"Costs <b>{s * own.Y:.1f}</b> of {own.Y:.1f} output (welfare {welfare:.1f}).<br>"
            f"Next turn: forces <b>{M2:.1f}</b> ({growth:+.0%}) · offence {O2:.1f} · defence {D2:.1f}" + warn)

    def on_event(self, event: pygame.event.Event) -> bool:
        """True when the panel changed something the scene should know about (the target)."""
        if event.type == pygame_gui.UI_HORIZONTAL_SLIDER_MOVED:
            if event.ui_element is getattr(self, "s_slider", None):
                self.state["s"] = min(0.5, max(0.0, self.s_slider.get_current_value() / 100))
                self._update_budget_text()
                self.refresh()
            elif event.ui_element is getattr(self, "mu_slider", None):
                self.state["mu"] = min(1.0, max(0.0, self.mu_slider.get_current_value() / 100))
                self._update_budget_text()
        elif event.type == pygame_gui.UI_DROP_DOWN_MENU_CHANGED and event.ui_element is getattr(self, "target_menu", None):
            text = event.text
            for k in self.pic.rivals():
                if self.pic.names[k] == text:
                    self.state["target"] = k
                    return True
        elif event.type == pygame_gui.UI_SELECTION_LIST_NEW_SELECTION and event.ui_element is getattr(self, "draft_list", None):
            for o in self.orders():
                if describe(o, self.pic) == event.text:
                    if o.kind == "budget":
                        self.say("The budget is always part of your orders: change it with the sliders.")
                    elif o.kind == "dilemma":
                        self.state["move"] = None
                        self.say("Move withdrawn: choose restrain or arm.")
                    else:
                        self.state["draft"].remove(o)
                        self.say(f"Withdrawn: {describe(o, self.pic)}.")
                    self.refresh()
                    break
        return False

    def scroll_fraction(self) -> float:
        bar = getattr(self.scroller, "vert_scroll_bar", None)
        return float(bar.start_percentage) if bar is not None else 0.0

    def set_scroll_fraction(self, p: float) -> None:
        bar = getattr(self.scroller, "vert_scroll_bar", None)
        if bar is not None and p > 0:
            try:
                bar.set_scroll_from_start_percentage(p)
            except (AttributeError, ValueError):
                pass


def pic_dead(pic: Picture) -> bool:
    return pic.me is not None and not pic.alive[pic.me]
