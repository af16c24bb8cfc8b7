"""Item models (QAbstractTableModel subclasses) over the services' frozen DTOs."""
