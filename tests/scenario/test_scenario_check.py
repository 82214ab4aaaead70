"""Scenario files are checked the way a teacher needs: every problem at once, each with its file,
line, field (states by id), what was written and what is allowed, in plain words."""
from __future__ import annotations

from pathlib import Path

import pytest

from game.scenario.loading import check_file, load_scenario, parse_scenario
from game.errors import ScenarioError
from tests.scenario.toml_samples import VALID, line_of, nth_line_of

FIXTURES = Path(__file__).parent / "fixtures"


def problems_of(text: str) -> list:
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(text, "class.toml")
    return caught.value.problems


def only_problem(text: str):
    problems = problems_of(text)
    assert len(problems) == 1, [p.message for p in problems]
    return problems[0]


def test_valid_text_loads():
    """A correct scenario gives a Scenario, with defaults filled in for what it leaves out."""
    sc = parse_scenario(VALID, "class.toml")
    assert sc.state_ids == ["rubria", "verdia"]
    assert sc.state("verdia").defense == 20.0


def test_range_problem_names_state_by_id_and_its_line():
    """A value out of range is reported at its line, under `states.<id>.<field>`, with the bound in words."""
    text = VALID.replace("economy = 100.0\n\n[[states]]", "economy = -5\n\n[[states]]")
    p = only_problem(text)
    assert p.path == "states.rubria.economy"
    assert p.line == line_of(text, "economy = -5")
    assert p.message == "must be at least 0.01"
    assert p.value == -5
    assert "0.01" in p.allowed and "1000000" in p.allowed


def test_every_problem_is_reported_in_one_run():
    """Problems of different kinds in different tables are all listed together, in line order."""
    problems = load_problems("many_problems.toml")
    paths = [p.path for p in problems]
    for expected in ("scenario.id", "scenario.turns", "world.distinguishability", "world.intel_nosie",
                     "states.rubria.economyy", "states.verdia.color", "states.verdia.position",
                     "states.verdia.economy", "states.verdia.doctrine", "states.caspia.name",
                     "states.caspia.controller", "alliances[2].members", "terrain[1].factor"):
        assert expected in paths
    lines = [p.line for p in problems]
    assert None not in lines and lines == sorted(lines)


def load_problems(name: str) -> list:
    with pytest.raises(ScenarioError) as caught:
        load_scenario(FIXTURES / name)
    return caught.value.problems


def test_unknown_key_suggests_the_closest_known_key():
    """A misspelt key is an error that proposes the key the teacher probably meant."""
    text = VALID.replace("economy = 100.0\n\n[[states]]", "economyy = 100.0\n\n[[states]]")
    p = only_problem(text)
    assert p.path == "states.rubria.economyy"
    assert "did you mean `economy`?" in p.message
    assert p.line == line_of(text, "economyy")


def test_key_in_the_wrong_table_says_where_it_belongs():
    """A known key under the wrong header (turns under a state) says which table it belongs in."""
    text = VALID + "turns = 3\n"
    p = only_problem(text)
    assert p.path == "states.verdia.turns"
    assert "belongs in [scenario]" in p.message


def test_unknown_table_suggests_the_closest_table():
    """A misspelt table header is reported at its line with the table it resembles."""
    text = VALID.replace("[world]", "[wrold]")
    p = only_problem(text)
    assert p.line == line_of(text, "[wrold]")
    assert "did you mean [world]?" in p.message


def test_missing_field_names_the_table_and_its_line():
    """A required key that is left out is reported at the header of the table that lacks it."""
    text = VALID.replace('name = "Verdia"\n', "")
    p = only_problem(text)
    assert p.path == "states.verdia.name"
    assert p.line == nth_line_of(text, "[[states]]", 2)
    assert "every [[states]] table needs `name`" in p.message


def test_missing_scenario_table_is_said_in_words():
    """A file without a [scenario] table is told so, not given a pydantic 'Field required'."""
    text = VALID.split("[world]", 1)[1]
    p = only_problem("[world]" + text)
    assert "no [scenario] table" in p.message


