import Testing

/// All deployment checks, run one at a time: each starts real tools (`dpkg`, `udevadm`,
/// `systemd-analyze`, `dpkg-shlibdeps`) and, started all at once on two cores, their bursts
/// would starve the daemon tests that run alongside and wait for it with deadlines.
@Suite("Deployment", .serialized)
enum DeploymentSuite {}
