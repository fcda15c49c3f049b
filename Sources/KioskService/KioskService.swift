// KioskService module — see docs/architecture.md.
