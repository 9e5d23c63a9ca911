"""Plain types and rules shared by every layer. Standard library only."""
