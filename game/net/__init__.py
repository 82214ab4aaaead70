"""Classroom across machines (DESIGN.md §10): the host (a websockets server around a Match), the
client (a threading websockets client feeding a queue), the bot, the wire protocol and LAN
discovery. Headless: nothing here imports pygame."""
