"""`python -m app.engine.train [...]`: the stable command that meta-trains the prior (code in `app.engine.training`)."""

from app.engine.training.train import main

if __name__ == "__main__":
    main()
