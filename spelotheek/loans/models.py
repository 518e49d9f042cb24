"""The toy library: models."""
