"""The use cases the CLI and the window share: open the store, import, diagnose, check, export, predict, the sample."""
