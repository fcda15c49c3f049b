import Devices
import KioskService

/// Which scanners `kioskctl watch` reads.
enum WatchSources {
    /// The configured scanner section (or discovery of `/dev/kiosk/scanner-*`), or `path`
    /// alone; every device decoded with `keymap` when given. Never grabs: watching must not
    /// take a scanner away from other programs.
    static func scannerConfiguration(_ configuration: DiagnosticConfiguration, path: String?, keymap: String?) -> ScannerConfiguration {
        var section = configuration.scanner ?? ScannerConfiguration()
        if let path {
            section = ScannerConfiguration(
                devices: [ScannerConfiguration.Device(match: .path(path), keymap: keymap)], discover: false,
                keymap: keymap ?? section.keymap, grab: false, assembler: section.assembler)
        } else if let keymap {
            section.keymap = keymap
            for index in section.devices.indices { section.devices[index].keymap = keymap }
        }
        section.grab = false
        return section
    }
}
