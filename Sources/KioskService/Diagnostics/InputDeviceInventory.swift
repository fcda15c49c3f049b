/// One input device as the kernel lists it in `/proc/bus/input/devices`.
public struct InputDeviceInfo: Sendable, Equatable {
    public var name: String = ""
    public var bus: String = ""
    public var vendor: String = ""
    public var product: String = ""
    public var physicalPath: String = ""
    public var sysfsPath: String = ""
    /// Handlers such as `kbd`, `event3`, `sysrq`.
    public var handlers: [String] = []
    /// The key capability bitmap (`B: KEY=`), hex words as listed.
    public var keyBits: String = ""

    /// The `eventN` handler, if any.
    public var eventNode: String? { handlers.first { $0.hasPrefix("event") }.map { "/dev/input/" + $0 } }

    /// Why this device looks like a barcode scanner, or nil when it does not.
    public var scannerEvidence: String? {
        if let maker = ScannerVendors.known[vendor.lowercased()] { return "vendor \(vendor) is \(maker)" }
        let lowered = name.lowercased()
        for word in ["barcode", "scanner", "scan", "2d imager", "honeywell", "zebra", "symbol", "datalogic", "newland"]
        where lowered.contains(word) {
            return "name contains '\(word)'"
        }
        return nil
    }

    /// Whether the device reports keys (a keyboard or a keyboard-wedge scanner/reader).
    public var isKeyboardLike: Bool { handlers.contains("kbd") }
}

/// USB vendor ids of common HID barcode scanner makers (the same list as the udev rules).
public enum ScannerVendors {
    public static let known: [String: String] = [
        "0c2e": "Honeywell (Metrologic)", "0536": "Honeywell (Hand Held Products)", "05e0": "Zebra/Symbol",
        "05f9": "Datalogic", "1eab": "Newland",
    ]
}

/// Parses the text of `/proc/bus/input/devices`.
public enum InputDeviceInventory {
    /// Every device block in `text`; unknown lines are ignored, so a newer kernel's
    /// additions never break the listing.
    public static func parse(_ text: String) -> [InputDeviceInfo] {
        var devices: [InputDeviceInfo] = []
        var current = InputDeviceInfo()
        var inBlock = false
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty {
                if inBlock { devices.append(current) }
                current = InputDeviceInfo()
                inBlock = false
                continue
            }
            inBlock = true
            guard line.count > 3, line.dropFirst().hasPrefix(": ") else { continue }
            let body = String(line.dropFirst(3))
            switch line.first {
            case "I":
                for field in body.split(separator: " ") {
                    let pair = field.split(separator: "=", maxSplits: 1)
                    guard pair.count == 2 else { continue }
                    switch pair[0] {
                    case "Bus": current.bus = String(pair[1])
                    case "Vendor": current.vendor = String(pair[1])
                    case "Product": current.product = String(pair[1])
                    default: break
                    }
                }
            case "N": current.name = value(of: "Name", in: body).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            case "P": current.physicalPath = value(of: "Phys", in: body)
            case "S": current.sysfsPath = value(of: "Sysfs", in: body)
            case "H": current.handlers = value(of: "Handlers", in: body).split(separator: " ").map(String.init)
            case "B":
                if body.hasPrefix("KEY=") { current.keyBits = String(body.dropFirst(4)) }
            default: break
            }
        }
        if inBlock { devices.append(current) }
        return devices
    }

    private static func value(of key: String, in body: String) -> String {
        body.hasPrefix(key + "=") ? String(body.dropFirst(key.count + 1)) : body
    }
}

import Foundation
