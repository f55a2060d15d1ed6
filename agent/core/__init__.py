"""The pure domain: the menu, the cart, money, the wire protocol, errors and settings. No Qt,
no LiveKit, no database: the kiosk and the store service import this and nothing else of the
agent."""
