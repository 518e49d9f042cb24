"""The signals bundle: barriers grouped into signals that the network meeting follows up."""
