"""Charts for the classroom tools (experiments, tournaments, the debrief) as PNG files.

matplotlib's object API with the Agg canvas only — never pyplot, which keeps global state and may
try to open a window. Colours are the Okabe–Ito palette (safe for the common colour-vision
deficiencies); lines differ by style as well as colour where several share a chart.
"""
from __future__ import annotations

import struct
import zlib
from pathlib import Path
from typing import Sequence

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from game.theory import WAR_CONCEPTS, state_colors, world_name

OKABE_ITO = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000")
LINES = ("#E69F00", "#56B4E9", "#009E73", "#0072B2", "#D55E00", "#CC79A7", "#000000", "#999999")  # no yellow on white
HATCHES = ("", "//", "xx", "\\\\", "..", "++", "--", "oo")
LINESTYLES = ("-", "--", "-.", ":")
INK = "#222222"
GRID = "#DDDDDD"
DPI = 100
# Font sizes in points, for a room: at DPI 100 a point is 1.39 pixels, so ticks of 12 pt are
# over 16 px high in the saved file and still legible on a projector at the back of a class.
TICK_PT, LABEL_PT, TITLE_PT, SUPTITLE_PT, LEGEND_PT, NOTE_PT = 12, 14, 15, 17, 13, 13


def new_figure(width: float, height: float) -> Figure:
    fig = Figure(figsize=(width, height), dpi=DPI, layout="constrained", facecolor="white")
    FigureCanvasAgg(fig)
    return fig


def style(ax, title: str = "", xlabel: str = "", ylabel: str = "") -> None:
    ax.set_title(title, fontsize=TITLE_PT, color=INK, loc="left")
    ax.set_xlabel(xlabel, fontsize=LABEL_PT, color=INK)
    ax.set_ylabel(ylabel, fontsize=LABEL_PT, color=INK)
    ax.tick_params(labelsize=TICK_PT, colors=INK)
    ax.grid(True, color=GRID, linewidth=0.8)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def legend(ax, **where) -> None:
    """A legend a class can read: large type, no frame; `where` places it (loc, bbox_to_anchor)."""
    ax.legend(fontsize=LEGEND_PT, frameon=False, **({"loc": "best"} | where))


def suptitle(fig: Figure, text: str) -> None:
    fig.suptitle(text, fontsize=SUPTITLE_PT, color=INK)


def ink_on(rgba: Sequence[float]) -> str:
    """Dark ink on a light colour, white on a dark one (by the colour's relative luminance)."""
    r, g, b = rgba[:3]
    return INK if 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.4 else "white"


def save(fig: Figure, path: Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(png_bytes(fig))
    return path


def png_bytes(fig: Figure) -> bytes:
    """The figure as a PNG file, drawn once. Figure.savefig draws a figure with a layout engine
    twice (once with rendering switched off, only to run the layout, then for the pixels); the
    canvas's own draw runs the same constrained layout and draws the same pixels in one pass."""
    fig.canvas.draw()
    return encode_png(np.asarray(fig.canvas.buffer_rgba()), fig.dpi)


# zlib level 3, the last of its fast levels: the four kinds of experiment chart (3.3 million pixels)
# compress to 379 kB; level 6 gives 301 kB for twice the instructions (and Pillow 359 kB at level 6).
PNG_LEVEL = 3


def encode_png(rgba: np.ndarray, dpi: float) -> bytes:
    """An (height, width, 4) array of 8-bit RGBA pixels (the Agg canvas's buffer) as a PNG file.
    No creation date or version in the file: the same pixels give the same bytes.

    Written here (zlib and struct) rather than by Pillow, which tries PNG's five filters on every
    row and keeps the best: that search costs more than the compression, and the rows of a chart
    (runs of flat colour and text) compress about as small left unfiltered. The four kinds of
    experiment chart: 1.7 G instructions and 359 kB with Pillow (level 6), 0.35 G and 379 kB here.
    RGBA as drawn, not RGB: dropping the (opaque) alpha channel costs a strided copy that takes
    more instructions than compressing the extra bytes."""
    height, width, _ = rgba.shape
    rows = np.zeros((height, 1 + 4 * width), np.uint8)  # each row: its filter (0, none), its pixels
    rows[:, 1:] = rgba.reshape(height, 4 * width)
    per_metre = round(dpi / 0.0254)
    return b"".join((
        b"\x89PNG\r\n\x1a\n",
        _png_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)),  # 8-bit RGBA
        _png_chunk(b"pHYs", struct.pack(">IIB", per_metre, per_metre, 1)),
        _png_chunk(b"IDAT", zlib.compress(rows.tobytes(), PNG_LEVEL)),
        _png_chunk(b"IEND", b""),
    ))


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


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

