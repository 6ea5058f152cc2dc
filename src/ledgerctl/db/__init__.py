"""Database: engine and pragmas, the money column type, transactions, migrations."""
