// swift-tools-version:6.1
import PackageDescription

let strictSwift6: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "magedesk",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "magedesk", targets: ["magedesk"]),
        .library(name: "MagentoModel", targets: ["MagentoModel"]),
        .library(name: "MagentoWire", targets: ["MagentoWire"]),
        .library(name: "MagentoClient", targets: ["MagentoClient"]),
        .library(name: "MagentoSimulator", targets: ["MagentoSimulator"]),
        .library(name: "Assistant", targets: ["Assistant"]),
        .library(name: "ConversationStores", targets: ["ConversationStores"]),
        .library(name: "MailChannel", targets: ["MailChannel"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
    ],
    targets: [
        .target(
            name: "MagentoModel",
            swiftSettings: strictSwift6
        ),
        .target(
            name: "MagentoWire",
            dependencies: [
                .product(name: "OrderedCollections", package: "swift-collections"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strictSwift6
        ),
        .target(
            name: "MagentoClient",
            dependencies: [
                "MagentoModel",
                "MagentoWire",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: strictSwift6
        ),
        .target(
            name: "MagentoSimulator",
            dependencies: [
                "MagentoModel",
                "MagentoWire",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            // The sample store and the WSDLs are compiled in (EmbedResources), so a copied binary has them.
            exclude: ["Resources"],
            swiftSettings: strictSwift6,
            plugins: ["EmbedResources"]
        ),
        .target(
            name: "Assistant",
            dependencies: [
                "MagentoModel",
                "MagentoWire",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            swiftSettings: strictSwift6
        ),
        .target(
            name: "ConversationStores",
            dependencies: [
                "Assistant",
                "MagentoModel",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSwift6
        ),
        .target(
            name: "MailChannel",
            dependencies: ["Assistant", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strictSwift6
        ),
        .executableTarget(
            name: "magedesk",
            dependencies: [
                "MailChannel",
                "MagentoModel",
                "MagentoClient",
                "MagentoSimulator",
                "MagentoWire",
                "Assistant",
                "ConversationStores",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "OrderedCollections", package: "swift-collections"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strictSwift6,
            plugins: ["BuildInfo"]
        ),
        .executableTarget(name: "ResourceEmbedder", path: "Tools/ResourceEmbedder"),
        .plugin(name: "EmbedResources", capability: .buildTool(), dependencies: ["ResourceEmbedder"]),
        .plugin(name: "BuildInfo", capability: .buildTool()),
        .executableTarget(
            name: "magedesk-bench",
            dependencies: ["Assistant", "MailChannel", "MagentoModel", "MagentoSimulator", .product(name: "Logging", package: "swift-log")],
            path: "Benchmarks/MagedeskBench",
            swiftSettings: strictSwift6
        ),
        .testTarget(name: "MagentoModelTests", dependencies: ["MagentoModel"], swiftSettings: strictSwift6),
        .testTarget(
            name: "MagentoWireTests", dependencies: ["MagentoWire", .product(name: "Crypto", package: "swift-crypto")], resources: [.copy("Fixtures")],
            swiftSettings: strictSwift6),
        .testTarget(
            name: "MagentoClientTests",
            dependencies: ["MagentoClient", "MagentoSimulator", "MagentoModel", "MagentoWire"],
            resources: [.copy("Fixtures")],
            swiftSettings: strictSwift6
        ),
        .testTarget(
            name: "MagentoSimulatorTests",
            dependencies: ["MagentoSimulator", "MagentoModel", "MagentoWire"],
            resources: [.copy("Fixtures")],
            swiftSettings: strictSwift6
        ),
        .testTarget(name: "MailChannelTests", dependencies: ["MailChannel", "Assistant", "MagentoWire"], swiftSettings: strictSwift6),
        .testTarget(name: "AssistantTests", dependencies: ["Assistant", "MagentoModel"], swiftSettings: strictSwift6),
        .testTarget(
            name: "ConversationStoresTests",
            dependencies: ["ConversationStores", "Assistant", "MagentoModel", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strictSwift6
        ),
        .testTarget(
            name: "magedeskTests",
            dependencies: [
                "magedesk", "Assistant", "MailChannel", "MagentoSimulator", "MagentoClient", "MagentoModel", "MagentoWire",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strictSwift6
        ),
    ]
)
