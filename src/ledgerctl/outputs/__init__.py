"""Writers for the files ledgerctl makes for people: CSV, Parquet, Excel, PDF; atomic writes."""
