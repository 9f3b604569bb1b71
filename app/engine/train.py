"""`python -m app.engine.train [...]`: the stable command that meta-trains the shipped prior (the code is in
`app.engine.training`, which the app never imports). A school's own prior is trained by the app:
`python -m app train-prior` or Check the model's "Train on this store's classes"."""

from __future__ import annotations

from app.engine.training.train import main

if __name__ == "__main__":
    main()
