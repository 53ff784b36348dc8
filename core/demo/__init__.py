"""Demo data for `brobygger demo` (loader and one module per capability) and the national-scale
benchmark data (national, with its bulk writer and audit log in bulk and national_audit). May
import core.services, core.models and core.security; never core.web."""
