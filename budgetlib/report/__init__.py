"""Reports: analysis frames, display views, charts, and the notebooks rendered to HTML."""
