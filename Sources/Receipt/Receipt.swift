// Receipt module — see docs/architecture.md.
