"""Learning: lessons and glossary, progress, classes and their progress, certificates, read-aloud
(speech), statistics, and practice/. May import core.models, core.db and shared services; no Flask."""
