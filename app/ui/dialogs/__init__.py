"""The window's dialogs: asking first, about, backups, check the model, export, graph, guide, manage, scores, settings."""
