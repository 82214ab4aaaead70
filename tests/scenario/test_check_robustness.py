"""Whatever a teacher writes, `check` answers with problems, never with an exception."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from game.scenario.loading import parse_scenario
from game.errors import ScenarioError
from tests.scenario.toml_samples import VALID

ODD_VALUES = ["-1", "0", "1e400", "nan", "inf", '""', '"x"', "true", "[]", "[1, 2, 3]", '["a"]', "{a = 1}",
              "{}", "2.5", "99999999999999999999", '"#12345G"', "[[1]]", '"rubria"', "0.3", '"Rubria"']
LINES = VALID.splitlines()
KEY_LINES = [n for n, line in enumerate(LINES) if " = " in line]


@st.composite
def damaged(draw):
    """VALID with a few lines changed: a value replaced, a key misspelt, or a line dropped."""
    lines = list(LINES)
    for _ in range(draw(st.integers(1, 4))):
        n = draw(st.sampled_from(KEY_LINES))
        key, _, value = lines[n].partition(" = ")
        how = draw(st.sampled_from(["value", "key", "drop", "table"]))
        if how == "value":
            lines[n] = f"{key} = {draw(st.sampled_from(ODD_VALUES))}"
        elif how == "key":
            lines[n] = f"{key[:-1] or 'k'}{draw(st.sampled_from(['x', 's', '_']))} = {value}"
        elif how == "drop":
            lines[n] = ""
        else:
            lines[n] = draw(st.sampled_from(["[world]", "[[states]]", "[[alliances]]", "[dilemma]", "[variants]",
                                             "[[terrain]]", "[wrld]"]))
    return "\n".join(lines) + "\n"


@settings(max_examples=300)
@given(damaged())
def test_damaged_files_give_problems_not_exceptions(text):
    """Any mix of odd values, misspelt keys, dropped lines and stray headers gives a Scenario or a
    ScenarioError whose every problem has a message and, when it concerns a field, a line."""
    try:
        parse_scenario(text, "fuzz.toml")
    except ScenarioError as err:
        assert err.problems
        for p in err.problems:
            assert p.message
            if p.loc:
                assert p.line is not None, (p, text)
        err.format()
