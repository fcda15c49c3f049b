import Foundation
import Glibc
import LinuxIO

/// A contactless test card for the `vsmartcard-vpcd` virtual reader: connecting puts it on the
/// reader `Virtual PCD 00 00`, `remove()` takes it away.
///
/// It speaks the vpcd socket protocol as a TCP client of `127.0.0.1:35963`: every message, both
/// ways, is a 2-byte big-endian length then the payload. A 1-byte payload from vpcd is a
/// control (0 power off, 1 power on, 2 reset: no answer; 4: answer the ATR); a longer one is a
/// command APDU, answered by the card's `Responder`. By default the card answers
/// `FF CA 00 00 00` with `UID + 90 00` and anything else with `6D 00`.
///
/// Hold `PCSCDHarness.withExclusiveAccess` while a card is inserted: there is one vpcd slot for
/// the whole machine.
public final class VirtualCard: @unchecked Sendable {
    /// What the card does with one command APDU.
    public enum Answer: Sendable, Hashable {
        /// Send these bytes (data + SW1 SW2, or any garbage) as the response.
        case respond([UInt8])
        /// Send nothing: pcscd's driver waits until the card is removed.
        case silence
        /// Close the connection at once, as a card leaving the field mid-command.
        case hangUp
    }

    /// Decides the answer to each command APDU; called on the card's own thread.
    public typealias Responder = @Sendable (_ command: [UInt8]) -> Answer

    /// The TCP port vpcd listens on for its first reader (`/etc/reader.conf.d/vpcd`, channel 0x8C7B).
    public static let vpcdPort: UInt16 = 35963
    /// The PC/SC name of the reader the card goes into.
    public static let readerName = "Virtual PCD 00 00"
    /// The ATR a PC/SC reader synthesises for a MIFARE Classic 1K (PC/SC part 3), T=1.
    public static let mifareClassicATR: [UInt8] = [
        0x3B, 0x8F, 0x80, 0x01, 0x80, 0x4F, 0x0C, 0xA0, 0x00, 0x00, 0x03, 0x06, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x6A,
    ]

    /// A responder answering `FF CA 00 00 00` with `uid + 90 00`, and `6D 00` to anything else.
    public static func answeringUID(_ uid: [UInt8]) -> Responder {
        { command in
            command == [0xFF, 0xCA, 0x00, 0x00, 0x00] ? .respond(uid + [0x90, 0x00]) : .respond([0x6D, 0x00])
        }
    }

    /// When the card connected to vpcd (`monotonicNanoseconds()`), to measure latencies.
    public let insertedAt: UInt64

    private let socket: Int32
    private let atr: [UInt8]
    private let responder: Responder
    private let lock = NSLock()
    private var commands: [[UInt8]] = []
    private var firstCommandTime: UInt64?
    private var controls: [UInt8] = []
    private var removed = false
    private let finished = DispatchSemaphore(value: 0)

    /// Puts a card whose `FF CA` answer is `uidHex` (e.g. `"04A1B2C3"`) on the virtual reader.
    /// - Throws: `VirtualCardError` when vpcd does not accept the connection (pcscd not running).
    public convenience init(uidHex: String, port: UInt16 = VirtualCard.vpcdPort) throws {
        try self.init(responder: Self.answeringUID(Self.bytes(fromHex: uidHex)), port: port)
    }

    /// Puts a card answering with `responder` on the virtual reader.
    /// - Throws: `VirtualCardError` when vpcd does not accept the connection (pcscd not running).
    public init(responder: @escaping Responder, atr: [UInt8] = VirtualCard.mifareClassicATR, port: UInt16 = VirtualCard.vpcdPort) throws {
        self.atr = atr
        self.responder = responder
        socket = try Self.connect(port: port)
        insertedAt = monotonicNanoseconds()
        let thread = Thread { [self] in serve() }
        thread.name = "virtual-card"
        thread.start()
    }

    deinit { remove() }

    /// The command APDUs received so far, in order.
    public var receivedCommands: [[UInt8]] { lock.withLock { commands } }

    /// When the first command APDU arrived (`monotonicNanoseconds()`), or nil before.
    public var firstCommandAt: UInt64? { lock.withLock { firstCommandTime } }

    /// The control bytes received so far (0 off, 1 on, 2 reset, 4 ATR request).
    public var receivedControls: [UInt8] { lock.withLock { controls } }

    /// Takes the card off the reader (closes the connection) and waits for its thread to end.
    /// Calling it again does nothing.
    public func remove() {
        let first = lock.withLock { () -> Bool in
            defer { removed = true }
            return !removed
        }
        guard first else { return }
        _ = Glibc.shutdown(socket, Int32(SHUT_RDWR))
        finished.wait()
        _ = Glibc.close(socket)
    }

    private func serve() {
        defer { finished.signal() }
        while let message = readMessage() {
            if message.count == 1 {
                lock.withLock { controls.append(message[0]) }
                if message[0] == 4 { guard send(atr) else { return } }
                continue
            }
            let now = monotonicNanoseconds()
            lock.withLock {
                commands.append(message)
                if firstCommandTime == nil { firstCommandTime = now }
            }
            switch responder(message) {
            case .respond(let bytes): guard send(bytes) else { return }
            case .silence: continue
            case .hangUp:
                _ = Glibc.shutdown(socket, Int32(SHUT_RDWR))
                return
            }
        }
    }

    private func readMessage() -> [UInt8]? {
        guard let header = readExactly(2) else { return nil }
        return readExactly(Int(header[0]) << 8 | Int(header[1]))
    }

    private func readExactly(_ count: Int) -> [UInt8]? {
        var bytes = [UInt8](repeating: 0, count: count)
        var offset = 0
        while offset < count {
            let n = bytes.withUnsafeMutableBytes { recv(socket, $0.baseAddress! + offset, count - offset, 0) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return nil }
            offset += n
        }
        return bytes
    }

    private func send(_ payload: [UInt8]) -> Bool {
        let message = [UInt8(payload.count >> 8), UInt8(payload.count & 0xFF)] + payload
        var offset = 0
        while offset < message.count {
            let n = message.withUnsafeBytes { Glibc.send(socket, $0.baseAddress! + offset, message.count - offset, Int32(MSG_NOSIGNAL)) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return false }
            offset += n
        }
        return true
    }

    private static func connect(port: UInt16) throws -> Int32 {
        let fd = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw VirtualCardError(message: "socket: \(String(cString: strerror(errno)))") }
        var noDelay: Int32 = 1
        _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &noDelay, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else {
            let reason = String(cString: strerror(errno))
            _ = Glibc.close(fd)
            throw VirtualCardError(message: "connect(127.0.0.1:\(port)): \(reason): is pcscd running with vsmartcard-vpcd? (use PCSCDHarness)")
        }
        return fd
    }

    /// `"04A1B2C3"` → `[0x04, 0xA1, 0xB2, 0xC3]`.
    public static func bytes(fromHex hex: String) -> [UInt8] {
        let digits = Array(hex.utf8)
        precondition(digits.count % 2 == 0, "hex UID with an odd number of digits: \(hex)")
        return stride(from: 0, to: digits.count, by: 2).map { UInt8(String(decoding: digits[$0..<$0 + 2], as: UTF8.self), radix: 16)! }
    }
}

/// A virtual card could not be put on the vpcd reader.
public struct VirtualCardError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}
