import Glibc

/// A POSIX error number as a Swift error, with the C call that produced it.
///
/// Prints as `open('/dev/kiosk/scanner-0'): No such device (errno 19)`, so a log line names
/// both the failing call and the object it failed on.
public struct SystemError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The raw `errno` value.
    public let code: Int32
    /// The C call that failed, with its subject (e.g. `open('/dev/usb/lp0')`).
    public let call: String

    public init(code: Int32, call: String) {
        self.code = code
        self.call = call
    }

    /// The error for the current `errno`.
    public static func current(_ call: String) -> SystemError { SystemError(code: errno, call: call) }

    /// `strerror(code)`.
    public var reason: String { String(cString: strerror(code)) }

    public var description: String { "\(call): \(reason) (errno \(code))" }

    public static let interrupted = EINTR
    public static let wouldBlock = EAGAIN
}

/// Runs `body` until it returns something other than -1 with `errno == EINTR`.
/// - Throws: `SystemError` naming `call` when `body` returns -1 for another reason.
@discardableResult
public func retryOnInterrupt<T: BinaryInteger>(_ call: @autoclosure () -> String, _ body: () -> T) throws -> T {
    while true {
        let result = body()
        if result == -1 {
            if errno == EINTR { continue }
            throw SystemError.current(call())
        }
        return result
    }
}
