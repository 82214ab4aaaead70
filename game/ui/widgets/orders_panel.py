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
from pygame_gui.elements import UIHorizontalSlider, UIScrollingContainer

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
from game.ui.widgets.kit import button, drop_down, esc, label, oid, selection_list, textbox

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


STATUS_BAD = "#FF8A70"

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
    def __init__(self, app, rect: pygame.Rect, pic: Picture, state: dict, confirm: Callable[[Order], None],
                 container=None):
        """`state` (kept by the scene across rebuilds): s, mu, draft, target, move, declined offers.
        `confirm(order)` asks the player before a war-making order; the scene adds it if confirmed."""
        self.app = app
        self.rect = pygame.Rect(rect)
        self.pic = pic
        self.view = pic.view
        self.me = pic.me
        self.state = state
        self.confirm = confirm
        self.container = container
        self.elements: list = []
        self.action_buttons: list[tuple[pygame_gui.elements.UIButton, Order, str]] = []
        self.scroller = None
        self.status = None
        self.status_text = ""
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
        self._show_answer_row()

    def hide(self) -> None:
        for e in self.elements:
            e.hide()

    def _add(self, element):
        self.elements.append(element)
        return element

    def _build(self) -> None:
        """A fixed banner area (what needs an answer, and one-click answers to offers) above the
        scrolling orders, so a banner appearing never moves a button under the player's mouse."""
        app, pic = self.app, self.pic
        r = self.rect
        u = app.settings.ui_scale
        container = self.container
        status_h = int(40 * u)
        line = app.fonts.get(14).get_linesize()
        banner_h = 3 * line + 16
        answer_h = int(30 * u)
        # the answer to the last click, wrapped (a reason the rules give can be long)
        self.status = self._add(textbox(app, (r.left + 2, r.bottom - status_h, r.width - 4, status_h), "",
                                        container=container, object_id="#status"))
        y = r.top + 4
        self.banner = self._add(textbox(app, (r.left + 4, y, r.width - 8, banner_h), self.banner_html(),
                                        container=container, object_id="#hint"))
        y += banner_h + 4
        half = (r.width - 14) // 2
        self.accept_button = self._add(button(app, (r.left + 4, y, half, answer_h), "Accept", self.accept_offer,
                                              container=container, object_id="#action"))
        self.decline_button = self._add(button(app, (r.left + 10 + half, y, half, answer_h), "Decline",
                                               self.decline_offer, container=container, object_id="#action"))
        y += answer_h + 4
        self.scroller = self._add(UIScrollingContainer(pygame.Rect(r.left, y, r.width, r.bottom - status_h - y),
                                                       app.manager, container=container, allow_scroll_x=False))
        c = self.scroller
        w = r.width - 24
        y = 6
        if pic.dilemma:
            y = self._build_dilemma(c, w, y)
        else:
            y = self._build_budget(c, w, y)
            y = self._build_actions(c, w, y)
        self._add(label(app, (4, y, w, int(22 * u)), "Orders this turn (click one to withdraw it)", container=c,
                        object_id="#group"))
        y += int(24 * u)
        self.draft_list = self._add(selection_list(app, (4, y, w, int(112 * u)), [], container=c))
        y += int(118 * u)
        c.set_scrollable_area_dimensions((w + 8, y))
        self.refresh()

    def banner_html(self) -> str:
        alerts = self.alerts()
        if not alerts:
            accepted = self.answered_offers()
            if accepted:  # the answer is given: say so, rather than that nothing needs one
                return "<i>Answered: " + "; ".join(esc(describe(o, self.pic)) for o in accepted) + \
                    " (in your orders; click it there to take it back).</i>"
            return "<i>Nothing needs an answer this turn: no war, crisis, call to arms or offer.</i>"
        return "<br>".join(alerts)

    def answered_offers(self) -> list[Order]:
        """The orders in the draft that accept an offer standing to this player."""
        v = self.view
        if v is None or pic_dead(self.pic):
            return []
        draft = self.state.get("draft", [])
        return [o for k in v.rivals() for kind in ("pact", "arms_control", "peace")
                if offer_open(v, kind, k, self.me)
                for o in draft if same_order(o, self.accepting(kind, k))]

    def open_offers(self) -> list[tuple[str, int, int]]:
        """Offers to this player that stand and are not yet answered: (kind, rival, last turn to
        answer, counted as the turn being played)."""
        v = self.view
        if v is None or pic_dead(self.pic):
            return []
        me, out = self.me, []
        tables = {"pact": v.pact_offer, "arms_control": v.ac_offer, "peace": v.peace_offer}
        for k in v.rivals():
            for kind, table in tables.items():
                if not offer_open(v, kind, k, me):
                    continue
                if kind == "pact" and (v.pact[me, k] or v.war[me, k]):
                    continue  # a state at war with you offers no pact you could take
                if kind == "arms_control" and (v.arms_control[me, k] or v.war[me, k]):
                    continue
                if kind == "peace" and not v.war[me, k]:
                    continue
                last = int(table[k, me]) + RULES.offer_turns
                key = (kind, k, last)
                if key in self.state.setdefault("declined", set()):
                    continue
                if any(same_order(o, self.accepting(kind, k)) for o in self.state["draft"]):
                    continue
                out.append(key)
        return out

    def accepting(self, kind: str, k: int) -> Order:
        tid = self.pic.ids[k]
        return {"pact": AcceptPact(target=tid), "arms_control": ArmsControlOffer(target=tid),
                "peace": OfferPeace(target=tid)}[kind]

    def _show_answer_row(self) -> None:
        offers = self.open_offers()
        if not offers:
            self.accept_button.hide()
            self.decline_button.hide()
            return
        kind, k, _ = offers[0]
        name = self.pic.names[k]
        what = {"pact": "pact", "arms_control": "arms control", "peace": "peace"}[kind]
        more = f" (1 of {len(offers)})" if len(offers) > 1 else ""
        self.accept_button.set_text(f"Accept {name}'s {what}{more}")
        self.decline_button.set_text(f"Decline {what}")
        self.accept_button.set_tooltip(GLOSSARY.get({"pact": "accept_pact", "arms_control": "arms_control_offer",
                                                      "peace": "peace"}[kind], ""))
        self.decline_button.set_tooltip("Let the offer lapse: nothing is sent, and nothing is held against you.")
        self.accept_button.show()
        self.decline_button.show()

    def accept_offer(self) -> None:
        offers = self.open_offers()
        if offers:
            kind, k, _ = offers[0]
            self.add(self.accepting(kind, k))

    def decline_offer(self) -> None:
        offers = self.open_offers()
        if offers:
            kind, k, last = offers[0]
            self.state.setdefault("declined", set()).add((kind, k, last))
            self.say(f"Declined: {self.pic.names[k]}'s offer lapses unanswered.")
            self.refresh()

    def alerts(self) -> list[str]:
        v = self.view
        if v is None or pic_dead(self.pic):
            return []
        me = self.me
        out = []
        now = v.turn
        playing = now + 1
        for k in v.rivals():
            name = esc(v.names[k])
            if v.war[me, k]:
                nuclear = " Escalating now means nuclear use." if v.N[me] > 0 else ""
                out.append(f"<b>At war with {name}</b> since turn {int(v.war_start[me, k])}. Offer peace to end it."
                           + nuclear)
            elif v.rung[me, k] >= 2:
                r = int(v.rung[me, k])
                war = " Escalating now starts a war." if r >= 4 else ""
                out.append(f"<b>Crisis with {name}</b>: rung {r}, {RUNG_NAMES[r]}. Stand firm (default), back down "
                           f"or escalate.{war}")
            if call_open(v, me, k):
                victim = int(v.call_victim[me, k])
                vname = esc(v.names[victim]) if victim >= 0 else "your ally"
                out.append(f"<b>Call to arms</b>: {name} attacked {vname}. Honour it (attack {name}) or refuse.")
            if v.pledge_until[me, k] >= now + 1:
                out.append(f"You pledged restraint to {name} until turn {int(v.pledge_until[me, k])}: arming now "
                           f"breaks it.")
        what = {"pact": "offers you a defensive pact", "arms_control": "offers a mutual cap on forces (arms control)",
                "peace": "offers peace"}
        for kind, k, last in self.open_offers():
            when = "answer this turn or it lapses" if last <= playing else f"it lapses after turn {last} unanswered"
            out.append(f"<b>{esc(v.names[k])} {what[kind]}</b> — {when}.")
        return out

    def _build_budget(self, c, w: int, y: int) -> int:
        app = self.app
        u = app.settings.ui_scale
        row, lab_w, val_w = int(30 * u), int(130 * u), int(62 * u)
        self._add(label(app, (4, y, w, int(22 * u)), "Budget", container=c, object_id="#group"))
        y += int(24 * u)
        self._add(label(app, (4, y, lab_w, row - 4), "Military share", container=c, tip=GLOSSARY["military_share"]))
        self.s_slider = self._add(UIHorizontalSlider(pygame.Rect(lab_w + 6, y, w - lab_w - val_w - 8, row - 4),
                                                     round(100 * self.state["s"]), (0, 50), app.manager, container=c,
                                                     click_increment=1))
        self.s_slider.set_tooltip(GLOSSARY["military_share"])
        self.s_value = self._add(label(app, (w - val_w + 4, y, val_w, row - 4), "", container=c))
        y += row
        self._add(label(app, (4, y, lab_w, row - 4), "Offensive mix", container=c, tip=GLOSSARY["offense_share"]))
        self.mu_slider = self._add(UIHorizontalSlider(pygame.Rect(lab_w + 6, y, w - lab_w - val_w - 8, row - 4),
                                                      round(100 * self.state["mu"]), (0, 100), app.manager,
                                                      container=c, click_increment=5))
        self.mu_slider.set_tooltip(GLOSSARY["offense_share"])
        self.mu_value = self._add(label(app, (w - val_w + 4, y, val_w, row - 4), "", container=c))
        y += row
        # tall enough for the projection and both warnings, so it never scrolls (nor takes the wheel)
        proj_h = 7 * app.fonts.get(13).get_linesize() + 12
        self.projection = self._add(textbox(app, (4, y, w, proj_h), "", container=c))
        y += proj_h + 4
        keep = _maintenance_share(self.view.my_M, self.view.my_Y) if self.view is not None else 0.0
        self._add(label(app, (4, y, w, int(20 * u)), f"{100 * keep:.1f} % holds forces level "
                                                    f"({100 * RULES.depreciation:.0f} % wear out each turn)",
                        container=c, object_id="#small"))
        y += int(26 * u)
        self._update_budget_text()
        return y

    def _build_actions(self, c, w: int, y: int) -> int:
        app, pic = self.app, self.pic
        rivals = pic.rivals()
        if not rivals:
            return y
        u = app.settings.ui_scale
        row = int(30 * u)
        self._add(label(app, (4, y, int(70 * u), row - 2), "Toward", container=c, object_id="#group"))
        names = [pic.names[k] for k in rivals]
        if self.state.get("target") not in rivals:
            self.state["target"] = self.default_target()
        current = pic.names[self.state["target"]]
        self.target_menu = self._add(drop_down(app, (int(76 * u), y, w - int(76 * u), row - 2), names, current,
                                               container=c, expansion_height_limit=220))
        self.target_menu.set_tooltip("The state your diplomatic and military orders are aimed at. Clicking a state "
                                     "on the map (or Tab) chooses it too.")
        y += row + 2
        self.relation = self._add(label(app, (4, y, w, int(22 * u)), self.relation_text(), container=c,
                                        object_id="#small"))
        y += int(26 * u)
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
                    y += row + 4
                    col = 0
                self._add(label(app, (4, y, w, int(20 * u)), g, container=c, object_id="#group", tip=GROUP_TIPS.get(g)))
                y += int(22 * u)
                group = g
            x = 4 + col * (col_w + 6)
            want = self._look(order)[0]
            b = self._add(button(app, (x, y, col_w, row), lab, (lambda o=order: self.click(o)), container=c,
                                 object_id=want))
            b._oid = want
            self.action_buttons.append((b, order, concept))
            col = 1 - col
            if col == 0:
                y += row + 4
        if col:
            y += row + 4
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
        if hasattr(self, "accept_button"):
            html = self.banner_html()
            if html != getattr(self, "_banner_html", None):
                self.banner.set_text(html)
                self._banner_html = html
            self._show_answer_row()
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
        self.status_text = text
        html = esc(text)
        self.status.set_text(f"<font color='{STATUS_BAD}'><b>{html}</b></font>" if bad else html)

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
        if needs_confirmation(self.view, self.me, order):
            self.confirm(order)
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
        for text in self.cap_warnings(M2):
            warn += f"<br><font color='#E69F00'>{text}</font>"
        self.projection.set_text(
            f"Costs <b>{s * own.Y:.1f}</b> of {own.Y:.1f} output (welfare {welfare:.1f}).<br>"
            f"Next turn: forces <b>{M2:.1f}</b> ({growth:+.0%}) · offence {O2:.1f} · defence {D2:.1f}" + warn)

    def cap_warnings(self, forces_next: float) -> list[str]:
        """Arms-control caps the budget would break (as the economy phase judges a violation,
        at war released from them), like the pledge's warning."""
        v = self.view
        if v is None or v.war[self.me].any():
            return []
        out = []
        for k in v.rivals():
            cap = float(v.my_caps[k])
            if v.arms_control[self.me, k] and cap > 0 and forces_next > cap * (1 + RULES.arms_control_slack):
                out.append(f"Breaks the arms-control cap agreed with {esc(v.names[k])} (forces {forces_next:.1f} "
                           f"over the cap {cap:.1f}): a violation is caught with probability "
                           f"{v.distinguishability:.2f} and ends the agreement.")
        return out

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
                self.refresh()
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


def needs_confirmation(view, me: int, order: Order) -> bool:
    """Orders that start a war (an attack; escalating a crisis from rung 4) or, at war, mean
    nuclear use (escalating further) are asked about first."""
    if order.kind == "attack":
        return True
    if order.kind == "crisis" and order.response == "escalate" and view is not None:
        k = view.ids.index(order.target)
        return bool(view.war[me, k]) or int(view.rung[me, k]) >= 4
    return False


def pic_dead(pic: Picture) -> bool:
    return pic.me is not None and not pic.alive[pic.me]
