"""The Qt shell of the kiosk: widgets render and emit intents; the controller owns async work."""
