"""Stage 5, jobs: the runs that drive the stages — a full re-index, an incremental update — with what they
share: reading and normalising a source (pipeline), counts (summary), the rejects file, progress, the
worker processes and the job lock."""