def test_bad_reference_names_the_bad_id_and_the_known_ones():
    """An alliance naming a state that does not exist names it, suggests the near one, lists the real ones."""
    text = VALID + '\n[[alliances]]\nmembers = ["rubria", "verdia"]\n\n[[alliances]]\nmembers = ["verdia", "rubra"]\n'
    p = only_problem(text)
    assert p.path == "alliances[2].members"
    assert '"rubra"' in p.message and "did you mean `rubria`?" in p.message
    assert p.allowed == "one of: rubria, verdia"
    assert p.line == line_of(text, '"rubra"')


def test_references_are_checked_even_when_other_fields_are_wrong():
    """Cross-reference problems come in the same report as range problems, not one run later."""
    text = VALID.replace("economy = 100.0\n\n[[states]]", "economy = -5\n\n[[states]]") + \
        '\n[[terrain]]\nbetween = ["rubria", "caspia"]\nfactor = 0.5\n'
    paths = {p.path for p in problems_of(text)}
    assert paths == {"states.rubria.economy", "terrain[1].between"}


def test_duplicate_state_ids_are_reported():
    """Two states with one id is a problem at the second one's id line."""
    text = VALID.replace('id = "verdia"', 'id = "rubria"').replace("[0.7, 0.5]", "[0.6, 0.5]")
    p = only_problem(text)
    assert p.message == "two states have the same id"
    assert p.line == nth_line_of(text, 'id = "rubria"', 2)


def test_choice_problem_lists_the_choices_and_suggests_one():
    """A misspelt choice (doctrine) lists the allowed ones and proposes the closest."""
    text = VALID + 'doctrine = "tit_for_tatt"\n'
    p = only_problem(text)
    assert "did you mean `tit_for_tat`?" in p.message
    assert p.allowed.startswith("one of: defensive_realist")


def test_position_item_out_of_range_says_which_item():
    """A coordinate outside the map names the position and which of its two numbers is wrong."""
    text = VALID.replace("[0.7, 0.5]", "[0.7, 1.5]")
    p = only_problem(text)
    assert p.path == "states.verdia.position"
    assert p.message == "the second item must be at most 1"


def test_position_with_one_number_asks_for_two():
    """A position with a single number asks for two values [x, y]."""
    p = only_problem(VALID.replace("[0.7, 0.5]", "[0.7]"))
    assert "exactly two values [x, y]" in p.message and "this has 1" in p.message


def test_quoted_number_is_refused_with_a_reason():
    """A number in quotes is not silently converted: the message says to drop the quotes."""
    p = only_problem(VALID.replace("offense_defense = 1.0", 'offense_defense = "1.0"'))
    assert p.message == "must be a number written without quotes"


def test_true_or_false_is_not_a_number():
    """`offense = true` is refused (pydantic would read it as 1.0)."""
    p = only_problem(VALID + "offense = true\n")
    assert p.message == "must be a number, not true or false"


def test_fraction_for_a_whole_number_is_refused():
    """Turns must be a whole number: 6.5 is refused in words."""
    p = only_problem(VALID.replace("turns = 6", "turns = 6.5"))
    assert p.path == "scenario.turns"
    assert "whole number" in p.message


def test_single_states_table_asks_for_double_brackets():
    """[states] written with single brackets is explained as needing [[states]] tables."""
    text = '[scenario]\nid = "x"\ntitle = "X"\n\n[states]\nid = "a"\n'
    p = only_problem(text)
    assert "[[states]] tables" in p.message


def test_too_few_states_is_said_in_words():
    """One state is not a scenario: the message counts the [[states]] tables."""
    text = VALID.split("[[states]]\nid = \"verdia\"")[0]
    p = only_problem(text)
    assert "at least 2 [[states]]" in p.message and "this file has 1" in p.message


def test_payoffs_that_are_no_dilemma_are_explained():
    """A payoff matrix that is not a prisoner's dilemma says which inequality fails, at the table's line."""
    text = VALID + "\n[dilemma.payoffs]\nR = 6\n"
    p = only_problem(text)
    assert "T > R > P > S" in p.message
    assert p.line == line_of(text, "[dilemma.payoffs]")


def test_messages_have_no_pydantic_jargon():
    """No message of a broken file reads like a library error ("Input should", "Field required")."""
    for p in load_problems("many_problems.toml") + load_problems("bad_variants.toml"):
        for jargon in ("Input should", "Field required", "Extra inputs", "validation error", "type="):
            assert jargon not in p.message and jargon not in p.allowed


