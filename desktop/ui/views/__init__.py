"""Views: tables over the item models."""
