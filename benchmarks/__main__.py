"""`python -m benchmarks`: the load benchmark and benchmarks/REPORT.md (benchmarks/run.py).

    python -m benchmarks [--duration 60] [--pg-url postgresql+psycopg://...] [--reload] ...
    python -m benchmarks micro      # the older micro-benchmark of hot paths (benchmarks/micro.py)
    python -m benchmarks speech     # read-aloud: every step's WAV and Opus size (benchmarks/speech.py)
    python -m benchmarks memory     # what a kiosk worker holds in memory (benchmarks/memory.py)
"""
import sys

if __name__ == "__main__":
    if sys.argv[1:2] == ["micro"]:
        from benchmarks import micro

        sys.exit(micro.main())
    if sys.argv[1:2] == ["memory"]:
        from benchmarks import memory

        sys.exit(memory.main())
    if sys.argv[1:2] == ["speech"]:
        from benchmarks import speech

        sys.exit(speech.main())
    from benchmarks import run

    sys.exit(run.main())
