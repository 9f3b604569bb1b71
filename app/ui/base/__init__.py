"""What every part of the window stands on: the worker thread and background operations, language, fonts, screen fit, the settings, one window per store."""
