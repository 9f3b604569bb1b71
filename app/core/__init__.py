"""The core's plain data and protocols: problems, progress, gradebooks, score matrices, diagnoses, links, resources."""
