"""Meta-training the prior: simulator, real data sets, baselines, the train command (never imported by the app at run time)."""
