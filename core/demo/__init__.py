"""Demo data for `brobygger demo` (loader and one module per capability) and the national-scale
benchmark data (national). May import core.services, core.models and core.security; never core.web."""
