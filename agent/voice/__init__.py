"""Voice plumbing of a session: the room link (data packets, RPC), speech (STT/TTS/VAD choice),
push-to-talk turns and their timing, and the worker's start-up checks."""
