"""The window's actions: import, analysis, paper, export, data safety and manage, each run through the window's task runner."""
