"""Charts for the classroom tools (experiments, tournaments, the debrief) as PNG files.

matplotlib's object API with the Agg canvas only — never pyplot, which keeps global state and may
try to open a window. Colours are the Okabe–Ito palette (safe for the common colour-vision
deficiencies); lines differ by style as well as colour where several share a chart.
"""
from __future__ import annotations

from pathlib import Path
from typing import Sequence

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

OKABE_ITO = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000")
LINES = ("#E69F00", "#56B4E9", "#009E73", "#0072B2", "#D55E00", "#CC79A7", "#000000", "#999999")  # no yellow on white
LINESTYLES = ("-", "--", "-.", ":")
INK = "#222222"
GRID = "#DDDDDD"
DPI = 100


def new_figure(width: float, height: float) -> Figure:
    fig = Figure(figsize=(width, height), dpi=DPI, layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def style(ax, title: str = "", xlabel: str = "", ylabel: str = "") -> None:
    ax.set_title(title, fontsize=11, color=INK, loc="left")
    ax.set_xlabel(xlabel, fontsize=9, color=INK)
    ax.set_ylabel(ylabel, fontsize=9, color=INK)
    ax.tick_params(labelsize=8, colors=INK)
    ax.grid(True, color=GRID, linewidth=0.6)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def save(fig: Figure, path: Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    # No creation date or version in the file: the same data gives the same bytes.
    fig.savefig(path, format="png", metadata={"Software": None})
    return path


def wilson(k: float, n: int, z: float = 1.96) -> tuple[float, float]:
    """95 % Wilson interval for a proportion k/n."""
    if n <= 0:
        return 0.0, 0.0
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


# ---------------------------------------------------------------------------------------------
# Experiments


def comparison_chart(conditions: Sequence[dict], labels: Sequence[str], title: str, path: Path) -> Path:
    """Spiral rate, war rate (with 95 % intervals) and mean arms growth, one row per condition."""
    n = len(conditions)
    fig = new_figure(10.0, 1.6 + 0.45 * n)
    axes = fig.subplots(1, 3, sharey=True)
    y = np.arange(n)[::-1]
    panels = (("spiral_rate", "Spiral rate", OKABE_ITO[5], ""), ("war_rate", "War rate", OKABE_ITO[4], "xx"),
              ("mean_arms_growth", "Arms growth per turn (peacetime)", OKABE_ITO[2], "//"))
    for ax, (key, name, colour, hatch) in zip(axes, panels):
        vals = np.array([c[key] for c in conditions], dtype=float)
        if key.endswith("_rate"):
            lo_hi = np.array([wilson(v * c["runs"], c["runs"]) for v, c in zip(vals, conditions)])
            err = np.vstack([vals - lo_hi[:, 0], lo_hi[:, 1] - vals]).clip(min=0)
            ax.barh(y, vals, color=colour, hatch=hatch, edgecolor="white", xerr=err, capsize=3, ecolor=INK,
                    error_kw={"linewidth": 0.8})
            ax.set_xlim(0, 1.05)
            ax.xaxis.set_major_formatter(_percent)
        else:
            ax.barh(y, vals, color=colour, hatch=hatch, edgecolor="white")
            ax.axvline(0, color=INK, linewidth=0.8)
            ax.xaxis.set_major_formatter(_percent1)
            span = max(abs(vals).max(), 1e-3) * 1.25
            ax.set_xlim(min(0.0, vals.min() * 1.25), max(span if vals.max() > 0 else 0.0, 1e-3))
        style(ax, name)
        ax.grid(False, axis="y")
    axes[0].set_yticks(y)
    axes[0].set_yticklabels(labels, fontsize=8)
    fig.suptitle(f"{title}: {conditions[0]['runs']} runs per condition (whiskers: 95 % intervals)", fontsize=11,
                 color=INK)
    return save(fig, path)


def condition_chart(world_arms: np.ndarray, condition: dict, label: str, title: str, path: Path) -> Path:
    """The world's total forces over time in one condition: median run and the 10–90 % band."""
    fig = new_figure(7.5, 4.0)
    ax = fig.subplots()
    turns = np.arange(world_arms.shape[1])
    lo, med, hi = np.nanpercentile(world_arms, [10, 50, 90], axis=0)
    ax.fill_between(turns, lo, hi, color=OKABE_ITO[1], alpha=0.35, linewidth=0, label="10–90 % of runs")
    ax.plot(turns, med, color=OKABE_ITO[4], linewidth=2, label="median run")
    style(ax, f"{label}", "turn", "world forces (sum of all states)")
    text = (f"spiral rate {condition['spiral_rate']:.0%}   tragic {condition['tragic_spiral_rate']:.0%}   "
            f"war rate {condition['war_rate']:.0%}   arms growth {condition['mean_arms_growth']:+.1%}/turn in peace   "
            f"cooperation {condition['cooperation_rate']:.0%}")
    ax.text(0.0, -0.2, text, transform=ax.transAxes, fontsize=8, color=INK, va="top")
    ax.legend(fontsize=8, frameon=False, loc="upper left")
    fig.suptitle(f"{title} — {condition['runs']} runs", fontsize=11, color=INK)
    return save(fig, path)


def _percent(x, _pos=None) -> str:
    return f"{x:.0%}"


def _percent1(x, _pos=None) -> str:
    return f"{x:.1%}"


def _wrap(label: str, width: int = 18) -> str:
    parts, line, out = label.split(", "), "", []
    for p in parts:
        if line and len(line) + len(p) + 2 > width:
            out.append(line)
            line = p
        else:
            line = f"{line}, {p}" if line else p
    out.append(line)
    return "\n".join(out)


# ---------------------------------------------------------------------------------------------
# Tournaments


def score_chart(result: dict, title: str, path: Path) -> Path:
    """Mean score per match against the other entrants, best first, with cooperation beside it."""
    table = result["table"]
    n = len(table)
    fig = new_figure(9.0, 1.4 + 0.42 * n)
    ax_s, ax_c = fig.subplots(1, 2, sharey=True, width_ratios=[2, 1])
    y = np.arange(n)[::-1]
    names = [row["title"] for row in table]
    ax_s.barh(y, [row["mean_score"] for row in table], color=OKABE_ITO[4])
    for yy, row in zip(y, table):
        ax_s.text(row["mean_score"], yy, f" {row['mean_score']:.1f}", va="center", fontsize=8, color=INK)
    ax_c.barh(y, [row["cooperation"] for row in table], color=OKABE_ITO[2], hatch="//", edgecolor="white")
    ax_c.set_xlim(0, 1)
    ax_c.xaxis.set_major_formatter(_percent)
    s = result["settings"]
    style(ax_s, "Mean score per match", "score against the other entrants")
    style(ax_c, "Cooperation", "share of rounds restrained")
    ax_s.set_yticks(y)
    ax_s.set_yticklabels(names, fontsize=9)
    for ax in (ax_s, ax_c):
        ax.grid(False, axis="y")
    noise = f", noise {s['noise']:.0%}" if s["noise"] else ""
    fig.suptitle(f"{title}: {s['turns']} turns × {s['reps']} repetitions{noise}", fontsize=11, color=INK)
    return save(fig, path)


def pair_chart(result: dict, title: str, path: Path) -> Path:
    """The pair scores as a table of colours: row doctrine's mean score against the column's."""
    ids = [row["id"] for row in result["table"]]  # ranked order
    titles = {row["id"]: row["title"] for row in result["table"]}
    idx = {k: n for n, k in enumerate(ids)}
    n = len(ids)
    M = np.zeros((n, n))
    for p in result["pairs"]:
        M[idx[p["a"]], idx[p["b"]]] = p["score_a"]
        M[idx[p["b"]], idx[p["a"]]] = p["score_b"]
    fig = new_figure(2.5 + 0.85 * n, 1.8 + 0.6 * n)
    ax = fig.subplots()
    im = ax.imshow(M, cmap="cividis", aspect="auto")
    lo, hi = M.min(), M.max()
    for i in range(n):
        for j in range(n):
            light = (M[i, j] - lo) / max(hi - lo, 1e-9) > 0.6
            ax.text(j, i, f"{M[i, j]:.0f}", ha="center", va="center", fontsize=8, color=INK if light else "white")
    ax.set_xticks(range(n))
    ax.set_xticklabels([titles[k] for k in ids], rotation=35, ha="right", fontsize=8)
    ax.set_yticks(range(n))
    ax.set_yticklabels([titles[k] for k in ids], fontsize=8)
    ax.set_xlabel("against", fontsize=9, color=INK)
    ax.set_title("Mean score of the row against the column", fontsize=10, color=INK, loc="left")
    fig.colorbar(im, ax=ax, shrink=0.8)
    fig.suptitle(title, fontsize=11, color=INK)
    return save(fig, path)


def ecological_chart(result: dict, title: str, path: Path) -> Path:
    """Population shares over the generations of the ecological tournament."""
    eco = result["ecological"]
    titles = {row["id"]: row["title"] for row in result["table"]}
    fig = new_figure(8.5, 4.5)
    ax = fig.subplots()
    order = sorted(eco["shares"], key=lambda k: -eco["final"][k])
    shares = np.array([eco["shares"][sid] for sid in order])
    change = np.abs(np.diff(shares, axis=1)).max(axis=0)
    settled = int(np.argmax(change < 1e-5)) if (change < 1e-5).any() else shares.shape[1]
    last = min(shares.shape[1], max(20, int(1.5 * settled) + 1))  # show the dynamics, not the long flat tail
    for k, sid in enumerate(order):
        ax.plot(np.arange(last), shares[k, :last], color=LINES[k % len(LINES)], linestyle=LINESTYLES[(k // 2) % 4],
                linewidth=2, label=titles.get(sid, sid))
    ax.set_ylim(0, min(1.0, shares.max() * 1.15))
    ax.yaxis.set_major_formatter(_percent)
    style(ax, "Ecological tournament: shares of the population", "generation", "share of the population")
    ax.legend(fontsize=8, frameon=False, loc="center left", bbox_to_anchor=(1.0, 0.5))
    fig.suptitle(title, fontsize=11, color=INK)
    return save(fig, path)
