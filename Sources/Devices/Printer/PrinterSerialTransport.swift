import Glibc
import LinuxIO
import Synchronization

/// A receipt printer on a serial port (`/dev/ttyS0`, `/dev/ttyUSB0`, a pty in tests).
///
/// `open()` opens the device `O_RDWR | O_NOCTTY | O_NONBLOCK`, sets raw 8N1 at the configured
/// speed and flow control (`tcsetattr`), and drops stale input (`tcflush(TCIFLUSH)`). When a
/// write times out (the printer holds CTS or sent XOFF), the unsent rest is dropped from the
/// output queue (`tcflush(TCOFLUSH)`) so it cannot print later, after the retry.
public final class PrinterSerialTransport: PrinterTransport {
    public let endpoint: String
    /// Speed and flow control applied at each `open()`.
    public let settings: SerialLineSettings
    private let io = Mutex<PrinterDescriptorIO?>(nil)

    public init(path: String, settings: SerialLineSettings) {
        self.endpoint = path
        self.settings = settings
    }

    deinit { close() }

    public func open() throws {
        close()
        let descriptor: FileDescriptor
        do {
            descriptor = try FileDescriptor.open(endpoint, [.readWrite, .noControllingTerminal, .nonBlocking])
        } catch let error as SystemError {
            throw PrinterError(.offline, device: endpoint, errno: error.code, detail: "open: \(error.reason)")
        }
        do {
            try descriptor.configureSerialLine(settings)
            try descriptor.discardQueued(.input)
        } catch let error as SystemError {
            descriptor.close()
            throw PrinterError(.offline, device: endpoint, errno: error.code, detail: "\(error.call): \(error.reason)")
        }
        io.withLock { $0 = PrinterDescriptorIO(descriptor: descriptor, endpoint: endpoint, isSocket: false) }
    }

    public func send(_ bytes: [UInt8], timeoutMilliseconds: Int32) throws {
        let io = try current()
        do {
            try io.send(bytes, timeoutMilliseconds: timeoutMilliseconds)
        } catch let error as PrinterError where error.kind == .timeout {
            try? io.descriptor.discardQueued(.output)
            throw error
        }
    }

    public func request(_ bytes: [UInt8], timeoutMilliseconds: Int32, accept: (UInt8) -> Bool) throws -> UInt8? {
        let io = try current()
        try? io.descriptor.discardQueued(.input)
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
