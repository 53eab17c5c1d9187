import ArgumentParser

/// Options of the commands that hold conversations: chat, filter, serve and mail.
struct ChannelOptions: ParsableArguments {
    @Option(help: StateOption.help)
    var state: StateOption = .memory

    @Option(help: "Append one JSON line per disclosure of order or account data to this file (emails masked).")
    var auditLog: String?

    @Option(help: "Append every conversation, masked, in transcript format to this file.")
    var transcriptLog: String?

    /// Opens the logs first (a bad path fails before anything starts), then the store and the
    /// engine; any failure reads as a StartupFailure.
    func start(_ options: GlobalOptions, metrics: TurnMetrics? = nil, settings: Settings? = nil) async throws -> (AssistantRuntime, TurnReporting) {
        do {
            let reporting = try reporting(metrics: metrics)
            return (try await AssistantRuntime.start(options: options, state: state, settings: settings), reporting)
        } catch {
            throw StartupFailure(error)
        }
    }

    func reporting(metrics: TurnMetrics? = nil) throws -> TurnReporting {
        TurnReporting(
            metrics: metrics, audit: try auditLog.map { try AuditLog(path: $0) }, transcript: try transcriptLog.map { try TranscriptLog(path: $0) })
    }
}