OMEGA_KEY, D_KEY = "world.offense_defense", "world.distinguishability"


def comparison_chart(conditions: Sequence[dict], labels: Sequence[str], title: str, path: Path) -> Path:
    """Spiral rate, war rate (with 95 % intervals) and mean arms growth, one row per condition."""
    n = len(conditions)
    labels = [world_label(label, c["params"]) for label, c in zip(labels, conditions)]
    named = any("\n" in label for label in labels)  # two-line labels need more room
    fig = new_figure(15.0, 2.4 + (1.0 if named else 0.6) * n)
    axes = fig.subplots(1, 3, sharey=True)
    y = np.arange(n)[::-1]
    panels = (("spiral_rate", "Spiral rate", OKABE_ITO[5], ""), ("war_rate", "War rate", OKABE_ITO[4], "xx"),
              ("mean_arms_growth", "Arms growth per turn\n(in peace)", OKABE_ITO[2], "//"))
    for ax, (key, name, colour, hatch) in zip(axes, panels):
        vals = np.array([c[key] for c in conditions], dtype=float)
        if key.endswith("_rate"):
            lo_hi = np.array([wilson(v * c["runs"], c["runs"]) for v, c in zip(vals, conditions)])
            err = np.vstack([vals - lo_hi[:, 0], lo_hi[:, 1] - vals]).clip(min=0)
            ax.barh(y, vals, color=colour, hatch=hatch, edgecolor="white", xerr=err, capsize=4, ecolor=INK,
                    error_kw={"linewidth": 1.2})
            ax.set_xlim(0, 1.05)
            ax.xaxis.set_major_formatter(_percent)
        else:
            ax.barh(y, vals, color=colour, hatch=hatch, edgecolor="white")
            ax.axvline(0, color=INK, linewidth=1)
            ax.xaxis.set_major_formatter(_percent1)
            span = max(abs(vals).max(), 1e-3) * 1.25
            ax.set_xlim(min(0.0, vals.min() * 1.25), max(span if vals.max() > 0 else 0.0, 1e-3))
            ax.xaxis.set_major_locator(MaxNLocator(4))
        style(ax, name)
        ax.grid(False, axis="y")
    axes[0].set_yticks(y)
    axes[0].set_yticklabels(labels, fontsize=LABEL_PT)
    suptitle(fig, f"{title}: {conditions[0]['runs']} runs per condition (whiskers: 95 % intervals)")
    return save(fig, path)


