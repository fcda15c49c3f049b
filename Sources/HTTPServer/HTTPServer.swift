// HTTPServer module — see docs/architecture.md.
