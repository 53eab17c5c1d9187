import ArgumentParser
import Foundation
import MagentoClient

/// `magedesk doctor`: checks the store connection a merchant configured, one line per check.
struct DoctorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check the configured Magento connection: reachable, credentials accepted, every lookup allowed.",
        discussion: """
            Prints one line per check, `OK|WARN|FAIL <check>: <what to change>`. Exits 0 exactly when every lookup \
            the assistant needs works in the configured mode (a WARN does not fail).
            """)

    @OptionGroup var options: GlobalOptions

    func run() async throws {
        options.bootstrapLogging()
        let checks: [DoctorCheck]
        switch try options.settings().connection() {
        case .demo:
            checks = [
                DoctorCheck(
                    .warn, "configuration",
                    "nothing is configured, so magedesk uses its built-in demo store; set MAGENTO_BASE_URL and credentials (see README.md)")
            ]
        case .magento2(let configuration):
            checks = await Magento2Doctor(configuration: configuration, logger: LogSetup.logger("magedesk.doctor")).run()
        case .magento1(let configuration):
            checks = await Magento1Doctor(configuration: configuration, logger: LogSetup.logger("magedesk.doctor")).run()
        }
        for check in checks { StandardOutput.writeLine(check.description) }
        if checks.contains(where: { $0.status == .fail }) { throw ExitCode(1) }
    }
}
