public import ArgumentParser
import Foundation
public import Logging

/// Options every subcommand takes.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "Log level on stderr: trace, debug, info, notice, warning, error, critical.")
    var logLevel: Logger.Level = .warning

    @Option(name: .long, help: "Log format on stderr: text or json.")
    var logFormat: LogFormat = .text

    @Option(name: .long, help: "A YAML file with settings (the environment variable names in lower case).")
    var config: String?

    @Option(name: .long, help: "The intents directory (default: MAGEDESK_INTENTS, else ./intents, else the installed /usr/share/magedesk/intents).")
    var intents: String?

    func bootstrapLogging() {
        LogSetup.bootstrap(level: logLevel, format: logFormat)
    }

    func settings() throws(ConfigurationError) -> Settings {
        try Settings.load(configFile: config, environment: ProcessInfo.processInfo.environment)
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
