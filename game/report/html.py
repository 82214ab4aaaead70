"""The debrief as one self-contained HTML page: inline CSS, charts embedded (base64 PNG), no
scripts, nothing fetched from the network — it opens from a USB stick in any browser and prints
cleanly. Every text from the game is escaped."""
from __future__ import annotations

import base64
import re
from html import escape
from pathlib import Path

from game.core.state import RUNG_NAMES
from game.theory import CONCEPTS

CSS = """
:root { --ink: #1d232b; --dim: #5b6573; --line: #d9dee5; --paper: #ffffff; --band: #f4f6f9;
        --accent: #0072B2; --warn: #D55E00; --good: #009E73; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--band); color: var(--ink);
       font: 15px/1.5 "Noto Sans", "DejaVu Sans", "Segoe UI", Arial, sans-serif; }
main { max-width: 1060px; margin: 0 auto; padding: 24px 28px 48px; background: var(--paper); }
h1 { font-size: 30px; margin: 0 0 2px; }
h2 { font-size: 21px; margin: 36px 0 10px; padding-bottom: 4px; border-bottom: 2px solid var(--ink); }
h3 { font-size: 17px; margin: 22px 0 6px; }
p { margin: 6px 0; }
.sub { color: var(--dim); margin-bottom: 14px; }
.world { display: flex; flex-wrap: wrap; gap: 8px; margin: 10px 0 4px; }
.world span { background: var(--band); border: 1px solid var(--line); border-radius: 6px; padding: 4px 10px; font-size: 14px; }
.world b { font-weight: 600; }
.world-story { color: var(--dim); font-size: 14px; margin: 4px 0 8px; }
.description { color: var(--dim); font-size: 14px; border-left: 3px solid var(--line); padding: 2px 12px; margin: 12px 0; }
ul.facts { margin: 8px 0; padding-left: 22px; }
ul.facts li { margin: 3px 0; }
table { border-collapse: collapse; width: 100%; font-size: 14px; margin: 8px 0; }
th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: var(--band); font-weight: 600; white-space: nowrap; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.swatch { display: inline-block; width: 12px; height: 12px; border-radius: 3px; margin-right: 6px;
          vertical-align: -1px; border: 1px solid rgba(0,0,0,.35); }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px; font-weight: 600;
         white-space: nowrap; border: 1px solid transparent; }
.greedy { background: #fbe3d6; color: #8a3300; border-color: #e9b08f; }
.seeker { background: #d9f1e8; color: #00563f; border-color: #9fd8c3; }
.tragic { background: var(--warn); color: #fff; }
.chip { display: inline-block; padding: 1px 8px; border-radius: 4px; font-size: 12px; white-space: nowrap;
        background: #e8eef6; color: #003b5c; border-left: 4px solid var(--accent); }
.chip.war, .chip.preventive-war, .chip.preemptive-war, .chip.opportunistic-war, .chip.chain-ganging,
.chip.deterrence-failure, .chip.inadvertent-escalation, .chip.nuclear-escalation { background: #fbe3d6; color: #6b2800;
        border-left-color: var(--warn); }
.chip.spiral { background: #fff3c4; color: #5c4a00; border-left-color: #E69F00; }
.chip.arms-control, .chip.deterrence-success, .chip.de-escalation, .chip.war-termination, .chip.costly-reassurance,
.chip.reassurance { background: #d9f1e8; color: #00563f; border-left-color: var(--good); }
.chip.buck-passing, .chip.balancing { background: #efe3f1; color: #5a2460; border-left-color: #CC79A7; }
.why { color: var(--dim); font-size: 13px; font-style: italic; margin-top: 3px; }
.chart { margin: 10px 0 4px; text-align: center; }
.chart img { max-width: 100%; height: auto; border: 1px solid var(--line); border-radius: 4px; }
.episode { border: 1px solid var(--line); border-radius: 8px; padding: 6px 16px 12px; margin: 14px 0; }
.episode.is-tragic { border-left: 6px solid var(--warn); }
.episode .cols { display: flex; gap: 18px; flex-wrap: wrap; align-items: flex-start; }
.episode .cols .chart { flex: 1 1 480px; max-width: 600px; }
.episode .cols .chain { flex: 1 1 380px; }
ol.chain { padding-left: 20px; margin: 6px 0; font-size: 14px; }
ol.chain li { margin: 4px 0; }
ol.questions li { margin: 8px 0; font-size: 16px; }
dl.glossary dt { font-weight: 600; margin-top: 8px; }
dl.glossary dd { margin: 0 0 0 16px; color: var(--dim); }
details { margin-top: 10px; }
summary { cursor: pointer; color: var(--accent); font-weight: 600; }
.score-lower { color: var(--warn); font-weight: 600; }
.score-higher { color: var(--good); font-weight: 600; }
footer { margin-top: 40px; color: var(--dim); font-size: 13px; border-top: 1px solid var(--line); padding-top: 10px; }
@media print { body { background: #fff; } main { padding: 0; } details { display: none; } h2 { page-break-after: avoid; }
               .episode, table, .chart { page-break-inside: avoid; } }
"""


