"""Every inbound frame is validated: anything else is one clear FrameError, never a traceback."""
from __future__ import annotations

import pytest

from game.net.protocol import (
    PROTOCOL_VERSION, Error, FrameError, Hello, Submit, TurnResolved, decode_notice, decode_request, encode,
)


def test_requests_round_trip():
    hello = Hello(id=1, version=PROTOCOL_VERSION, code="ABC234", team="Blue")
    assert decode_request(encode(hello)) == hello
    submit = Submit(id=2, turn=3, orders=[{"kind": "budget", "military_share": 0.1, "offense_share": 0.3}])
    assert decode_request(encode(submit)) == submit


def test_notices_round_trip():
    note = TurnResolved(turn=4, events=[{"turn": 4, "kind": "peace"}], state_hash="ab12")
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
