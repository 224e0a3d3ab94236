"""Geography without Qt: the offline gazetteer, distances, optional online geocoding, and the basemap."""
