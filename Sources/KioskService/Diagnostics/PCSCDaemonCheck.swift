import Glibc

/// Is pcscd there to talk to? Looks for its socket and connects to it.
public struct PCSCDaemonCheck: DiagnosticCheck {
    public let id = "pcscd"
    public init() {}

    public func run(in environment: DiagnosticEnvironment) -> DiagnosticResult {
        let path = environment.system("/run/pcscd/pcscd.comm")
        let title = "PC/SC daemon (badge reader service)"
        guard let info = SystemFiles.status(path) else {
            return DiagnosticResult(
                id: id, title: title, status: .failed,
                evidence: "no pcscd socket at \(path): pcscd is not running and not socket-activated",
                fix: "apt-get install pcscd libccid && systemctl enable --now pcscd.socket")
        }
        guard (info.st_mode & S_IFMT) == S_IFSOCK else {
            return DiagnosticResult(
                id: id, title: title, status: .failed, evidence: "\(path) exists but is not a socket",
                fix: "rm \(path) && systemctl restart pcscd.socket")
        }
        if let problem = connectProblem(path) {
            return DiagnosticResult(
                id: id, title: title, status: .failed, evidence: "connect(\(path)): \(problem)",
                fix: "systemctl restart pcscd.socket pcscd.service; journalctl -u pcscd -n 50")
        }
        return DiagnosticResult(id: id, title: title, status: .ok, evidence: "\(path) accepts connections")
    }

    /// Connects to the unix socket at `path`; nil on success, else the reason.
    private func connectProblem(_ path: String) -> String? {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return String(cString: strerror(errno)) }
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else { return "path too long" }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        return result == 0 ? nil : "\(String(cString: strerror(errno))) (errno \(errno))"
    }
}
