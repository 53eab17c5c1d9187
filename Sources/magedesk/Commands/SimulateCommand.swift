import ArgumentParser
import Foundation
import MagentoSimulator

/// `magedesk simulate`: a loopback Magento store (REST and XML-RPC on one port) from a fixture.
struct SimulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Serve a fixture as a Magento 2 (REST) and Magento 1 (XML-RPC) store on loopback.",
        discussion: "The first stdout line names the store root URL, e.g. `magedesk simulator listening on http://127.0.0.1:43117`.")

    @OptionGroup var options: GlobalOptions

    @Option(help: "A fixture JSON file (default: the bundled sample store).")
    var fixtures: String?

    @Option(help: "Port to listen on; 0 takes a free port.")
    var port: Int = 0

    @Option(help: "Milliseconds added to every answer (a slow store).")
    var latency: Int = 0

    @Option(help: "Which faces to serve: 1, 2 or both (both always answer on the one port).")
    var version: String = "both"

    func validate() throws {
        guard ["1", "2", "both"].contains(version) else { throw ValidationError("--version must be 1, 2 or both") }
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
    }

    func run() async throws {
        options.bootstrapLogging()
        let fixture: Fixture
        do {
            fixture = try fixtures.map { try Fixture(contentsOf: URL(fileURLWithPath: $0)) } ?? Fixture.sampleStore()
        } catch {
            throw StartupFailure(error)
        }
        // Listen for signals before announcing the URL: a caller may stop us as soon as it reads it.
        let termination = TerminationSignals()
        let simulator = MagentoSimulator(fixture: fixture, logger: LogSetup.logger("magedesk.simulator"))
        simulator.latency = .milliseconds(max(0, latency))
        let root = try await simulator.start(port: port)
        StandardOutput.writeLine("magedesk simulator listening on \(root.absoluteString)")
        StandardOutput.writeLine(
            "Magento 2: MAGENTO_BASE_URL=\(root.absoluteString) MAGENTO_ACCESS_TOKEN=\(fixture.integration.accessToken)")
        if let user = fixture.apiUsers.first {
            StandardOutput.writeLine("Magento 1: MAGENTO_BASE_URL=\(root.absoluteString) MAGENTO_API_USER=\(user.username) MAGENTO_API_KEY=\(user.apiKey)")
        }
        await termination.wait()
        await simulator.stop()
    }
}
