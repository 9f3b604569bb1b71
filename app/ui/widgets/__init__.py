"""Small pieces several parts of the window share: the embedded chart, the list of file problems, the hint label."""
