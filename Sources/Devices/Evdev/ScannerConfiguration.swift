import Identity
import StrictJSON

/// The `scanner` section of `kioskd.json`: which input devices are barcode scanners or
/// keyboard-wedge badge readers, and how their keystrokes are decoded.
///
/// ```json
/// "scanner": {
///   "keymap": "be", "endOnTab": false, "interKeyTimeoutMs": null, "maxLength": 64,
///   "devices": [
///     {"path": "/dev/kiosk/scanner-Honeywell_1900_X1", "keymap": "be"},
///     {"usbId": "ffff:0035", "role": "badge", "uidFormat": "decimal", "byteOrder": "lsbFirst"}
///   ]
/// }
/// ```
/// Devices with a `path` are opened directly. Unless `discover` is false (default: true when
/// no device has a `path`), the `/dev/kiosk/scanner-*` links the udev rules create are opened
/// too; a discovered device matching an entry's `usbId` (`EVIOCGID`), `name` (a substring of
/// `EVIOCGNAME`) or `path` takes that entry's role and settings, else it is a barcode scanner.
public struct ScannerConfiguration: Sendable, Equatable {
    /// One configured device.
    public struct Device: Sendable, Equatable {
        /// What the device types.
        public enum Role: String, Sendable, CaseIterable {
            /// A barcode scanner: each scan is classified (loyalty card, voucher, other, invalid).
            case barcode
            /// A keyboard-wedge NFC reader: each "scan" is a badge UID.
            case badge
        }

        /// How the entry recognises its device.
        public enum Match: Sendable, Equatable {
            /// This path (a node, a udev symlink, a FIFO or a file of `input_event` records).
            case path(String)
            /// USB `vendor:product` in lower-case hex, from `EVIOCGID`.
            case usbID(String)
            /// A substring of the device name, from `EVIOCGNAME`.
            case name(String)
        }

        public var match: Match
        public var role: Role
        /// The layout the device types with; nil = the section's `keymap`.
        public var keymap: String?
        /// How a wedge reader types the UID.
        public var uidFormat: CardUID.WedgeFormat
        /// Which end of the typed UID is the card's first byte.
        public var byteOrder: CardUID.ByteOrder
        /// UID length in bytes for decimal UIDs (nil: 4, 7 or 10, whichever fits).
        public var uidLength: Int?

        public init(match: Match, role: Role = .barcode, keymap: String? = nil, uidFormat: CardUID.WedgeFormat = .hex,
                    byteOrder: CardUID.ByteOrder = .msbFirst, uidLength: Int? = nil) {
            self.match = match
            self.role = role
            self.keymap = keymap
            self.uidFormat = uidFormat
            self.byteOrder = byteOrder
            self.uidLength = uidLength
        }
    }

    /// Configured devices, in order (the first matching entry wins for a discovered device).
    public var devices: [Device]
    /// Whether to open the links in `discoveryDirectory` whose names start with `discoveryPrefix`.
    public var discover: Bool
    /// Where the udev rules put scanner links.
    public var discoveryDirectory: String
    /// The name prefix of scanner links.
    public var discoveryPrefix: String
    /// The default layout (`us`, `be`, `fr`, `de`).
    public var keymap: String
    /// Take the device exclusively (`EVIOCGRAB`) so scans never reach the kiosk UI.
    public var grab: Bool
    /// How keystrokes become scans.
    public var assembler: BarcodeAssembler.Options
    /// First and longest wait before reopening a device that is missing or failed.
    public var retryInitialMs: Int
    public var retryMaximumMs: Int

    public init(devices: [Device] = [], discover: Bool? = nil, discoveryDirectory: String = "/dev/kiosk",
                discoveryPrefix: String = "scanner-", keymap: String = "us", grab: Bool = true,
                assembler: BarcodeAssembler.Options = .init(), retryInitialMs: Int = 250, retryMaximumMs: Int = 5_000) {
        self.devices = devices
        self.discover = discover ?? !devices.contains { if case .path = $0.match { true } else { false } }
        self.discoveryDirectory = discoveryDirectory
        self.discoveryPrefix = discoveryPrefix
        self.keymap = keymap
        self.grab = grab
        self.assembler = assembler
        self.retryInitialMs = retryInitialMs
        self.retryMaximumMs = retryMaximumMs
    }

    /// Keys allowed in the section.
    public static let keys = [
        "devices", "discover", "discoveryDirectory", "keymap", "grab", "endOnTab", "interKeyTimeoutMs",
        "maxLength", "minLength", "humanSpeedGapMs", "numberRowDigits", "retryInitialMs", "retryMaximumMs",
    ]
    /// Keys allowed in a `devices[]` entry.
    public static let deviceKeys = ["path", "usbId", "name", "role", "keymap", "uidFormat", "byteOrder", "uidLength"]

