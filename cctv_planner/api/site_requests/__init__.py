"""Members' site requests API."""
