import Foundation
import Testing
import TestSupport

extension DeploymentSuite {
    /// `udev/kioskd-pn533.modprobe.conf`, parsed by kmod itself.
    @Suite("modprobe.d entry")
    struct ModprobeTests {
        /// `modprobe --showconfig` with only the shipped file as configuration.
        static func showconfig() throws -> ToolResult {
            let folder = TemporaryDirectory(prefix: "kioskd-modprobe")
            try FileManager.default.copyItem(atPath: DeploymentFiles.modprobe.path,
                                             toPath: folder.url.appendingPathComponent("kioskd-pn533.conf").path)
            let result = try Tool.run("modprobe", ["--config=\(folder.path)", "--showconfig"])
            _ = folder
            return result
        }

        @Test("kmod reads the kernel NFC driver off ACR122U-class readers", arguments: [
            "blacklist pn533_usb", "blacklist pn533", "blacklist nfc", "install pn533_usb /bin/false",
        ])
        func directive(line: String) throws {
            let result = try Self.showconfig()
            #expect(result.status == 0, "modprobe --showconfig failed:\n\(result.output)")
            #expect(result.stdout.split(separator: "\n").contains(Substring(line)), "kmod applies `\(line)`:\n\(result.stdout)")
        }

        @Test("kmod finds no bad line in the file")
        func noBadLines() throws {
            let result = try Self.showconfig()
            #expect(!result.stderr.contains("kioskd-pn533.conf"), "kmod complained:\n\(result.stderr)")
        }
    }
}
