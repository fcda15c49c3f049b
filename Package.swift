// swift-tools-version:6.0
// kioskd — the loyalty daemon of a self-service ordering kiosk.
// Dependency direction (top may import below, never the reverse) is documented in
// docs/architecture.md. No third-party Swift package: toolchain + Debian C libraries only.
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
]

let package = Package(
    name: "kioskd",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "kioskd", targets: ["kioskd"]),
        .executable(name: "kioskctl", targets: ["kioskctl"]),
    ],
    targets: [
        // MARK: C libraries and shims
        .systemLibrary(
            name: "CSQLite",
            path: "Sources/CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        .systemLibrary(
            name: "CPCSCLite",
            path: "Sources/CPCSCLite",
            pkgConfig: "libpcsclite",
            providers: [.apt(["libpcsclite-dev"])]
        ),
        .target(name: "CLinux", path: "Sources/CLinux"),

        // MARK: pure core
        .target(name: "StrictJSON", swiftSettings: swiftSettings),
        .target(name: "Loyalty", dependencies: ["StrictJSON", "Identity"], swiftSettings: swiftSettings),
        .target(name: "Identity", dependencies: ["StrictJSON"], swiftSettings: swiftSettings),
        .target(name: "Receipt", dependencies: ["Loyalty", "Identity", "StrictJSON"], swiftSettings: swiftSettings),

        // MARK: adapters
        .target(name: "LinuxIO", dependencies: ["CLinux"], swiftSettings: swiftSettings),
        .target(name: "Storage", dependencies: ["CSQLite", "Loyalty", "Identity", "Receipt"], swiftSettings: swiftSettings),
        .target(name: "Relay", dependencies: ["Storage", "Loyalty", "StrictJSON"], swiftSettings: swiftSettings),
        .target(name: "Devices", dependencies: ["LinuxIO", "CPCSCLite", "Identity", "Receipt", "StrictJSON"], swiftSettings: swiftSettings),
        .target(name: "HTTPServer", dependencies: ["LinuxIO", "StrictJSON"], swiftSettings: swiftSettings),

        // MARK: service and executables
        .target(
            name: "KioskService",
            dependencies: ["StrictJSON", "Loyalty", "Identity", "Receipt", "LinuxIO", "Storage", "Relay", "Devices", "HTTPServer"],
            resources: [.copy("Resources/kiosk-screen")],
            swiftSettings: swiftSettings
        ),
        .executableTarget(name: "kioskd", dependencies: ["KioskService"], swiftSettings: swiftSettings),
        .target(name: "FuzzTargets", dependencies: ["StrictJSON", "Identity", "KioskService", "Devices", "Receipt", "HTTPServer", "TestSupport"], swiftSettings: swiftSettings),
        .executableTarget(
            name: "kioskd-bench",
            dependencies: [
                "StrictJSON", "Loyalty", "Identity", "Receipt", "Storage", "Relay", "Devices", "LinuxIO", "HTTPServer", "KioskService",
                "CSQLite", "TestSupport",
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(name: "kioskd-fuzz", dependencies: ["FuzzTargets"], swiftSettings: swiftSettings),
        .executableTarget(name: "kioskctl", dependencies: ["KioskService", "Identity", "StrictJSON", "Storage", "Devices", "LinuxIO"], swiftSettings: swiftSettings),
        .executableTarget(name: "storage-crash-probe", dependencies: ["Storage", "Relay"], path: "Tests/StorageCrashProbe", swiftSettings: swiftSettings),

        // MARK: tests (one folder per module; helpers shared by tests live in TestSupport)
        .target(name: "TestSupport", dependencies: ["LinuxIO", "CPCSCLite"], path: "Tests/TestSupport", resources: [.copy("Resources/loopback-backend.py")], swiftSettings: swiftSettings),
        .testTarget(name: "StrictJSONTests", dependencies: ["StrictJSON"], swiftSettings: swiftSettings),
        .testTarget(name: "LoyaltyTests", dependencies: ["Loyalty", "Identity", "StrictJSON"], swiftSettings: swiftSettings),
        .testTarget(name: "IdentityTests", dependencies: ["Identity"], swiftSettings: swiftSettings),
        .testTarget(name: "ReceiptTests", dependencies: ["Receipt", "Loyalty", "Identity", "StrictJSON", "TestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "LinuxIOTests", dependencies: ["LinuxIO", "TestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "StorageTests", dependencies: ["Storage", "TestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "RelayTests", dependencies: ["Relay", "Storage", "TestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "DevicesTests", dependencies: ["Devices", "Identity", "Receipt", "LinuxIO", "StrictJSON", "TestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "HTTPServerTests", dependencies: ["HTTPServer", "StrictJSON", "TestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "KioskServiceTests", dependencies: ["KioskService", "Devices", "Storage", "Receipt", "TestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "EndToEndTests", dependencies: ["Storage", "TestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "FuzzRegressionTests", dependencies: ["FuzzTargets", "TestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "DeploymentTests", dependencies: ["TestSupport"], swiftSettings: swiftSettings),
    ]
)