# --- TOML syntax -------------------------------------------------------------------------------


def test_toml_syntax_error_gives_line_and_column():
    """A TOML mistake stops the check with one problem at its line and column."""
    text = VALID + "type = greedy\n"
    p = only_problem(text)
    assert p.line == line_of(text, "type = greedy")
    assert p.column == 8
    assert p.hint == 'text must be in quotes: "greedy"'


def test_decimal_comma_gets_a_hint():
    """0,5 (a decimal comma) gets the hint to write 0.5."""
    p = only_problem(VALID.replace("distinguishability = 0.5", "distinguishability = 0,5"))
    assert "0.5, not 0,5" in p.hint


def test_key_given_twice_names_both_lines():
    """A key written twice is reported at the second line, naming the first (tomllib only says 'end of document')."""
    text = VALID.replace("turns = 6", "turns = 6\nturns = 7")
    p = only_problem(text)
    assert p.line == line_of(text, "turns = 7")
    assert f"first on line {line_of(text, 'turns = 6')}" in p.message


def test_unclosed_list_is_located_where_it_opens():
    """A list never closed is reported where it was opened, not at the end of the file."""
    text = VALID.replace("turns = 6", 'hints = [\n  "one",\n  "two"\n')
    p = only_problem(text)
    assert p.line == line_of(text, "hints = [")
    assert "never closed" in p.message


# --- files that are not scenarios ---------------------------------------------------------------


def _unreadable(folder: Path, what: str) -> Path:
    path = folder / f"{what}.toml"
    if what == "folder":
        path.mkdir()
    elif what == "empty":
        path.write_text("")
    elif what == "latin1":
        path.write_bytes('[scenario]\ntitle = "\xe9t\xe9"\n'.encode("latin-1"))
    return path


@pytest.mark.parametrize("what, words", [
    ("missing", "no such scenario file"),
    ("folder", "is a folder"),
    ("empty", "the file is empty"),
    ("latin1", "not a text file in UTF-8"),
])
def test_unreadable_files_get_one_clear_problem(tmp_path, what, words):
    """A missing file, a folder, an empty file or a non-UTF-8 file: one problem in words, never an exception."""
    ok, message = check_file(str(_unreadable(tmp_path, what)))
    assert not ok
    assert words in message
    assert "Traceback" not in message


def test_byte_order_mark_is_accepted(tmp_path):
    """A UTF-8 file with a byte-order mark (some Windows editors write one) loads."""
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf" + VALID.encode("utf-8"))
    assert load_scenario(path).id == "pair"


def test_check_file_summary_for_a_valid_file(tmp_path):
    """A valid file gives ok and a one-line summary with its title and size."""
    path = tmp_path / "pair.toml"
    path.write_text(VALID)
    ok, message = check_file(str(path))
    assert ok
    assert message.count("\n") == 0
    assert '"A Pair", 2 states, 6 turns' in message


def test_formatted_problem_names_file_line_field_value_and_allowed():
    """The printed form of a problem carries the file, line, field, the value written and what is allowed."""
    text = VALID.replace("economy = 100.0\n\n[[states]]", "economy = -5\n\n[[states]]")
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(text, "class.toml")
    first_line, second_line = caught.value.format().splitlines()
    assert first_line == f"class.toml, line {line_of(text, 'economy = -5')}, states.rubria.economy: must be at least 0.01."
    assert second_line.strip() == "You wrote -5; allowed: a number from 0.01 to 1000000."


def test_percentage_for_a_share_gets_a_hint():
    """growth = 3 (meant as 3 %) is out of range, and the message says shares are decimals."""
    p = only_problem(VALID + "growth = 3\n")
    assert "0.03 means 3 %" in p.message


@pytest.mark.parametrize("field, text", [("name", "Rubria\\u001b[2J"), ("name", "Ru\\u0007bria"), ("name", "Rubria\\u009b31m")])
def test_names_with_control_characters_are_refused(field, text):
    """A terminal escape code or other control character in a name is a problem at its line (it
    would otherwise be printed raw into a teacher's terminal)."""
    source = VALID.replace('name = "Rubria"', f'{field} = "{text}"')
    p = only_problem(source)
    assert p.path == "states.rubria.name" and "control character" in p.message
