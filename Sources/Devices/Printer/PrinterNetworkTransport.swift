import Glibc
import LinuxIO
import Synchronization

/// A receipt printer on the network, raw TCP (port 9100, "JetDirect"/"RAW").
///
/// `open()` connects with a timeout (`TCPClient`); status answers come back on the same
/// socket. `close()` first reads away any late answer so the socket ends with FIN, not with a
/// reset that could make the printer's interface drop data it has not printed yet.
public final class PrinterNetworkTransport: PrinterTransport {
    public let endpoint: String
    public let host: String
    public let port: UInt16
    /// How long `open()` waits for the printer to accept the connection.
    public let connectTimeoutMilliseconds: Int32
    private let io = Mutex<PrinterDescriptorIO?>(nil)

    public init(host: String, port: UInt16 = 9100, connectTimeoutMilliseconds: Int32 = 3_000) {
        self.host = host
        self.port = port
        self.connectTimeoutMilliseconds = connectTimeoutMilliseconds
        self.endpoint = host.contains(":") ? "tcp://[\(host)]:\(port)" : "tcp://\(host):\(port)"
    }

    deinit { close() }

    public func open() throws {
        close()
        do {
            let descriptor = try TCPClient.connect(host: host, port: port, timeoutMilliseconds: connectTimeoutMilliseconds)
            io.withLock { $0 = PrinterDescriptorIO(descriptor: descriptor, endpoint: endpoint, isSocket: true) }
        } catch let error as SystemError {
            throw PrinterError(.offline, device: endpoint, errno: error.code, detail: "connect: \(error.reason)")
        }
    }

    public func send(_ bytes: [UInt8], timeoutMilliseconds: Int32) throws {
        try current().send(bytes, timeoutMilliseconds: timeoutMilliseconds)
    }

    public func request(_ bytes: [UInt8], timeoutMilliseconds: Int32, accept: (UInt8) -> Bool) throws -> UInt8? {
        let io = try current()
        io.discardInput()
        return try io.request(bytes, timeoutMilliseconds: timeoutMilliseconds, accept: accept)
    }

    public func close() {
        io.withLock { io in
            guard let current = io else { return }
            current.discardInput()
            _ = shutdown(current.descriptor.rawValue, Int32(SHUT_WR))
            current.descriptor.close()
            io = nil
        }
    }

    private func current() throws -> PrinterDescriptorIO {
        guard let io = io.withLock({ $0 }) else { throw PrinterError(.offline, device: endpoint, detail: "not open") }
        return io
    }
}
