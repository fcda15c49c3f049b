// Devices module — see docs/architecture.md.
