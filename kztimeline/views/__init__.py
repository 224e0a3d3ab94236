"""Qt views. Each takes the shared Selection in its constructor, listens to it, and never imports another view."""