def worlds_chart(conditions: Sequence[dict], title: str, path: Path) -> Path | None:
    """Jervis's 2×2 (or any grid of Ω × d): one cell per world, named as the game names it
    (game.theory.world_name), with its rates written in it and its colour the war rate. Offense
    dominance on the left and indistinguishability on top, as in Jervis (1978), so the doubly
    dangerous world is top left. When other parameters were varied too, one grid for each of
    their combinations. None (and no file) unless Ω and d were both varied."""
    if not conditions or not all(OMEGA_KEY in c["params"] and D_KEY in c["params"] for c in conditions):
        return None
    from matplotlib.colors import LinearSegmentedColormap

    def others(c: dict) -> str:
        rest = {k: v for k, v in c["params"].items() if k not in (OMEGA_KEY, D_KEY)}
        return ", ".join(f"{k}={_value(v)}" for k, v in rest.items())

    groups: dict[str, list[dict]] = {}
    for c in conditions:
        groups.setdefault(others(c), []).append(c)
    omegas = sorted({float(c["params"][OMEGA_KEY]) for c in conditions}, reverse=True)
    ds = sorted({float(c["params"][D_KEY]) for c in conditions})
    cmap = LinearSegmentedColormap.from_list("war_rate", ["#EAF5FC", "#F5C46A", "#E69F00"])  # dark ink reads on all
    columns = min(len(groups), 2)
    rows = -(-len(groups) // columns)
    fig = new_figure(1.5 + 4.6 * len(omegas) * columns, 1.4 + 2.6 * len(ds) * rows)
    axes = np.atleast_1d(fig.subplots(rows, columns, squeeze=False)).ravel()
    for ax, (other, cells) in zip(axes, groups.items()):
        grid = np.full((len(ds), len(omegas)), np.nan)
        for c in cells:
            i, j = ds.index(float(c["params"][D_KEY])), omegas.index(float(c["params"][OMEGA_KEY]))
            grid[i, j] = c["war_rate"]
            name = world_name(omegas[j], ds[i]).short.replace(" · ", "\n")
            rates = (f"spirals {c['spiral_rate']:.0%} (tragic {c['tragic_spiral_rate']:.0%})\n"
                     f"wars {c['war_rate']:.0%}\narms {c['mean_arms_growth']:+.1%}/turn")
            ax.annotate(name, (j, i), xytext=(0, 3.4), textcoords="offset fontsize", ha="center", va="center",
                        fontsize=TITLE_PT, fontweight="bold", color=INK)
            ax.text(j, i, rates, ha="center", va="center", fontsize=LABEL_PT, color=INK, linespacing=1.4)
        image = ax.imshow(np.ma.masked_invalid(grid), cmap=cmap.with_extremes(bad="#BBBBBB"), vmin=0, vmax=1,
                          aspect="auto")
        ax.set_xticks(range(len(omegas)), [f"Ω = {_value(o)}" for o in omegas])
        ax.set_yticks(range(len(ds)), [f"d = {_value(d)}" for d in ds])
        style(ax, other, "offense–defense balance Ω (above 1: attack has the edge)",
              "distinguishability d (1: told apart)")
        ax.tick_params(length=0, labelsize=LABEL_PT)
        ax.grid(False)
        for k in range(len(ds) + 1):
            ax.axhline(k - 0.5, color="white", linewidth=4)
        for k in range(len(omegas) + 1):
            ax.axvline(k - 0.5, color="white", linewidth=4)
    for ax in axes[len(groups):]:
        ax.set_visible(False)
    bar = fig.colorbar(image, ax=list(axes[: len(groups)]), shrink=0.8, format=_percent)
    bar.set_label("war rate (share of runs with a war)", fontsize=LABEL_PT, color=INK)
    bar.ax.tick_params(labelsize=TICK_PT, colors=INK)
    suptitle(fig, f"{title}: Jervis's worlds, {conditions[0]['runs']} runs each")
    return save(fig, path)


def wars_by_kind_chart(conditions: Sequence[dict], labels: Sequence[str], title: str, path: Path) -> Path:
    """How many wars of each kind (the rules' label: preventive, preemptive, ..., alliance —
    chain-ganging) began in each condition, all runs together: one stacked bar per condition."""
    kinds = list(conditions[0]["wars_by_label"])
    n = len(conditions)
    labels = [world_label(label, c["params"]) for label, c in zip(labels, conditions)]
    named = any("\n" in label for label in labels)
    fig = new_figure(13.0, 3.2 + (1.0 if named else 0.6) * n)
    ax = fig.subplots()
    y = np.arange(n)[::-1]
    left = np.zeros(n)
    for k, kind in enumerate(kinds):
        counts = np.array([c["wars_by_label"][kind] for c in conditions], dtype=float)
        ax.barh(y, counts, left=left, color=LINES[k % len(LINES)], hatch=HATCHES[k % len(HATCHES)],
                edgecolor="white", linewidth=1, label=f"{_war_kind(kind)}: {int(counts.sum())}")
        left += counts
    for yy, total in zip(y, left):
        ax.text(total, yy, f"  {int(total)}", va="center", fontsize=LABEL_PT, color=INK)
    ax.set_xlim(0, max(1.0, left.max()) * 1.12)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    style(ax, "", f"wars begun, all {conditions[0]['runs']} runs of a condition together")
    ax.set_yticks(y, labels, fontsize=LABEL_PT)
    ax.grid(False, axis="y")
    if not left.any():
        ax.text(0.5, 0.5, "no war in any run", transform=ax.transAxes, ha="center", va="center",
                fontsize=TITLE_PT, color=INK)
    fig.legend(fontsize=LEGEND_PT, frameon=False, loc="outside lower center", ncols=3)
    suptitle(fig, f"{title}: wars by kind (in the legend: all conditions together)")
    return save(fig, path)


def _war_kind(label: str) -> str:
    """"alliance war (chain-ganging)": the label, and the concept when it has its own name."""
    concept = WAR_CONCEPTS.get(label, "")
    return f"{label} war" if concept in ("", f"{label} war") else f"{label} war ({concept})"


def condition_chart(world_arms: np.ndarray, condition: dict, label: str, title: str, path: Path) -> Path:
    """The world's total forces over time in one condition: median run and the 10–90 % band."""
    fig = new_figure(11.0, 6.2)
    ax = fig.subplots()
    turns = np.arange(world_arms.shape[1])
    lo, med, hi = np.nanpercentile(world_arms, [10, 50, 90], axis=0)
    ax.fill_between(turns, lo, hi, color=OKABE_ITO[1], alpha=0.45, linewidth=0, label="10–90 % of runs")
    ax.plot(turns, med, color=OKABE_ITO[4], linewidth=3, label="median run")
    style(ax, world_label(label, condition["params"], " — "), "turn", "world forces (sum of all states)")
    text = (f"spiral rate {condition['spiral_rate']:.0%}   tragic {condition['tragic_spiral_rate']:.0%}   "
            f"war rate {condition['war_rate']:.0%}\narms growth {condition['mean_arms_growth']:+.1%}/turn in peace   "
            f"cooperation {condition['cooperation_rate']:.0%}")
    ax.text(0.0, -0.16, text, transform=ax.transAxes, fontsize=NOTE_PT, color=INK, va="top")
    legend(ax, loc="upper left")
    suptitle(fig, f"{title} — {condition['runs']} runs")
    return save(fig, path)


def _percent(x, _pos=None) -> str:
    return f"{x:.0%}"


def _percent1(x, _pos=None) -> str:
    return f"{x:.1%}"


def _value(v: object) -> str:
    return f"{v:g}" if isinstance(v, float) else str(v)


def world_label(label: str, params: dict, sep: str = "\n") -> str:
    """A condition's label followed (after `sep`) by the name of its world when the condition
    sets both Ω and d (game.theory.world_name, as the game and the debrief name it)."""
    if OMEGA_KEY in params and D_KEY in params:
        named = world_name(float(params[OMEGA_KEY]), float(params[D_KEY]))
        return f"{label}{sep}{named.short}"
    return label


# ---------------------------------------------------------------------------------------------
# Tournaments


def score_chart(result: dict, title: str, path: Path) -> Path:
    """Mean score per match against the other entrants, best first, with cooperation beside it."""
    table = result["table"]
    n = len(table)
    fig = new_figure(13.0, 2.2 + 0.6 * n)
    ax_s, ax_c = fig.subplots(1, 2, sharey=True, width_ratios=[2, 1])
    y = np.arange(n)[::-1]
    names = [row["title"] for row in table]
    ax_s.barh(y, [row["mean_score"] for row in table], color=OKABE_ITO[4])
    for yy, row in zip(y, table):
        ax_s.text(row["mean_score"], yy, f" {row['mean_score']:.1f}", va="center", fontsize=TICK_PT, color=INK)
    ax_s.set_xlim(0, max([row["mean_score"] for row in table] + [1e-9]) * 1.15)
    ax_c.barh(y, [row["cooperation"] for row in table], color=OKABE_ITO[2], hatch="//", edgecolor="white")
    ax_c.set_xlim(0, 1)
    ax_c.xaxis.set_major_formatter(_percent)
    s = result["settings"]
    style(ax_s, "Mean score per match", "score against the other entrants")
    style(ax_c, "Cooperation", "share of rounds restrained")
    ax_s.set_yticks(y)
    ax_s.set_yticklabels(names, fontsize=LABEL_PT)
    for ax in (ax_s, ax_c):
        ax.grid(False, axis="y")
    noise = f", noise {s['noise']:.0%}" if s["noise"] else ""
    suptitle(fig, f"{title}: {s['turns']} turns × {s['reps']} repetitions{noise}")
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
    fig = new_figure(4.0 + 1.1 * n, 3.0 + 0.8 * n)
    ax = fig.subplots()
    im = ax.imshow(M, cmap="cividis", aspect="auto")
    for i in range(n):
        for j in range(n):
            ax.text(j, i, f"{M[i, j]:.0f}", ha="center", va="center", fontsize=TICK_PT,
                    color=ink_on(im.cmap(im.norm(M[i, j]))))
    ax.set_xticks(range(n))
    ax.set_xticklabels([titles[k] for k in ids], rotation=35, ha="right", fontsize=TICK_PT)
    ax.set_yticks(range(n))
    ax.set_yticklabels([titles[k] for k in ids], fontsize=TICK_PT)
    ax.set_xlabel("against", fontsize=LABEL_PT, color=INK)
    ax.set_title("Mean score of the row against the column", fontsize=TITLE_PT, color=INK, loc="left")
    bar = fig.colorbar(im, ax=ax, shrink=0.8)
    bar.ax.tick_params(labelsize=TICK_PT, colors=INK)
    suptitle(fig, title)
    return save(fig, path)


def ecological_chart(result: dict, title: str, path: Path) -> Path:
    """Population shares over the generations of the ecological tournament."""
    eco = result["ecological"]
    titles = {row["id"]: row["title"] for row in result["table"]}
    fig = new_figure(13.0, 6.5)
    ax = fig.subplots()
    order = sorted(eco["shares"], key=lambda k: -eco["final"][k])
    shares = np.array([eco["shares"][sid] for sid in order])
    change = np.abs(np.diff(shares, axis=1)).max(axis=0)
    settled = int(np.argmax(change < 1e-5)) if (change < 1e-5).any() else shares.shape[1]
    last = min(shares.shape[1], max(20, int(1.5 * settled) + 1))  # show the dynamics, not the long flat tail
    for k, sid in enumerate(order):
        ax.plot(np.arange(last), shares[k, :last], color=LINES[k % len(LINES)], linestyle=LINESTYLES[(k // 2) % 4],
                linewidth=3, label=titles.get(sid, sid))
    ax.set_ylim(0, min(1.0, shares.max() * 1.15))
    ax.yaxis.set_major_formatter(_percent)
    style(ax, "Ecological tournament: shares of the population", "generation", "share of the population")
    legend(ax, loc="center left", bbox_to_anchor=(1.0, 0.5))
    suptitle(fig, title)
    return save(fig, path)


# ---------------------------------------------------------------------------------------------
# The debrief
#
# Drawn to be projected: 1200 px wide at DPI 100, tick labels 14 pt (19 px), legends below the
# plot. The shared helpers keep their sizes (the experiment charts use them); the debrief's
# charts enlarge their text afterwards (_projected). States are drawn in the window's colours
# (game.theory.state_colors).

RUNG_COLOURS = ("#A8DDB5", "#9ECAE1", "#F0E442", "#E69F00", "#D55E00", "#8B0000", "#4B0082", "#000000")
CONQUERED = "#D9D9D9"
WIDE = 12.0  # inches at DPI 100: 1200 px
TICKS, LABELS, TITLE = 14, 15, 17  # points at DPI 100: 19, 21 and 24 px


def _projected(ax, legend_columns: int = 0) -> None:
    """Text big enough to read from the back of a classroom; the legend, if any, below the figure."""
    ax.set_title(ax.get_title(loc="left"), loc="left", fontsize=TITLE, color=INK)
    ax.xaxis.label.set_fontsize(LABELS)
    ax.yaxis.label.set_fontsize(LABELS)
    ax.tick_params(labelsize=TICKS)
    if legend_columns:
        _legend(ax.figure, *ax.get_legend_handles_labels(), columns=legend_columns)


def _legend(fig, handles, labels, columns: int, **options) -> None:
    fig.legend(handles, labels, fontsize=TICKS, frameon=False, loc="outside lower center", ncol=columns,
               handlelength=3.2, **options)


def _labels(engine, labels: Sequence[str] | None) -> list[str]:
    return list(labels) if labels is not None else list(engine.state.names)


def _edge(colour: str) -> list:
    """A dark outline for a light colour (yellow), so its line reads on white paper."""
    from matplotlib import patheffects

    r, g, b = (int(colour[k: k + 2], 16) for k in (1, 3, 5))
    if 0.299 * r + 0.587 * g + 0.114 * b < 200:
        return []
    return [patheffects.Stroke(linewidth=4.5, foreground="#555555"), patheffects.Normal()]


def _state_line(ax, x, y, k: int, colour: str, label: str, width: float = 3.0):
    return ax.plot(x, y, color=colour, linestyle=LINESTYLES[k % len(LINESTYLES)], linewidth=width, label=label,
                   path_effects=_edge(colour))[0]


def _columns(n: int) -> int:
    return min(n, 3)


def arms_chart(engine, path: Path, labels: Sequence[str] | None = None) -> Path:
    """Each state's forces over the game (the truth, which no player saw)."""
    s, st = engine.series, engine.state
    names = _labels(engine, labels)
    colours = state_colors(st.colors)
    fig = new_figure(WIDE, 6.4 + 0.35 * ((st.n + 2) // 3))
    ax = fig.subplots()
    M, alive = s["M"], s["alive"]
    for k in range(st.n):
        _state_line(ax, s.turns[: s.length], np.where(alive[:, k], M[:, k], np.nan), k, colours[k], names[k])
    style(ax, "Forces of each state (true values)", "turn", "forces (offense + defense)")
    _projected(ax, _columns(st.n))
    return save(fig, path)


def _top_dyads(values: np.ndarray, n: int, limit: int) -> list[tuple[int, int]]:
    pairs = [(i, j) for i in range(n) for j in range(i + 1, n)]
    pairs.sort(key=lambda p: -float(values[:, p[0], p[1]].max()))
    return pairs[:limit]


def tension_chart(engine, path: Path, limit: int = 6, labels: Sequence[str] | None = None) -> Path:
    """Tension per dyad (the most tense pairs), with the spiral episodes shaded. A pair's line is
    dashed in its two states' colours."""
    from matplotlib.legend_handler import HandlerTuple

    s, st = engine.series, engine.state
    names = _labels(engine, labels)
    colours = state_colors(st.colors)
    tension = s["tension"]
    pairs = _top_dyads(tension, st.n, limit)
    fig = new_figure(WIDE, 6.4 + 0.35 * ((len(pairs) + 1) // 2))
    ax = fig.subplots()
    turns = s.turns[: s.length]
    alive = s["alive"]
    handles, texts = [], []
    for i, j in pairs:
        y = np.where(alive[:, i] & alive[:, j], tension[:, i, j], np.nan)  # a pair ends when one is conquered
        under = ax.plot(turns, y, color=colours[i], linewidth=3.5, path_effects=_edge(colours[i]))[0]
        over = ax.plot(turns, y, color=colours[j], linewidth=3.5, linestyle=(0, (4, 4)))[0]
        handles.append((under, over))
        texts.append(f"{names[i]} – {names[j]}")
    spiralling = np.zeros(len(turns), dtype=bool)  # shaded once, however many episodes overlap
    for ep in engine.tracker.episodes:
        spiralling |= (turns >= ep.start) & (turns <= (ep.end if ep.end is not None else int(turns[-1])))
    edges = np.flatnonzero(np.diff(np.concatenate([[0], spiralling.astype(int), [0]])))
    for first, after in zip(edges[::2], edges[1::2]):
        ax.axvspan(turns[first] - 0.5, turns[after - 1] + 0.5, color="#999999", alpha=0.18, linewidth=0)
    style(ax, "Tension per pair of states (shaded: spiral episodes)", "turn", "tension")
    _projected(ax)
    _legend(fig, handles, texts, 2, handler_map={tuple: HandlerTuple(ndivide=1, pad=0)})
    return save(fig, path)


def beliefs_chart(engine, path: Path, limit: int = 6, labels: Sequence[str] | None = None) -> Path:
    """How likely each state believed a rival to be greedy (the pairs whose belief moved most),
    with the rival's true type in the legend. A line is the believer's colour, dotted with the
    colour of the state it judges."""
    s, st = engine.series, engine.state
    names = _labels(engine, labels)
    colours = state_colors(st.colors)
    belief = s["belief"]
    n = st.n
    spiralling = {(st.ids.index(ep.a), st.ids.index(ep.b)) for ep in engine.tracker.episodes}
    spiralling |= {(j, i) for i, j in spiralling}
    pairs = [(i, j) for i in range(n) for j in range(n) if i != j]
    viewer = getattr(engine, "viewer", None)
    if viewer is not None:  # a team's own debrief: its own beliefs only
        pairs = [(i, j) for i, j in pairs if st.ids[i] == viewer]
    # The pairs of a spiral first, then those whose belief moved most.
    pairs.sort(key=lambda p: (p not in spiralling, -float(np.ptp(belief[:, p[0], p[1]]))))
    pairs = pairs[:limit]
    fig = new_figure(WIDE, 6.4 + 0.35 * ((len(pairs) + 1) // 2))
    ax = fig.subplots()
    turns = s.turns[: s.length]
    every = max(1, len(turns) // 12)
    for k, (i, j) in enumerate(pairs):
        truth = "greedy" if st.greedy[j] else "security seeker"
        both = s["alive"][:, i] & s["alive"][:, j]
        ax.plot(turns, np.where(both, belief[:, i, j], np.nan), color=colours[i], linewidth=3,
                linestyle=LINESTYLES[k % len(LINESTYLES)], marker="o", markersize=9, markevery=(k % every, every),
                markerfacecolor=colours[j], markeredgecolor="#333333", path_effects=_edge(colours[i]),
                label=f"{names[i]} about {names[j]} (truly {truth})")
    ax.set_ylim(0, 1)
    ax.yaxis.set_major_formatter(_percent)
    style(ax, "Beliefs: how likely each thought the other was greedy", "turn", "P(greedy)")
    _projected(ax, 2)
    return save(fig, path)


def ladder_chart(engine, path: Path, limit: int = 10, labels: Sequence[str] | None = None) -> Path:
    """The escalation ladder over time: above, the highest rung anywhere as steps climbed and
    descended; below, the rung of each pair of states, turn by turn."""
    from matplotlib.colors import BoundaryNorm, ListedColormap
    from matplotlib.patches import Patch

    from game.core.state import RUNG_NAMES

    s, st = engine.series, engine.state
    names = _labels(engine, labels)
    rung = s["rung"]
    pairs = [(i, j) for i in range(st.n) for j in range(i + 1, st.n) if st.pact[i, j] == 0 or rung[:, i, j].max() > 0]
    pairs.sort(key=lambda p: (-int(rung[:, p[0], p[1]].max()), -float(rung[:, p[0], p[1]].mean()), p))
    pairs = pairs[:limit] or [(0, 1)]
    alive = s["alive"]
    turns = s.turns[: s.length]
    top = rung.reshape(len(rung), -1).max(axis=1)
    shown = max(int(top.max()), 2)  # the rungs up to the highest reached (and at least threat)
    fig = new_figure(WIDE, 5.2 + 0.55 * len(pairs) + 0.5 * shown)
    ax_top, ax = fig.subplots(2, 1, sharex=True, height_ratios=[0.9 + 0.35 * shown, 0.9 + 0.55 * len(pairs)])

    for r in range(shown + 1):
        ax_top.axhspan(r - 0.5, r + 0.5, color=RUNG_COLOURS[r], alpha=0.35, linewidth=0)
    ax_top.step(turns, top, where="mid", color=INK, linewidth=3)
    ax_top.set_ylim(-0.5, shown + 0.5)
    ax_top.set_yticks(range(shown + 1))
    ax_top.set_yticklabels([f"{r} {RUNG_NAMES[r]}" for r in range(shown + 1)])
    style(ax_top, "Escalation ladder: the highest rung anywhere, turn by turn", "", "")
    ax_top.grid(False, axis="y")
    _projected(ax_top)

    grid = np.ma.masked_invalid(np.array([np.where(alive[:, i] & alive[:, j], rung[:, i, j], np.nan) for i, j in pairs]))
    cmap = ListedColormap(RUNG_COLOURS).with_extremes(bad=CONQUERED)
    norm = BoundaryNorm(np.arange(-0.5, 8.5, 1), cmap.N)
    ax.imshow(grid, aspect="auto", cmap=cmap, norm=norm, interpolation="nearest",
              extent=(-0.5, s.length - 0.5, len(pairs) - 0.5, -0.5))
    ax.set_yticks(range(len(pairs)))
    ax.set_yticklabels([f"{names[i]} – {names[j]}" for i, j in pairs])
    for r in range(len(pairs) + 1):
        ax.axhline(r - 0.5, color="white", linewidth=2)
    style(ax, "The rung of each pair", "turn")
    ax.grid(False)
    _projected(ax)
    used = sorted({int(v) for v in grid.compressed()} | set(range(shown + 1)))
    keys = [Patch(facecolor=RUNG_COLOURS[r], edgecolor="#666666", label=f"{r} {RUNG_NAMES[r]}") for r in used]
    if np.ma.is_masked(grid):
        keys.append(Patch(facecolor=CONQUERED, edgecolor="#666666", label="one of the pair conquered"))
    _legend(fig, keys, [k.get_label() for k in keys], min(4, len(keys)))
    return save(fig, path)


def phase_chart(engine, episode, path: Path, labels: Sequence[str] | None = None) -> Path:
    """Richardson's phase plot of one spiral: A's forces against B's, turn by turn."""
    s, st = engine.series, engine.state
    names = _labels(engine, labels)
    i, j = st.ids.index(episode.a), st.ids.index(episode.b)
    end = episode.end if episode.end is not None else s.length - 1
    lo, hi = max(0, episode.start - 3), min(s.length - 1, end + 2)
    x, y = s["M"][lo: hi + 1, i], s["M"][lo: hi + 1, j]
    fig = new_figure(6.6, 6.4)
    ax = fig.subplots()
    inside = np.array([episode.start <= t <= end for t in range(lo, hi + 1)])
    # Black and grey: no state is drawn in them, so the path is not mistaken for one state's line.
    ax.plot(x, y, color="#999999", linewidth=2, zorder=1)
    ax.plot(np.where(inside, x, np.nan), np.where(inside, y, np.nan), color="#000000", linewidth=3.5, zorder=2,
            label="spiral episode")
    ax.scatter(x, y, s=40, color="white", edgecolors=INK, linewidths=1.5, zorder=3)
    step = max(1, (hi - lo) // 6)
    for t, (xx, yy) in zip(range(lo, hi + 1), zip(x, y)):
        if t in (lo, episode.start, end, hi) or (t - lo) % step == 0:
            ax.annotate(str(t), (xx, yy), textcoords="offset points", xytext=(6, 6), fontsize=TICKS - 1, color=INK)
    top = max(float(x.max()), float(y.max())) * 1.08
    bottom = min(float(x.min()), float(y.min())) * 0.92
    ax.plot([bottom, top], [bottom, top], color="#AAAAAA", linewidth=1.5, linestyle="--", label="equal forces")
    ax.set_xlim(bottom, top)
    ax.set_ylim(bottom, top)
    style(ax, f"{names[i]} vs {names[j]}: Richardson phase plot", f"{names[i]}'s forces", f"{names[j]}'s forces")
    _projected(ax)
    ax.legend(fontsize=TICKS, frameon=False, loc="upper left")
    return save(fig, path)


def moves_chart(engine, path: Path, labels: Sequence[str] | None = None) -> Path:
    """The repeated dilemma: who restrained and who armed each round, and the running scores."""
    from matplotlib.colors import ListedColormap

    s, st = engine.series, engine.state
    names = _labels(engine, labels)
    colours = state_colors(st.colors)
    moves = s["move"][1:]
    fig = new_figure(WIDE, 7.6)
    ax_m, ax_s = fig.subplots(2, 1, height_ratios=[1, 2], sharex=True)
    ax_m.imshow(moves.T, aspect="auto", cmap=ListedColormap([OKABE_ITO[2], OKABE_ITO[5]]), vmin=0, vmax=1,
                interpolation="nearest", extent=(0.5, len(moves) + 0.5, st.n - 0.5, -0.5))
    ax_m.set_yticks(range(st.n))
    ax_m.set_yticklabels(names)
    ax_m.set_title("Moves each round (green: restrain, vermillion: arm)", loc="left")
    _projected(ax_m)
    for k in range(st.n):
        _state_line(ax_s, s.turns[1: s.length], s["dilemma_score"][1:, k], k, colours[k], names[k])
    rounds = np.arange(1, len(moves) + 1)
    ax_s.plot(rounds, st.payoffs[0] * rounds, color="#999999", linestyle=":", linewidth=2.5, label="both always restrain")
    style(ax_s, "Running score", "round", "points")
    _projected(ax_s)
    ax_s.legend(fontsize=TICKS, frameon=False, loc="upper left")
    return save(fig, path)


def debrief_charts(engine, debrief, out: Path) -> dict[str, str]:
    """Every chart of the debrief, written to `out`; returns {what: file name}. States are
    labelled with their team's name where a named team played them."""
    out = Path(out)
    labels = [f"{s.name} ({s.team})" if s.team else s.name for s in debrief.states]
    files = {}
    if debrief.dilemma:
        files["moves"] = moves_chart(engine, out / "moves.png", labels=labels).name
    files["arms"] = arms_chart(engine, out / "arms.png", labels=labels).name
    if not debrief.dilemma:
        files["ladder"] = ladder_chart(engine, out / "ladder.png", labels=labels).name
        files["tension"] = tension_chart(engine, out / "tension.png", labels=labels).name
        files["beliefs"] = beliefs_chart(engine, out / "beliefs.png", labels=labels).name
    for k, (ep, story) in enumerate(zip(engine.tracker.episodes, debrief.episodes), start=1):
        story.chart = phase_chart(engine, ep, out / f"spiral_{k}.png", labels=labels).name
        files[f"spiral_{k}"] = story.chart
    return files
