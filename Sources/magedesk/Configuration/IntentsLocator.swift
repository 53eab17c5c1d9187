import Assistant
import Foundation

/// Finds `intents/`: the flag or MAGEDESK_INTENTS if given, else `./intents`, else the nearest
/// `intents/` above the executable (so `.build/debug/magedesk` works from anywhere in a checkout).
enum IntentsLocator {
    static func locate(explicit: String?) -> URL {
        if let explicit { return URL(fileURLWithPath: explicit) }
        let fileManager = FileManager.default
        let local = URL(fileURLWithPath: fileManager.currentDirectoryPath).appendingPathComponent("intents")
        if fileManager.fileExists(atPath: local.appendingPathComponent("en").path) { return local }
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<6 {
            let candidate = directory.appendingPathComponent("intents")
            if fileManager.fileExists(atPath: candidate.appendingPathComponent("en").path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return local
    }

    /// The catalog a command uses: `--intents` (else MAGEDESK_INTENTS, else found as above), its
    /// trained classifiers kept in the cache directory (MAGEDESK_CACHE_DIR; `off` trains every time).
    static func loadCatalog(explicit: String?, settings: Settings) throws -> IntentCatalog {
        var environment = ProcessInfo.processInfo.environment
        if let directory = settings["MAGEDESK_CACHE_DIR"] { environment["MAGEDESK_CACHE_DIR"] = directory }
        return try IntentCatalog.load(
            from: locate(explicit: explicit ?? settings["MAGEDESK_INTENTS"]), cache: ClassifierCache.standard(environment: environment))
    }
}
