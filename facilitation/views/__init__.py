"""The project's pages, one module per subject; every object is fetched through `roles`."""
