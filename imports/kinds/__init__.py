"""What each kind of import reads and writes; one module per kind."""
