/// Is the kernel's NFC stack holding the badge reader? `pn533_usb` binds ACR122U-class
/// readers before pcscd's CCID driver can, and the reader then never appears in PC/SC.
public struct NFCKernelDriverCheck: DiagnosticCheck {
    public let id = "nfc-kernel-driver"
    public init() {}

    /// Kernel drivers that claim USB NFC readers away from pcscd.
    static let conflictingDrivers = ["pn533_usb", "port100", "nfcmrvl_usb"]

    public func run(in environment: DiagnosticEnvironment) -> DiagnosticResult {
        let title = "kernel NFC drivers off the badge reader"
        let fix = """
            install kioskd (it ships /usr/lib/modprobe.d/kioskd-pn533.conf: blacklist pn533_usb, pn533, nfc) or copy udev/kioskd-pn533.modprobe.conf to /etc/modprobe.d/, \
            then: modprobe -r pn533_usb pn533 nfc && systemctl restart pcscd; unplug and replug the reader
            """
        for driver in Self.conflictingDrivers {
            let directory = environment.system("/sys/bus/usb/drivers/\(driver)")
            let bound = SystemFiles.list(directory).filter { $0.first?.isNumber == true }
            if !bound.isEmpty {
                return DiagnosticResult(
                    id: id, title: title, status: .failed,
                    evidence: "kernel driver \(driver) is bound to USB interface \(bound.joined(separator: ", ")) (\(directory))",
                    fix: fix)
            }
        }
        for driver in Self.conflictingDrivers where SystemFiles.exists(environment.system("/sys/module/\(driver)")) {
            return DiagnosticResult(
                id: id, title: title, status: .warning,
                evidence: "kernel module \(driver) is loaded (no reader bound to it now)", fix: fix)
        }
        return DiagnosticResult(id: id, title: title, status: .ok, evidence: "no kernel NFC driver is loaded")
    }
}
