import Assistant
import ConversationStores
import Foundation
import Logging
import MagentoClient
import MagentoModel
import MagentoSimulator

/// The engine and what it runs on, assembled from configuration; the demo store included.
///
/// With no configuration it starts the bundled sample store on a free loopback port and talks to
/// it through the real Magento 2 client, so the demo exercises the same code a real store does.
final class AssistantRuntime: Sendable {
    let engine: ConversationEngine
    let backend: any StoreBackend
    let simulator: MagentoSimulator?
    let isDemo: Bool

    private init(engine: ConversationEngine, backend: any StoreBackend, simulator: MagentoSimulator?) {
        self.engine = engine
        self.backend = backend
        self.simulator = simulator
        self.isDemo = simulator != nil
    }

    /// Opens the conversation store `state` names, purging conversations past retention first.
    /// `settings`: what the command already read (with its flags applied); else read here.
    static func start(options: GlobalOptions, state: StateOption, settings: Settings? = nil) async throws -> AssistantRuntime {
        let settings = try settings ?? options.settings()
        let logger = LogSetup.logger()
        let store = try await state.makeStore(logger: LogSetup.logger("magedesk.state"))
        if state.isPersistent {
            let retention = try settings.retention()
            let purged = try await store.purge(inactiveBefore: Date().addingTimeInterval(-retention))
            if purged > 0 { logger.info("purged conversations past retention", metadata: ["count": "\(purged)"]) }
        }
        return try await start(options: options, settings: settings, store: store)
    }

    private static func start(options: GlobalOptions, settings: Settings, store: any ConversationStore) async throws -> AssistantRuntime {
        let logger = LogSetup.logger()
        let catalog = try IntentsLocator.loadCatalog(explicit: options.intents, settings: settings)
        let engineSettings = try settings.engineSettings()
        let extractor = try EntityExtractor(orderNumberPattern: settings.orderNumberPattern, storeAddresses: engineSettings.storeEmails)
        let backend: any StoreBackend
        var simulator: MagentoSimulator?
        switch try settings.connection() {
        case .demo:
            let fixture = try Fixture.sampleStore()
            let demo = MagentoSimulator(fixture: fixture, logger: LogSetup.logger("magedesk.simulator"))
            let root = try await demo.start()
            simulator = demo
            backend = try Magento2Client(
                configuration: Magento2Configuration(
                    storeURL: try StoreURL(root.absoluteString), credentials: .bearer(token: fixture.integration.accessToken)),
                logger: logger)
        case .magento2(let configuration):
            backend = try Magento2Client(configuration: configuration, logger: logger, cache: credentialCache(store))
        case .magento1(let configuration):
            backend = Magento1Client(configuration: configuration, logger: logger, cache: credentialCache(store))
        }
        logger.debug("backend ready", metadata: ["backend": "\(backend.summary)"])
        let engine = ConversationEngine(
            catalog: catalog, extractor: extractor, backend: backend, store: store, settings: engineSettings, logger: logger)
        return AssistantRuntime(engine: engine, backend: backend, simulator: simulator)
    }

    /// Workers sharing a conversation store share the admin token or API session too.
    static func credentialCache(_ store: any ConversationStore) -> any CredentialCache {
        (store as? any CredentialCache) ?? InMemoryCredentialCache()
    }

    func shutdown() async {
        await backend.close()
        await simulator?.stop()
        (engine.store as? PostgresConversationStore)?.close()
    }

    static let demoBanner =
        "magedesk demo: this is DEMO DATA from a built-in sample store, not a real shop. "
        + "To connect your store, set MAGENTO_BASE_URL and MAGENTO_ACCESS_TOKEN (see README.md)."
}
