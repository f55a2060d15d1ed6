"""Speech and language providers: offline defaults and the cloud stack selected by settings."""
