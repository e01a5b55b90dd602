"""Drawing a sample from a population extract (the Sampling dialog and its calculator)."""
