import CLinux
import Glibc

/// A pseudo-terminal pair (`openpty(3)`): the controller side and the device side, which
/// behaves like a serial port (termios applies to it).
///
/// Stands in for a serial printer in tests and simulations: what is written to `devicePath`
/// comes out of `controller`, and what is written to `controller` is what the "printer"
/// answers. `device` stays open for the pair's lifetime so that the controller never sees a
/// hang-up between two jobs that open and close `devicePath`.
public struct PseudoTerminal: Sendable {
    /// The controller ("master") side.
    public let controller: FileDescriptor
    /// The device ("slave") side, held open.
    public let device: FileDescriptor
    /// The device side's path, e.g. `/dev/pts/7`.
    public let devicePath: String

    /// `openpty(3)`, both descriptors made close-on-exec.
    /// - Throws: `SystemError` for `openpty`.
    public static func open() throws -> PseudoTerminal {
        var controller: Int32 = -1
        var device: Int32 = -1
        var name = [CChar](repeating: 0, count: 256)
        try retryOnInterrupt("openpty") { openpty(&controller, &device, &name, nil, nil) }
        _ = fcntl(controller, F_SETFD, FD_CLOEXEC)
        _ = fcntl(device, F_SETFD, FD_CLOEXEC)
        let path = String(decoding: name.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return PseudoTerminal(
            controller: FileDescriptor(rawValue: controller, label: path + " (controller)"),
            device: FileDescriptor(rawValue: device, label: path),
            devicePath: path)
    }

    /// Closes both sides.
    public func close() {
        controller.close()
        device.close()
    }
}
