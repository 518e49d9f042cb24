"""Places: a "your first visit" page for each location, with a photo of its entrance."""
