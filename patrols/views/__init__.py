"""Views of the patrols app, one module per area."""
