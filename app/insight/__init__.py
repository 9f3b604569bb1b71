"""What a diagnosis means for teaching: class and item summaries, the prerequisite graph, learning paths, practice plans."""
