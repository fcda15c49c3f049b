import CLinux
import Glibc

/// Line settings of a serial port: speed, framing (always 8N1) and flow control.
public struct SerialLineSettings: Sendable, Equatable, CustomStringConvertible {
    /// Speeds receipt printers use.
    public enum BaudRate: Int, Sendable, CaseIterable {
        case b9600 = 9600, b19200 = 19200, b38400 = 38400, b57600 = 57600, b115200 = 115200

        /// The termios speed constant (`B9600`…`B115200`).
        var speed: speed_t {
            switch self {
            case .b9600: return speed_t(B9600)
            case .b19200: return speed_t(B19200)
            case .b38400: return speed_t(B38400)
            case .b57600: return speed_t(B57600)
            case .b115200: return speed_t(B115200)
            }
        }

        init?(speed: speed_t) {
            guard let rate = Self.allCases.first(where: { $0.speed == speed }) else { return nil }
            self = rate
        }
    }

    /// How the printer says "wait, my buffer is full".
    public enum FlowControl: String, Sendable, CaseIterable {
        /// No flow control.
        case none
        /// Hardware: the printer drops CTS (`CRTSCTS`).
        case rtsCts
        /// Software: the printer sends XOFF (0x13) / XON (0x11) (`IXON | IXOFF`).
        case xonXoff
    }

    public var baudRate: BaudRate
    public var flowControl: FlowControl

    public init(baudRate: BaudRate = .b9600, flowControl: FlowControl = .rtsCts) {
        self.baudRate = baudRate
        self.flowControl = flowControl
    }

    public var description: String { "\(baudRate.rawValue) 8N1 \(flowControl.rawValue)" }
}

/// What a terminal's termios says, read back with `tcgetattr(3)` (for diagnostics and tests).
public struct SerialLineState: Sendable, Equatable {
    /// The output speed, nil when it is not one of `BaudRate`'s.
    public var baudRate: SerialLineSettings.BaudRate?
    /// The input speed matches the output speed.
    public var inputSpeedMatches: Bool
    /// `CSIZE == CS8`.
    public var eightDataBits: Bool
    /// `PARENB` is set.
    public var parity: Bool
    /// `CSTOPB` is set (two stop bits).
    public var twoStopBits: Bool
    /// `CRTSCTS` is set.
    public var hardwareFlowControl: Bool
    /// `IXON` and `IXOFF` are set.
    public var softwareFlowControl: Bool
    /// Raw mode: no output processing (`OPOST` clear), no canonical input, no echo, no signals.
    public var raw: Bool
    /// `CLOCAL` and `CREAD` are set (ignore modem lines, enable the receiver).
    public var localAndReceiverOn: Bool
}

extension FileDescriptor {
    /// Puts a tty in raw 8N1 mode at `settings`' speed and flow control, applied at once:
    /// `tcgetattr`, `cfmakeraw`, `cfsetispeed`/`cfsetospeed`, `CS8 | CLOCAL | CREAD`,
    /// `CRTSCTS` or `IXON | IXOFF`, `VMIN = 0`, `VTIME = 0`, `tcsetattr(TCSANOW)`.
    /// Raw mode matters: with `OPOST` a line discipline would turn every `LF` into `CR LF`
    /// and the printer would receive other bytes than the encoder produced.
    /// - Throws: `SystemError` naming the failed call and the device.
    public func configureSerialLine(_ settings: SerialLineSettings) throws {
        var attributes = termios()
        try retryOnInterrupt("tcgetattr('\(label)')") { tcgetattr(rawValue, &attributes) }
        cfmakeraw(&attributes)
        attributes.c_cflag &= ~tcflag_t(CSIZE | PARENB | CSTOPB)
        attributes.c_cflag |= tcflag_t(CS8 | CLOCAL | CREAD)
        attributes.c_iflag &= ~tcflag_t(IXON | IXOFF | IXANY)
        attributes.c_cflag &= ~tcflag_t(clinux_crtscts())
        switch settings.flowControl {
        case .none: break
        case .rtsCts: attributes.c_cflag |= tcflag_t(clinux_crtscts())
        case .xonXoff: attributes.c_iflag |= tcflag_t(IXON | IXOFF)
        }
        withUnsafeMutableBytes(of: &attributes.c_cc) { cc in
            cc[Int(VMIN)] = 0
            cc[Int(VTIME)] = 0
        }
        try retryOnInterrupt("cfsetispeed('\(label)')") { cfsetispeed(&attributes, settings.baudRate.speed) }
        try retryOnInterrupt("cfsetospeed('\(label)')") { cfsetospeed(&attributes, settings.baudRate.speed) }
        try retryOnInterrupt("tcsetattr('\(label)')") { tcsetattr(rawValue, TCSANOW, &attributes) }
    }

    /// The tty's current line settings (`tcgetattr(3)`).
    /// - Throws: `SystemError` for `tcgetattr` (`ENOTTY` when the descriptor is not a terminal).
    public func serialLineState() throws -> SerialLineState {
        var attributes = termios()
        try retryOnInterrupt("tcgetattr('\(label)')") { tcgetattr(rawValue, &attributes) }
        let c = attributes.c_cflag, i = attributes.c_iflag, o = attributes.c_oflag, l = attributes.c_lflag
        let output = cfgetospeed(&attributes)
        return SerialLineState(
            baudRate: SerialLineSettings.BaudRate(speed: output),
            inputSpeedMatches: cfgetispeed(&attributes) == output,
            eightDataBits: c & tcflag_t(CSIZE) == tcflag_t(CS8),
            parity: c & tcflag_t(PARENB) != 0,
            twoStopBits: c & tcflag_t(CSTOPB) != 0,
            hardwareFlowControl: c & tcflag_t(clinux_crtscts()) != 0,
            softwareFlowControl: i & tcflag_t(IXON) != 0 && i & tcflag_t(IXOFF) != 0,
            raw: o & tcflag_t(OPOST) == 0 && l & tcflag_t(ICANON | ECHO | ISIG | IEXTEN) == 0,
            localAndReceiverOn: c & tcflag_t(CLOCAL) != 0 && c & tcflag_t(CREAD) != 0)
    }

    /// Which queued bytes `discardQueued` drops.
    public enum QueueSelector: Sendable {
        /// Received, not yet read (`TCIFLUSH`).
        case input
        /// Written, not yet sent (`TCOFLUSH`).
        case output
        /// Both (`TCIOFLUSH`).
        case both
    }

    /// `tcflush(3)`: drops bytes queued in the tty (stale answers, or a job that timed out).
    /// - Throws: `SystemError` for `tcflush`.
    public func discardQueued(_ queue: QueueSelector) throws {
        let selector: Int32
        switch queue {
        case .input: selector = TCIFLUSH
        case .output: selector = TCOFLUSH
        case .both: selector = TCIOFLUSH
        }
        try retryOnInterrupt("tcflush('\(label)')") { tcflush(rawValue, selector) }
    }
}