    /// Decodes the `scanner` section strictly.
    /// - Throws: `JSONDecodeError` with the key path (`scanner.devices[1].keymap: expected one
    ///   of "us", "be", "fr", "de", got "nl"`).
    public static func decode(_ cursor: JSONCursor) throws -> ScannerConfiguration {
        let object = try cursor.object(keys: keys)
        var devices: [Device] = []
        if let list = object.optional("devices") {
            for element in try list.array(maxCount: 32) { devices.append(try decodeDevice(element)) }
        }
        var configuration = ScannerConfiguration(devices: devices)
        if let c = object.optional("discover") { configuration.discover = try c.bool() }
        if let c = object.optional("discoveryDirectory") {
            let path = try c.string(nonEmpty: true, maxLength: 1024)
            guard path.hasPrefix("/") else { throw c.mismatch("an absolute path") }
            configuration.discoveryDirectory = path
        }
        if let c = object.optional("keymap") { configuration.keymap = try c.oneOf(Keymap.names) }
        if let c = object.optional("grab") { configuration.grab = try c.bool() }
        var options = BarcodeAssembler.Options()
        if let c = object.optional("endOnTab") { options.endOnTab = try c.bool() }
        if let c = object.optional("interKeyTimeoutMs") { options.interKeyTimeoutMs = try c.int(min: 5, max: 10_000) }
        if let c = object.optional("maxLength") { options.maxLength = try c.int(min: 1, max: 4096) }
        if let c = object.optional("minLength") { options.minLength = try c.int(min: 1, max: 4096) }
        if let c = object.optional("humanSpeedGapMs") { options.humanSpeedGapMs = try c.int(min: 1, max: 10_000) }
        if let c = object.optional("numberRowDigits") { options.numberRowDigits = try c.bool() }
        if options.minLength > options.maxLength, let c = object.optional("minLength") {
            throw c.failure("minLength \(options.minLength) exceeds maxLength \(options.maxLength)")
        }
        configuration.assembler = options
        if let c = object.optional("retryInitialMs") { configuration.retryInitialMs = try c.int(min: 10, max: 60_000) }
        if let c = object.optional("retryMaximumMs") { configuration.retryMaximumMs = try c.int(min: configuration.retryInitialMs, max: 600_000) }
        return configuration
    }

    private static func decodeDevice(_ cursor: JSONCursor) throws -> Device {
        let object = try cursor.object(keys: deviceKeys)
        let matches = ["path", "usbId", "name"].filter { object.has($0) }
        guard matches.count == 1 else {
            throw cursor.failure("expected exactly one of \"path\", \"usbId\", \"name\", got \(matches.isEmpty ? "none" : matches.joined(separator: ", "))")
        }
        let match: Device.Match
        if let c = object.optional("path") {
            let path = try c.string(nonEmpty: true, maxLength: 1024)
            guard path.hasPrefix("/") else { throw c.mismatch("an absolute path") }
            match = .path(path)
        } else if let c = object.optional("usbId") {
            let text = try c.string().lowercased()
            let parts = text.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 2, parts.allSatisfy({ $0.count == 4 && UInt16($0, radix: 16) != nil }) else {
                throw c.mismatch("a USB id \"vvvv:pppp\" in hex")
            }
            match = .usbID(text)
        } else {
            match = .name(try object.required("name").string(nonEmpty: true, maxLength: 255))
        }
        var device = Device(match: match)
        if let c = object.optional("role") { device.role = Device.Role(rawValue: try c.oneOf(Device.Role.allCases.map(\.rawValue)))! }
        if let c = object.optional("keymap") { device.keymap = try c.oneOf(Keymap.names) }
        if let c = object.optional("uidFormat") { device.uidFormat = CardUID.WedgeFormat(rawValue: try c.oneOf(CardUID.WedgeFormat.allCases.map(\.rawValue)))! }
        if let c = object.optional("byteOrder") { device.byteOrder = CardUID.ByteOrder(rawValue: try c.oneOf(CardUID.ByteOrder.allCases.map(\.rawValue)))! }
        if let c = object.optional("uidLength") { device.uidLength = try c.int(min: 1, max: CardUID.maximumLength) }
        if device.role == .barcode {
            for key in ["uidFormat", "byteOrder", "uidLength"] where object.has(key) {
                throw try object.required(key).failure("only for a device with \"role\": \"badge\"")
            }
        }
        return device
    }

    /// The entry that applies to a device at `path` with the given id and name (nil when the
    /// device cannot say): the first entry matching it, else nil (a plain barcode scanner).
    public func entry(forPath path: String, usbID: String?, name: String?) -> Device? {
        devices.first { device in
            switch device.match {
            case .path(let configured): return configured == path
            case .usbID(let id): return usbID == id
            case .name(let fragment): return name?.lowercased().contains(fragment.lowercased()) ?? false
            }
        }
    }
}
