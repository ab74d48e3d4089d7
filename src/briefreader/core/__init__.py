"""The model and loaders: plain Python, no Textual or Rich imports."""
