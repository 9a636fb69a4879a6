"""Dashboard pages, one module per subject: the dashboard, places, registry lists, an NGO."""
