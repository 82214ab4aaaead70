"""Scenarios, below the core: what a scenario file may say and what is wrong with one.

    patterns      what ids, colours and texts may look like, as regexes and in words
    toml_values   single values read from text as TOML, and written back as a file would say them
    problems      Problem: what is wrong, in a teacher's words (pydantic's errors explained, references)
    models        the pydantic models of the format, variants and overrides
    schema        the format as a JSON Schema for editors (python -m game.scenario.schema FILE)
    random_worlds random multipolar worlds (random:N[:SEED])
    files         the guarded reader every file the game reads goes through, and output_set
    loading       TOML in with line numbers: load_scenario, parse_scenario, check_file

Inside the package imports point one way: patterns, toml_values <- problems <- models <- schema,
random_worlds, loading; files stands alone.
"""
