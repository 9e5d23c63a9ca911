"""The project file: schema, migrations, queries and aggregations. The only place with SQL."""

from .database import Store

__all__ = ["Store"]
