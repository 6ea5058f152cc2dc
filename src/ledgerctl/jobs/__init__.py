"""Job runs, exclusive job locks (both databases, any OS) and the schedule of scheduled jobs."""
