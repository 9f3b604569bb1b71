"""Peer libraries on the benchmark's splits; runs inside benchmarks/.peers-venv, never in the app's venv.

    benchmarks/.peers-venv/bin/python benchmarks/peers.py SPLITS.npz PREDICTIONS.npz

Install the venv once: python3 -m venv benchmarks/.peers-venv &&
benchmarks/.peers-venv/bin/pip install -r benchmarks/peers-requirements.txt

SPLITS.npz holds, per split key K: K/train (S, I) score fractions with NaN = not in the support,
K/q (I, KPs) Q-matrix, K/s and K/i the hidden (student, item) pairs. PREDICTIONS.npz gets
K/<peer> expected fractions for those pairs, and a JSON `status` entry (per peer: seconds or the error).
Binary peers (DINA, BKT, girth) read a score fraction >= 0.5 as correct; NCDM trains on fractions.
"""

from __future__ import annotations

import json
import sys
import time
import traceback

import numpy as np

MAX_DINA_KPS = 11  # EduCDM's EM-DINA enumerates 2^K attribute profiles


def ncdm(train: np.ndarray, q: np.ndarray, s: np.ndarray, i: np.ndarray) -> np.ndarray:
    """EduCDM NCDM: 50 epochs of Adam (lr 0.005, batch 32) on the support scores."""
    import torch
    from EduCDM import NCDM
    from torch.utils.data import DataLoader, TensorDataset

    torch.manual_seed(0)
    ss, ii = np.nonzero(~np.isnan(train))
    qf = torch.tensor(q, dtype=torch.float32)
    data = TensorDataset(torch.tensor(ss), torch.tensor(ii), qf[ii], torch.tensor(train[ss, ii], dtype=torch.float32))
    model = NCDM(q.shape[1], q.shape[0], train.shape[0])
    model.train(DataLoader(data, batch_size=32, shuffle=True), epoch=50, lr=0.005, silence=True)
    model.ncdm_net.eval()
    with torch.no_grad():
        return model.ncdm_net(torch.tensor(s), torch.tensor(i), qf[i]).numpy().astype(float)


def dina(train: np.ndarray, q: np.ndarray, s: np.ndarray, i: np.ndarray) -> np.ndarray:
    """EduCDM EM-DINA on binarised support scores (-1 = skipped)."""
    from EduCDM import EMDINA

    if q.shape[1] > MAX_DINA_KPS:
        raise ValueError(f"{q.shape[1]} knowledge points: 2^K profiles too many for EM-DINA")
    r = np.where(np.isnan(train), -1, (train >= 0.5).astype(int))
    model = EMDINA(r, q.astype(int), train.shape[0], train.shape[1], q.shape[1], skip_value=-1)
    model.train(epoch=50, epsilon=1e-3)
    pred = (1 - model.slip) * model.eta + model.guess * (1 - model.eta)
    return pred[model.theta[s], i].astype(float)


def bkt(train: np.ndarray, q: np.ndarray, s: np.ndarray, i: np.ndarray) -> np.ndarray:
    """pyBKT, one skill per knowledge point; a student's support rows come first, hidden rows last as -1."""
    import pandas as pd
    from pyBKT.models import Model

    rows = []
    hidden = set(zip(s.tolist(), i.tolist()))
    for stu in range(train.shape[0]):
        seen = [(it, int(train[stu, it] >= 0.5)) for it in np.flatnonzero(~np.isnan(train[stu]))]
        asked = [(it, -1) for it in range(train.shape[1]) if (stu, it) in hidden]
        for order, (it, correct) in enumerate(seen + asked):
            for kp in np.flatnonzero(q[it]):
                rows.append((len(rows), stu, f"kp{kp}", correct, it, order))
    df = pd.DataFrame(rows, columns=["order_id", "user_id", "skill_name", "correct", "item", "pos"])
    model = Model(seed=0, num_fits=1)
    model.fit(data=df[df.correct >= 0])
    pred = model.predict(data=df)
    mean = pred.groupby(["user_id", "item"])["correct_predictions"].mean()
    return np.array([mean.get((a, b), np.nan) for a, b in zip(s, i)], dtype=float)


def girth_2pl(train: np.ndarray, q: np.ndarray, s: np.ndarray, i: np.ndarray) -> np.ndarray:
    """girth 2PL: marginal maximum likelihood item parameters, MAP abilities, binarised scores."""
    from girth import ability_map, twopl_mml
    from girth.utilities import INVALID_RESPONSE

    data = np.where(np.isnan(train), INVALID_RESPONSE, (train >= 0.5).astype(int)).T
    est = twopl_mml(data)
    a, b = np.atleast_1d(est["Discrimination"]), np.atleast_1d(est["Difficulty"])
    if a.size == 1:
        a = np.full(train.shape[1], float(a[0]))
    theta = ability_map(data, b, a)
    return 1.0 / (1.0 + np.exp(-a[i] * (theta[s] - b[i])))


PEERS = {"EduCDM NCDM": ncdm, "EduCDM DINA": dina, "pyBKT": bkt, "girth 2PL": girth_2pl}


def main(splits_path: str, out_path: str) -> None:
    """Run every peer on every split, keeping going when one fails."""
    splits = np.load(splits_path)
    keys = sorted({k.rsplit("/", 1)[0] for k in splits.files})
    out: dict[str, np.ndarray] = {}
    status: dict[str, dict[str, str | float]] = {name: {} for name in PEERS}
    for key in keys:
        args = [splits[f"{key}/{part}"] for part in ("train", "q", "s", "i")]
        for name, fn in PEERS.items():
            started = time.perf_counter()
            try:
                out[f"{key}/{name}"] = np.clip(fn(*args), 0.0, 1.0)
                status[name][key] = time.perf_counter() - started
            except Exception as exc:  # noqa: BLE001 - a peer that fails is reported, not fatal
                status[name][key] = f"{type(exc).__name__}: {exc}".splitlines()[0][:200]
                traceback.print_exc(limit=1)
    np.savez_compressed(out_path, **out, status=np.array(json.dumps(status)))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
