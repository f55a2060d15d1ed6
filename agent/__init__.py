"""The restaurant's voice agent: menu, cart, order rules, wire protocol, persistence and worker."""
