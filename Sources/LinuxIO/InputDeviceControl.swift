import CLinux
import Glibc

/// The byte layout of the kernel's `struct input_event` on this machine.
public enum InputEventLayout {
    /// `sizeof(struct input_event)`: 24 on x86_64 and arm64 (a 16-byte `timeval`, then
    /// `__u16 type`, `__u16 code`, `__s32 value`), 16 on 32-bit ABIs.
    public static let size = Int(clinux_input_event_size())
}

/// Identity of an input device as `EVIOCGID` reports it.
public struct InputDeviceID: Sendable, Hashable, CustomStringConvertible {
    /// `BUS_USB` (3), `BUS_BLUETOOTH` (5)…
    public let busType: UInt16
    /// USB vendor id.
    public let vendor: UInt16
    /// USB product id.
    public let product: UInt16
    /// Device version.
    public let version: UInt16

    public init(busType: UInt16, vendor: UInt16, product: UInt16, version: UInt16) {
        self.busType = busType
        self.vendor = vendor
        self.product = product
        self.version = version
    }

    /// `vvvv:pppp` in lower-case hex, as `lsusb` prints it.
    public var usbID: String {
        func hex4(_ v: UInt16) -> String {
            let s = String(v, radix: 16)
            return String(repeating: "0", count: 4 - s.count) + s
        }
        return "\(hex4(vendor)):\(hex4(product))"
    }

    public var description: String { usbID }
}

extension FileDescriptor {
    /// `ioctl(fd, EVIOCGRAB, grab)`: takes (or releases) the input device exclusively, so its
    /// keys no longer reach the console or the desktop.
    /// - Throws: `SystemError` for `ioctl(EVIOCGRAB)`; `ENOTTY` when the descriptor is not an
    ///   evdev device (a FIFO or a file), `EBUSY` when another process holds the grab.
    public func grabInputDevice(_ grab: Bool = true) throws {
        try retryOnInterrupt("ioctl('\(label)', EVIOCGRAB)") { clinux_eviocgrab(rawValue, grab ? 1 : 0) }
    }

    /// `ioctl(fd, EVIOCGNAME(256))`: the input device's name (e.g. `Honeywell Imaging 1900`).
    /// - Throws: `SystemError` for `ioctl(EVIOCGNAME)` (`ENOTTY` on a FIFO or a file).
    public func inputDeviceName() throws -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        let count = try buffer.withUnsafeMutableBufferPointer { raw in
            try retryOnInterrupt("ioctl('\(label)', EVIOCGNAME)") { clinux_eviocgname(rawValue, raw.baseAddress, Int32(raw.count - 1)) }
        }
        let bytes = buffer.prefix(max(0, Int(count))).prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `ioctl(fd, EVIOCGID)`: bus, vendor, product and version of the input device.
    /// - Throws: `SystemError` for `ioctl(EVIOCGID)` (`ENOTTY` on a FIFO or a file).
    public func inputDeviceID() throws -> InputDeviceID {
        var id = input_id()
        try retryOnInterrupt("ioctl('\(label)', EVIOCGID)") { clinux_eviocgid(rawValue, &id) }
        return InputDeviceID(busType: id.bustype, vendor: id.vendor, product: id.product, version: id.version)
    }
}
