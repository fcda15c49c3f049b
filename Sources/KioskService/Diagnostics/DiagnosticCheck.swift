/// One thing `kioskctl doctor` verifies. Checks never throw: whatever goes wrong while
/// checking is itself reported as evidence.
public protocol DiagnosticCheck: Sendable {
    /// Stable identifier (`pcscd`, `state-directory`, …).
    var id: String { get }
    /// Runs the check against `environment`.
    func run(in environment: DiagnosticEnvironment) -> DiagnosticResult
}

/// The checks that need nothing but the local system, in the order a technician reads them.
public enum LocalDiagnostics {
    public static let all: [any DiagnosticCheck] = [
        PCSCDaemonCheck(),
        NFCKernelDriverCheck(),
        ScannerAccessCheck(),
        PrinterDeviceCheck(),
        StateDirectoryCheck(),
        ClockCheck(),
    ]
}
