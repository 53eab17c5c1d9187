import Assistant
import Foundation

/// Finds `intents/`: the flag or MAGEDESK_INTENTS if given, else `./intents`, else the bundled
/// intents (see `bundled()`), so an installed magedesk works from any directory.
enum IntentsLocator {
    /// Where the package installs the intents (`/usr/bin/magedesk` → `/usr/share/magedesk/intents`).
    static let installedDirectory = "/usr/share/magedesk/intents"

    static func locate(explicit: String?) -> URL {
        if let explicit { return URL(fileURLWithPath: explicit) }
        let local = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("intents")
        if hasIntents(local) { return local }
        return bundled() ?? local
    }

    /// The intents that came with this binary: `../share/magedesk/intents` beside the executable
    /// (the package's and the tarball's layout, wherever it is unpacked), else the nearest
    /// `intents/` above the executable (so `.build/debug/magedesk` works from anywhere in a
    /// checkout), else `/usr/share/magedesk/intents`.
    static func bundled(executable: URL = URL(fileURLWithPath: CommandLine.arguments[0])) -> URL? {
        var directory = executable.resolvingSymlinksInPath().deletingLastPathComponent()
        let shared = directory.deletingLastPathComponent().appendingPathComponent("share/magedesk/intents")
        if hasIntents(shared) { return shared }
        for _ in 0..<6 {
            let candidate = directory.appendingPathComponent("intents")
            if hasIntents(candidate) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        let installed = URL(fileURLWithPath: installedDirectory)
        return hasIntents(installed) ? installed : nil
    }

    private static func hasIntents(_ directory: URL) -> Bool {
        FileManager.default.fileExists(atPath: directory.appendingPathComponent("en").path)
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
