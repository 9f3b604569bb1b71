"""The model card records the exact training command."""

from app.engine.training.train import _command, build_parser


def test_the_card_spells_out_every_training_option() -> None:
    args = build_parser().parse_args(["--steps", "12", "--no-amortised"])
    assert (
        _command(args)
        == "python -m app.engine.train --seed 0 --steps 12 --meta-batch 64 --inner-steps 10 --sim-share 0.4 "
        "--grade-share 0.3 --no-amortised"
    )
