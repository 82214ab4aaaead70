"""Orders a state can give in a turn (DESIGN.md §3): frozen pydantic models, a union tagged by `kind`.

Orders are hidden until resolution. Each names its target by state id. Legality (is there a
crisis to respond to, a pact to leave...) is checked by `game.core.rules.check_order`, which raises
`IllegalOrder` with a reason a player can read.
"""
from __future__ import annotations

from typing import Annotated, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from game.errors import InvalidOrder


class _Order(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def target_of(order: "Order") -> str | None:
    """The order's target, or None for orders without one (a budget, a dilemma move). Read from
    the instance's fields: pydantic's getattr fallback for a missing name is slow, and the rules
    and the AI ask this for every pair of orders."""
    return order.__dict__.get("target")


class _Targeted(_Order):
    target: Annotated[str, Field(min_length=1)]


class Budget(_Order):
    """Military share of output (0-50 %) and the offensive share of what is bought."""

    kind: Literal["budget"] = "budget"
    military_share: Annotated[float, Field(ge=0.0, le=0.5)]
    offense_share: Annotated[float, Field(ge=0.0, le=1.0)]


_BUDGETS: dict[tuple[float, float], Budget] = {}  # budget_order's orders made so far, by their shares
_BUDGETS_KEPT = 4096  # (and at most this many: past it, they are dropped and made anew)


def budget_order(military_share: float, offense_share: float) -> Budget:
    """Budget(military_share=..., offense_share=...), made once for each pair of shares: an order
    is frozen, so one validated model serves every state giving the same budget (as states at a
    bound do turn after turn; every AI decision gives a budget). Shares other than floats, and
    zeros (0.0 equals −0.0), are made afresh."""
    if not (type(military_share) is float and type(offense_share) is float and military_share and offense_share):
        return Budget(military_share=military_share, offense_share=offense_share)
    key = (military_share, offense_share)
    order = _BUDGETS.get(key)
    if order is None:
        order = Budget(military_share=military_share, offense_share=offense_share)
        if len(_BUDGETS) >= _BUDGETS_KEPT:
            _BUDGETS.clear()
        _BUDGETS[key] = order
    return order


_TARGETED: dict[tuple, "_Targeted"] = {}  # targeted_order's orders made so far, by kind, target and fields
_TARGETED_KEPT = 4096  # (and at most this many: past it, they are dropped and made anew)


def targeted_order(kind: type[_Targeted], target: str, **fields: str) -> _Targeted:
    """kind(target=target, **fields), made once for each kind, target and (string) fields: an
    order is frozen, so one validated model serves every state and turn giving the same one, as
    budget_order does for budgets (validating one costs more than most of the reasoning behind a
    signal or a crisis response, which the AI gives every turn)."""
    key = (kind, target, *fields.items())
    order = _TARGETED.get(key)
    if order is None:
        if len(_TARGETED) >= _TARGETED_KEPT:
            _TARGETED.clear()
        order = _TARGETED[key] = kind(target=target, **fields)
    return order


class ProposePact(_Targeted):
    """Offer a defensive pact. It forms when the target accepts (or proposes too)."""

    kind: Literal["propose_pact"] = "propose_pact"


class AcceptPact(_Targeted):
    kind: Literal["accept_pact"] = "accept_pact"


class LeavePact(_Targeted):
    """Leave a defensive pact. Costs reputation: commitments are worth what they are kept."""

    kind: Literal["leave_pact"] = "leave_pact"


class Guarantee(_Targeted):
    """Guarantee a third state's security (extended deterrence): you are called in if it is attacked."""

    kind: Literal["guarantee"] = "guarantee"


class EndGuarantee(_Targeted):
    kind: Literal["end_guarantee"] = "end_guarantee"


class Pledge(_Targeted):
    """Restraint pledge: no arms growth and no threat or attack toward the target for a few turns.
    Breaking it costs reputation and welfare (an audience cost)."""

    kind: Literal["pledge"] = "pledge"


class UnilateralCut(_Targeted):
    """Scrap a share of your forces, offensive first: a costly, visible reassurance."""

    kind: Literal["unilateral_cut"] = "unilateral_cut"
    fraction: Annotated[float, Field(ge=0.05, le=0.5)] = 0.1


class Transparency(_Targeted):
    """Open your forces to the target's inspectors: it sees them clearly for a few turns."""

    kind: Literal["transparency"] = "transparency"


class ArmsControlOffer(_Targeted):
    """Offer a mutual cap at current force levels. Forms when both offer; violations are
    detected with probability equal to the dyad's distinguishability."""

    kind: Literal["arms_control"] = "arms_control"


class Threat(_Targeted):
    """Public threat: deter the target from attacking you (direct) or a protégé (extended).
    Opens a crisis (rung 2); backing down later costs reputation."""

    kind: Literal["threat"] = "threat"
    protege: str | None = None


class Mobilise(_Targeted):
    """Mobilise against the target: costly and visible; forces count more for a few turns
    (immediate deterrence). Raises the crisis to rung 3."""

    kind: Literal["mobilise"] = "mobilise"


class CrisisResponse(_Targeted):
    """Answer an open crisis: stand firm, back down, or escalate one rung."""

    kind: Literal["crisis"] = "crisis"
    response: Literal["firm", "back_down", "escalate"]


class Attack(_Targeted):
    """Go to war with the target. An AI states its rationale (which the debrief records as the
    war's label); without one the rules judge it from the situation."""

    kind: Literal["attack"] = "attack"
    rationale: Literal["preventive", "preemptive", "opportunistic"] | None = None


class OfferPeace(_Targeted):
    """Offer peace in a war; it ends when both sides offer in the same turn."""

    kind: Literal["peace"] = "peace"


class RefuseCall(_Targeted):
    """Refuse an ally's call to arms against the target. The pact (or guarantee) breaks."""

    kind: Literal["refuse_call"] = "refuse_call"


class DilemmaMove(_Order):
    """Repeated-dilemma mode only: restrain (cooperate) or arm (defect)."""

    kind: Literal["dilemma"] = "dilemma"
    move: Literal["restrain", "arm"]


Order = Annotated[
    Union[
        Budget, ProposePact, AcceptPact, LeavePact, Guarantee, EndGuarantee, Pledge, UnilateralCut,
        Transparency, ArmsControlOffer, Threat, Mobilise, CrisisResponse, Attack, OfferPeace,
        RefuseCall, DilemmaMove,
    ],
    Field(discriminator="kind"),
]

ORDER_KINDS: tuple[str, ...] = (
    "budget", "propose_pact", "accept_pact", "leave_pact", "guarantee", "end_guarantee", "pledge",
    "unilateral_cut", "transparency", "arms_control", "threat", "mobilise", "crisis", "attack",
    "peace", "refuse_call", "dilemma",
)

_ORDER_ADAPTER: TypeAdapter = TypeAdapter(Order)


def is_order(value: object) -> bool:
    """Is `value` an order (any kind) rather than plain data to parse?"""
    return isinstance(value, _Order)
_ORDERS_ADAPTER: TypeAdapter = TypeAdapter(list[Order])


def parse_order(data: object) -> "Order":
    """An order from plain data (a save, a replay, a test). Bad data raises InvalidOrder."""
    if isinstance(data, _Order):
        return data  # type: ignore[return-value]
    try:
        return _ORDER_ADAPTER.validate_python(data)
    except ValidationError as err:
        first = err.errors()[0]
        if first["type"] in ("union_tag_invalid", "union_tag_not_found"):
            tag = first.get("ctx", {}).get("tag")
            what = (f"there is no order of kind {tag!r}" if tag else "it needs a kind") + f"; kinds: {', '.join(ORDER_KINDS)}"
        else:
            where = ".".join(str(p) for p in first["loc"][1:] or first["loc"])  # loc[0] is the order kind
            what = f"{where}: {first['msg']}" if where else first["msg"]
        raise InvalidOrder(f"Not a valid order ({what}): {data!r}.") from None


def dump_orders(orders: list["Order"]) -> list[dict]:
    return _ORDERS_ADAPTER.dump_python(orders, mode="json", exclude_none=True)
