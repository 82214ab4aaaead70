"""The charts' PNG files: drawn once (the same pixels as Figure.savefig, which draws twice),
written by charts.encode_png (the same pixels back, the same bytes every time)."""
from __future__ import annotations

import io

import numpy as np
from PIL import Image

from game.report import charts


def _constrained_figure():
    """A figure whose layout matters: constrained layout, a suptitle, a legend below, long labels."""
    fig = charts.new_figure(9.0, 5.0)
    left, right = fig.subplots(1, 2, sharey=True)
    left.barh([0, 1, 2], [0.2, 0.9, 0.5], color=charts.OKABE_ITO[4], label="a rate")
    right.plot([0, 1, 2], [3, 1, 2], linewidth=3, label="a line")
    charts.style(left, "Spiral rate", "share of runs", "a condition with a long name")
    charts.style(right, "Arms", "turn")
    fig.legend(fontsize=charts.LEGEND_PT, frameon=False, loc="outside lower center", ncols=2)
    charts.suptitle(fig, "A title above both panels")
    return fig


def _pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGBA"))


def test_a_chart_drawn_once_has_the_pixels_savefig_draws():
    buffer = io.BytesIO()
    _constrained_figure().savefig(buffer, format="png")
    once = charts.png_bytes(_constrained_figure())
    assert np.array_equal(_pixels(once), _pixels(buffer.getvalue()))
    assert once == charts.png_bytes(_constrained_figure())  # the same data, the same bytes


def test_encode_png_gives_back_its_pixels_and_dpi():
    rgba = np.random.default_rng(1).integers(0, 256, (7, 5, 4), dtype=np.uint8)
    image = Image.open(io.BytesIO(charts.encode_png(rgba, 100)))
    assert image.mode == "RGBA" and image.size == (5, 7)
    assert np.array_equal(np.asarray(image), rgba)
    assert round(image.info["dpi"][0]) == 100
