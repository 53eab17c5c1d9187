import ArgumentParser
import Assistant
import Foundation

/// `magedesk replay PATH…`: runs transcripts as tests against the simulator, on both Magento versions.
struct ReplayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Replay transcripts (.txt files or directories of them) against the simulator; exit 1 on any failure.")

    @OptionGroup var options: GlobalOptions

    @Argument(help: "Transcript files or directories (every .txt under them, sorted).")
    var paths: [String] = ["transcripts"]

    func run() async throws {
        options.bootstrapLogging()
        let catalog: IntentCatalog
        let files: [String]
        do {
            let settings = try options.settings()
            catalog = try IntentsLocator.loadCatalog(explicit: options.intents, settings: settings)
            files = try TranscriptRunner.transcriptFiles(paths)
        } catch {
            throw StartupFailure(error)
        }
        let runner = TranscriptRunner(catalog: catalog, logger: LogSetup.logger("magedesk.replay"))
        let summary = await runner.run(files: files)
        await runner.shutdown()
        for failure in summary.failures { print(failure.description) }
        print("\(summary.passed) passed, \(summary.failed) failed")
        if summary.failed > 0 { throw ExitCode(1) }
    }
}
