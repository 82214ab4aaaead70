"""What text in a scenario may look like: each pattern as a regex (for pydantic, and kept in the
JSON Schema for editors) and in words (for the messages a teacher reads)."""
from __future__ import annotations

ID_PATTERN = r"^[a-z][a-z0-9_]*$"
COLOR_PATTERN = r"^#[0-9A-Fa-f]{6}$"
# Text shown to players: no control characters (a terminal escape code in a state's name would
# rewrite a teacher's terminal); prose may hold tabs and line breaks.
NAME_PATTERN = r"^[^\x00-\x1f\x7f-\x9f]*$"
PROSE_PATTERN = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]*$"
# pattern -> (what is wrong with text that breaks it, what it allows)
PATTERN_WORDS = {
    ID_PATTERN: ("is not a valid id",
                 "a lower-case id: a letter first, then only letters a-z, digits and _ (like \"rubria\" or \"north_2\")"),
    COLOR_PATTERN: ("is not a colour code", "a colour code: # and six hex digits, like \"#D55E00\""),
    NAME_PATTERN: ("holds a control character (an invisible code such as a terminal escape)",
                   "plain text on one line, without control characters"),
    PROSE_PATTERN: ("holds a control character (an invisible code such as a terminal escape)",
                    "plain text (line breaks and tabs are fine), without control characters"),
}
