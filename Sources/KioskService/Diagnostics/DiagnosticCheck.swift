/// One thing `kioskctl doctor` verifies. Checks never throw: whatever goes wrong while
/// checking is itself reported as evidence.
public protocol DiagnosticCheck: Sendable {
    /// Stable identifier (`pcscd`, `state-directory`, …).
    var id: String { get }
    /// Runs the check against `environment`.
    func run(in environment: DiagnosticEnvironment) -> DiagnosticResult
}

/// Every check `kioskctl doctor` runs, in the order a technician reads them: configuration
/// and daemon first, then badge reader, scanner, printer, storage, backend and clock.
public enum LocalDiagnostics {
    public static let all: [any DiagnosticCheck] = [
        ConfigCheck(),
        DaemonCheck(),
        PCSCDaemonCheck(),
        NFCKernelDriverCheck(),
        PCSCReaderCheck(),
        ScannerAccessCheck(),
        PrinterDeviceCheck(),
        PrinterStatusCheck(),
        StateDirectoryCheck(),
        OutboxCheck(),
        BackendCheck(),
        ClockCheck(),
    ]
}
