// Loyalty module — see docs/architecture.md.
