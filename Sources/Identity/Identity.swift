// Identity module — see docs/architecture.md.
