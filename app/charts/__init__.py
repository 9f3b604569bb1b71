"""Charts: one style (palette, status marks, the bundled font) and the window's and the exports' figures."""
