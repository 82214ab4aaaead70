"""An AI's random numbers (engine.AIStreams, AIRandom): the draws AIRandom steps itself are the
ones numpy's PCG64 gives from the same stream, and moving to numpy's generator mid-stream goes on
where those draws left off."""
from __future__ import annotations

import numpy as np

from game.core.engine import AIRandom, AIStreams


def numpy_stream(streams: AIStreams, index: int, turn: int) -> np.random.Generator:
    """A fresh numpy generator at the beginning of that stream, set up the documented way."""
    state, inc = streams.origin(index, turn)
    gen = np.random.Generator(np.random.PCG64(0))
    gen.bit_generator.state = {"bit_generator": "PCG64", "state": {"state": state, "inc": inc},
                               "has_uint32": 0, "uinteger": 0}
    return gen


def test_random_one_at_a_time_is_numpys_pcg64():
    streams = AIStreams(12345)
    for index, turn in [(0, 0), (3, 7), (5, 49), (11, 250)]:
        expected = numpy_stream(streams, index, turn)
        rng = AIRandom(streams, index, turn)
        for _ in range(200):
            drawn = rng.random()
            assert type(drawn) is float
            assert drawn == expected.random()


def test_the_stream_goes_on_in_numpy_where_the_single_draws_left_off():
    streams = AIStreams(7)
    expected = numpy_stream(streams, 2, 4)
    rng = AIRandom(streams, 2, 4)
    assert [rng.random() for _ in range(3)] == expected.random(3).tolist()
    assert rng.integers(0, 1000, 5).tolist() == expected.integers(0, 1000, 5).tolist()
    assert rng.random() == expected.random()  # from numpy's generator now
    assert rng.random(4).tolist() == expected.random(4).tolist()


def test_each_decision_starts_at_the_beginning_of_its_stream():
    streams = AIStreams(7)
    first = AIRandom(streams, 1, 3)
    first.random(), first.uniform(0, 2)
    again = AIRandom(streams, 1, 3)
    assert again.random() == numpy_stream(streams, 1, 3).random()
    assert AIRandom(streams, 1, 3).generator.random() == numpy_stream(streams, 1, 3).random()
