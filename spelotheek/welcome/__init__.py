"""Welcome: buddies for newcomers at open meetings, and the three-picture check-in."""
