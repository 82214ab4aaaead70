"""Every inbound frame is validated: anything else is one clear FrameError, never a traceback."""
from __future__ import annotations

import numpy as np
import pytest

from game.net.protocol import (
    PROTOCOL_VERSION, Array, Error, FrameError, Hello, Said, SeatHistory, Submit, TurnResolved, decode_notice,
    decode_request, encode,
)
from game.net.wire import encode_value


def test_requests_round_trip():
    hello = Hello(id=1, version=PROTOCOL_VERSION, code="ABC234", team="Blue")
    assert decode_request(encode(hello)) == hello
    submit = Submit(id=2, turn=3, orders=[{"kind": "budget", "military_share": 0.1, "offense_share": 0.3}])
    assert decode_request(encode(submit)) == submit


def test_notices_round_trip():
    note = TurnResolved(turn=4, events=[{"turn": 4, "kind": "peace"}], state_hash="ab12",
                        said=[Said(turn=4, speaker="a", text="We armed because you did.", decision="arms")])
    assert decode_notice(encode(note)) == note
    err = Error(id=None, code="wrong_code", message="no", fatal=True)
    assert decode_notice(encode(err)) == err


@pytest.mark.parametrize("frame, says", [
    ("", "not JSON"),
    ("\x00\xff junk", "not JSON"),
    (b"\x01\x02", "binary"),
    ("[1, 2]", '"type"'),
    ('{"id": 3}', '"type"'),
    ('{"type": "launch", "id": 3}', "launch"),
    ('{"type": "hello", "id": 3}', "version"),
    ('{"type": "submit", "id": 4, "turn": "x", "orders": []}', "turn"),
    ('{"type": "submit", "id": 4, "turn": 1, "orders": [], "extra": 1}', "extra"),
    ("[" * 100000 + "]" * 100000, "not JSON"),
])
def test_invalid_frames_get_one_line_reasons(frame, says):
    with pytest.raises(FrameError) as caught:
        decode_request(frame)
    assert says in str(caught.value) and "\n" not in str(caught.value)


def test_the_request_id_is_kept_for_the_error_reply():
    with pytest.raises(FrameError) as caught:
        decode_request('{"type": "submit", "id": 9, "turn": 1}')
    assert caught.value.request_id == 9


def _history(**rows) -> SeatHistory:
    arrays = {"rung": np.zeros((3, 2, 2), dtype=np.int64), "alive": np.ones((3, 2), dtype=bool),
              "Y": np.ones((3, 2)), "threat": np.zeros((3, 2)), "belief": np.zeros((3, 2)), **rows}
    return SeatHistory.model_construct(type="seat_history", turn=2, events=[], said=[],
                                       **{k: Array(**encode_value(v)) for k, v in arrays.items()})


def test_a_history_round_trips_with_one_row_a_turn():
    history = _history()
    assert decode_notice(encode(history)) == history


def test_a_history_whose_rows_do_not_match_its_turns_is_one_clear_error():
    with pytest.raises(FrameError) as caught:
        decode_notice(encode(_history(threat=np.zeros((2, 2)))))
    assert "threat has shape [2, 2], not [3, 2]" in str(caught.value) and "\n" not in str(caught.value)
