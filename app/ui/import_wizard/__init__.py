"""The import wizard: pick a file, see how it was understood, fix the mapping, tag the questions, import."""
