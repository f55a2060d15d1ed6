"""The restaurant's service (`kiosk-store`): session tokens for kiosks, the kitchen display,
the pickup board and the admin pages, on the database the agent workers write orders to."""
