"""Print figures of the timeline (PNG and SVG), shared by the window's dialog and `kztimeline export`."""
