"""Windows that open over a screen: pause menu, settings, load, help, charts, spiral watch.

Each is a pygame_gui UIWindow, one module each. Scenes pass every event to their open windows
(`on_event`); buttons call their commands directly (after the frame's event handling).
"""
