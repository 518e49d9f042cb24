"""The toy library."""
