import Glibc
import LinuxIO
import Synchronization

/// A receipt printer on the USB printer class (`/dev/usb/lp0`, kernel `usblp` driver).
///
/// `open()` opens the device `O_RDWR | O_NONBLOCK`. Status answers are read back from the same
/// device on bidirectional printers; a unidirectional one (reads fail with `EINVAL`) simply
/// does not answer. An unplugged printer is `.offline` with `ENODEV`.
public final class PrinterUSBTransport: PrinterTransport {
    public let endpoint: String
    private let io = Mutex<PrinterDescriptorIO?>(nil)

    public init(path: String) { self.endpoint = path }

    deinit { close() }

    public func open() throws {
        close()
        do {
            let descriptor = try FileDescriptor.open(endpoint, [.readWrite, .noControllingTerminal, .nonBlocking])
            let io = PrinterDescriptorIO(descriptor: descriptor, endpoint: endpoint, isSocket: false)
            io.discardInput()
            self.io.withLock { $0 = io }
        } catch let error as SystemError {
            throw PrinterError(.offline, device: endpoint, errno: error.code, detail: "open: \(error.reason)")
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
            io?.descriptor.close()
            io = nil
        }
    }

    private func current() throws -> PrinterDescriptorIO {
        guard let io = io.withLock({ $0 }) else { throw PrinterError(.offline, device: endpoint, detail: "not open") }
        return io
    }
}