def _img(out: Path, name: str | None, alt: str) -> str:
    if not name:
        return ""
    data = base64.b64encode((out / name).read_bytes()).decode("ascii")
    return f'<div class="chart"><img src="data:image/png;base64,{data}" alt="{escape(alt)}"></div>'


def _chip(concept: str) -> str:
    slug = concept.replace(" ", "-")
    return f'<span class="chip {escape(slug)}">{escape(concept)}</span>'


def _paragraphs(text: str) -> str:
    """A scenario's description as it was written in its file: lines wrapped by hand joined again,
    blank lines between paragraphs, *emphasis* in italics."""
    out = []
    for para in re.split(r"\n\s*\n", text.strip()):
        html = escape(" ".join(line.strip() for line in para.splitlines()))
        out.append("<p>" + re.sub(r"\*([^*\s][^*]*?)\*", r"<em>\1</em>", html) + "</p>")
    return "".join(out)


def _num(x: float, nd: int = 1) -> str:
    return f"{x:,.{nd}f}"


def render(d, files: dict[str, str], out: Path) -> str:
    """The page for a Debrief (game.report.debrief) whose charts are in `out`."""
    names = {s.id: s.name for s in d.states}
    w = d.world
    parts: list[str] = []
    add = parts.append
    add("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
    add(f"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Debrief — {escape(d.title)}</title>")
    add(f"<style>{CSS}</style></head><body><main>")
    add(f"<h1>Debrief: {escape(d.title)}</h1>")
    add(f"<div class=\"sub\">Scenario <b>{escape(d.scenario_id)}</b> · seed {d.seed} · {d.turns} of {d.max_turns} "
        f"{'rounds' if d.dilemma else 'turns'} played</div>")
    omega = f"Ω = {w['offense_defense']:g}"
    if abs(w["perceived_offense_defense"] - w["offense_defense"]) > 1e-9:
        omega = f"true Ω = {w['offense_defense']:g} (believed: {w['perceived_offense_defense']:g})"
    if not d.dilemma:
        add(f"<div class=\"world\"><span>Jervis's world: <b>{escape(d.world_name)}</b></span><span>{escape(omega)}</span>"
            f"<span>distinguishability d = {w['distinguishability']:g}</span><span>intelligence noise σ = "
            f"{w['intel_noise']:g}</span><span>spiral threshold γ* = {w['spiral_threshold']:.0%} a turn</span></div>")
        add(f"<p class=\"world-story\">{escape(d.world_story)}</p>")
    if d.description:
        add(f"<div class=\"description\">{_paragraphs(d.description)}</div>")

    add("<h2>What happened</h2><ul class=\"facts\">")
    for h in d.highlights:
        add(f"<li>{escape(h)}</li>")
    add("</ul>")

    add("<h2>Hidden types revealed</h2>")
    add("<p>What no player could see during the game: each state's true intentions, and what each would have scored "
        "if <em>every</em> state had simply restrained (the same scenario and seed, replayed with forces held level, "
        "no threats and no attacks).</p>")
    add("<table><tr><th>State</th><th>Truly</th><th>Governed by</th><th>Fate</th><th class=\"num\">Forces</th>"
        f"<th class=\"num\">Output</th><th class=\"num\">{'Points' if d.dilemma else 'Score'}</th>"
        "<th class=\"num\">If all had restrained</th></tr>")
    for s in d.states:
        kind = "greedy" if s.type == "greedy" else "seeker"
        diff = ""
        if s.restraint_score is not None:
            delta = s.score - s.restraint_score
            cls = "score-lower" if delta < -0.5 else ("score-higher" if delta > 0.5 else "")
            diff = f"{_num(s.restraint_score)} <span class=\"{cls}\">({delta:+.1f})</span>"
        add(f"<tr><td><span class=\"swatch\" style=\"background:{escape(s.color)}\"></span>{escape(s.name)}</td>"
            f"<td><span class=\"badge {kind}\">{escape(s.type)}</span></td><td>{escape(s.governed_by)}</td>"
            f"<td>{'survived' if s.alive else 'conquered'}</td>"
            f"<td class=\"num\">{_num(s.forces_start)} → {_num(s.forces_end)}</td>"
            f"<td class=\"num\">{_num(s.output_start)} → {_num(s.output_end)}</td>"
            f"<td class=\"num\">{_num(s.score)}</td><td class=\"num\">{diff}</td></tr>")
    add("</table>")

    if d.dilemma:
        add("<h2>Round by round</h2>")
        add(_img(out, files.get("moves"), "moves and running scores"))
    else:
        add("<h2>Escalation timeline</h2>")
        add(_img(out, files.get("ladder"), "escalation ladder over time"))
    if d.turning_points:
        add("<h3>Turning points</h3><p>Each moment tagged with the concept it illustrates; in italics, the reasons the "
            "AI gave at the time.</p>")
        add("<table><tr><th class=\"num\">Turn</th><th>Concept</th><th>What happened</th></tr>")
        for p in d.turning_points:
            why = "".join(f"<div class=\"why\">{escape(r)}</div>" for r in p.reasons)
            add(f"<tr><td class=\"num\">{p.turn}</td><td>{_chip(p.concept)}</td><td>{escape(p.text)}{why}</td></tr>")
        add("</table>")
    elif not d.dilemma:
        add("<p>No turning points: no crisis, no war, no spiral, no agreement.</p>")

    if not d.dilemma or d.episodes:
        add("<h2>Spirals</h2>")
    definition = (f"both sides building at least {w['spiral_threshold']:.0%} a turn and at least one more afraid "
                  "of the other, for three turns or more, each buildup answering the other's")
    if not d.episodes and not d.races and not d.dilemma:
        add(f"<p>No arms race in this game: no two states both built up by {w['spiral_threshold']:.0%} a turn or "
            f"more for three turns running, so no spiral formed either (a spiral: {definition}).</p>")
    elif not d.episodes and not d.dilemma:
        add(f"<p>No spiral formed (a spiral: {definition}) — but there were arms races, listed below.</p>")
    for k, ep in enumerate(d.episodes, start=1):
        tragic = " is-tragic" if ep.tragic else ""
        badge = ' <span class="badge tragic">tragic spiral</span>' if ep.tragic else ""
        kind = "Spiral" if ep.mutual else "One-sided arms race"
        add(f"<div class=\"episode{tragic}\"><h3>{kind} {k}: {escape(names[ep.a])} and {escape(names[ep.b])}{badge}</h3>")
        add(f"<p>{escape(ep.summary)}</p><div class=\"cols\">")
        add(_img(out, ep.chart, f"phase plot of spiral {k}"))
        add("<div class=\"chain\"><b>Action and reaction</b><ol class=\"chain\">")
        for step in ep.chain[:16]:
            add(f"<li><b>Turn {step.turn}.</b> {escape(step.text)}</li>")
        if len(ep.chain) > 16:
            add(f"<li>… and {len(ep.chain) - 16} more steps (see series.csv).</li>")
        add("</ol>")
        if ep.richardson:
            r = ep.richardson
            verdict = "k·l > a·b: the race feeds itself (runaway)" if r["k"] * r["l"] > r["a"] * r["b"] and r["k"] > 0 \
                and r["l"] > 0 else "k·l ≤ a·b: the race should settle"
            add(f"<p class=\"why\">Richardson fit: k = {r['k']:g}, l = {r['l']:g}, a = {r['a']:g}, b = {r['b']:g} — "
                f"{escape(verdict)}.</p>")
        add("</div></div></div>")

    if d.races:
        add(f"<h3>Arms races that formed no spiral ({len(d.races)})</h3><p>Both sides built up by "
            f"{w['spiral_threshold']:.0%} a turn or more for three turns running or longer, but the spiral test did "
            "not find each buildup answering the other's.</p><ul class=\"facts\">")
        for r in d.races:
            add(f"<li>{escape(r.text)}</li>")
        add("</ul>")

    add("<h2>Charts</h2>")
    add(_img(out, files.get("arms"), "forces per state"))
    add(_img(out, files.get("tension"), "tension per pair"))
    add(_img(out, files.get("beliefs"), "beliefs"))

    add("<h2>Discussion questions</h2><ol class=\"questions\">")
    for q in d.questions:
        add(f"<li>{escape(q)}</li>")
    add("</ol>")

    if d.glossary:
        add("<h2>Concepts in this game</h2><dl class=\"glossary\">")
        for k, v in d.glossary.items():
            add(f"<dt>{escape(CONCEPTS[k].name)}</dt><dd>{escape(v)}</dd>")
        add("</dl>")

    if d.timeline:
        add(f"<details><summary>Every event, turn by turn ({len(d.timeline)})</summary>")
        add("<table><tr><th class=\"num\">Turn</th><th>Highest rung</th><th>Event</th></tr>")
        for e in d.timeline:
            add(f"<tr><td class=\"num\">{e.turn}</td><td>{e.rung} {escape(RUNG_NAMES[e.rung])}</td>"
                f"<td>{escape(e.text)}</td></tr>")
        add("</table></details>")
    add("<footer>Written by Security Dilemma's <code>report</code> command. Beside this page: the charts as PNG files, "
        "<code>series.csv</code> (one row per turn and pair of states) and <code>debrief.json</code> (everything on "
        "this page as data).</footer>")
    add("</main></body></html>\n")
    return "\n".join(parts)
