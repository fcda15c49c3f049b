import Foundation
import Testing
import TestSupport

extension DeploymentSuite {
    /// `packaging/kioskd.json`, installed as `/etc/kioskd/kioskd.json`: the file the unit's
    /// `ExecStart=` names, so the daemon must accept it as shipped.
    @Suite("example configuration")
    struct ExampleConfigurationTests {
        static var example: URL { DeploymentFiles.root.appendingPathComponent("packaging/kioskd.json") }

        @Test("kioskd --check-config accepts the packaged kioskd.json")
        func accepted() throws {
            let result = try Tool.run(BuiltProducts.kioskd.path, ["--check-config", "--config", Self.example.path])
            #expect(result.status == 0, "kioskd rejected the example (exit \(result.status)):\n\(result.output)")
        }

        @Test("the example keeps its state where the unit's StateDirectory= puts it")
        func stateDirectory() throws {
            let text = try DeploymentFiles.text(Self.example)
            let unit = UnitFile(text: try DeploymentFiles.text(DeploymentFiles.unit))
            let directory = try #require(unit.value("StateDirectory"))
            #expect(text.contains("\"stateDirectory\": \"/var/lib/\(directory)\""), "stateDirectory is /var/lib/\(directory)")
        }
    }
}
