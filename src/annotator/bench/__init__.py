"""``annotator bench``: speed and memory at research scale, with same-run baselines."""
