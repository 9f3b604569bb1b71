"""Zhidian 知点: offline diagnosis of weak knowledge points from class gradebooks."""

__version__ = "0.1.0"
