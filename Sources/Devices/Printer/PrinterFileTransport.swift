import Glibc
import LinuxIO
import Synchronization

/// A "printer" that appends every job's bytes to a file: simulation mode and previews.
///
/// It never answers status requests (a file has no paper sensor), which the spooler treats
/// as "not answering", never as offline. `kioskctl receipt preview` renders the file.
public final class PrinterFileTransport: PrinterTransport {
    public let endpoint: String
    private let descriptor = Mutex<FileDescriptor?>(nil)

    public init(path: String) { self.endpoint = path }

    deinit { close() }

    public func open() throws {
        close()
        do {
            let fd = try FileDescriptor.open(endpoint, [.writeOnly, .create, .append], mode: 0o640)
            descriptor.withLock { $0 = fd }
        } catch let error as SystemError {
            throw PrinterError(.offline, device: endpoint, errno: error.code, detail: "open: \(error.reason)")
        }
    }

    public func send(_ bytes: [UInt8], timeoutMilliseconds: Int32) throws {
        guard let fd = descriptor.withLock({ $0 }) else { throw PrinterError(.offline, device: endpoint, detail: "not open") }
        do {
            try fd.writeAll(bytes)
        } catch let error as SystemError {
            throw PrinterError(.writeFailed, device: endpoint, errno: error.code, detail: "write: \(error.reason)")
        }
    }

    public func request(_ bytes: [UInt8], timeoutMilliseconds: Int32, accept: (UInt8) -> Bool) throws -> UInt8? { nil }

    public func close() {
        descriptor.withLock { fd in
            fd?.close()
            fd = nil
        }
    }
}
