import ArgumentParser
import Assistant
import Foundation

/// `magedesk intents init|check`: for merchants who edit the wording, so a changed example or
/// reply is checked before the service is restarted with it.
struct IntentsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "intents",
        abstract: "Copy the bundled intents for editing, and check edited ones before using them.",
        discussion: """
            magedesk intents init DIR    copies the bundled intents (examples, replies, status wording) into DIR
            magedesk intents check DIR   validates DIR as magedesk will load it; --labelled FILE also prints the eval figures
            Then point MAGEDESK_INTENTS (magedesk_intents: in the config file) at DIR and restart magedesk.
            """,
        subcommands: [IntentsInitCommand.self, IntentsCheckCommand.self])
}

/// `magedesk intents init DIR`.
struct IntentsInitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Copy the bundled intents into DIR (new or empty) for editing.")

    @Argument(help: "The directory to create; it must not exist yet or be empty.")
    var directory: String

    func run() throws {
        guard let source = IntentsLocator.bundled() else {
            throw ValidationError("no bundled intents found (looked beside the executable and in \(IntentsLocator.installedDirectory))")
        }
        let fileManager = FileManager.default
        let target = URL(fileURLWithPath: directory)
        if let existing = try? fileManager.contentsOfDirectory(atPath: target.path), !existing.isEmpty {
            throw ValidationError("\(directory) already holds files; give a new or empty directory so nothing is overwritten")
        }
        var isDirectory: ObjCBool = false
        if fileManager.fileExists(atPath: target.path, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw ValidationError("\(directory) is a file, not a directory")
        }
        var copied = 0
        do {
            try fileManager.createDirectory(at: target, withIntermediateDirectories: true)
            for relative in try Self.files(under: source) {
                let destination = target.appendingPathComponent(relative)
                try fileManager.createDirectory(at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
                // Written afresh rather than copied, so the copy is the editor's (0644 under the umask), not read-only.
                try Data(contentsOf: source.appendingPathComponent(relative)).write(to: destination)
                copied += 1
            }
        } catch {
            throw ValidationError("cannot copy the intents into \(directory): \(error.localizedDescription)")
        }
        print("copied \(copied) files from \(source.path) to \(directory)")
        print("edit them, check with `magedesk intents check \(directory)`, then set MAGEDESK_INTENTS=\(target.path) and restart magedesk")
    }

    /// Every YAML file below `root`, as paths relative to it, sorted.
    static func files(under root: URL) throws -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: root.path) else { return [] }
        var files: [String] = []
        while let relative = enumerator.nextObject() as? String {
            if relative.hasSuffix(".yaml") || relative.hasSuffix(".yml") { files.append(relative) }
        }
        return files.sorted()
    }
}

/// `magedesk intents check DIR [--labelled FILE]`.
struct IntentsCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate an intents directory as magedesk loads it (exit 1 with file:line on an error).",
        discussion: """
            Loads DIR exactly as chat, filter and serve would: every YAML file parsed and validated, every reply \
            template compiled, one classifier trained per locale. With --labelled FILE (lines {"text", "intent"} as \
            for `magedesk eval`) it then prints the eval figures, and --min-accuracy makes a drop below a figure fail.
            """)

    @Argument(help: "The intents directory to check.")
    var directory: String

    @Option(help: "A JSON-lines file of labelled messages to evaluate the checked intents on.")
    var labelled: String?

    @Option(help: "With --labelled: exit 1 when the accuracy is below this (0 to 1).")
    var minAccuracy: Double?

    @Flag(help: "With --labelled: also list every message classified wrongly.")
    var errors = false

    func validate() throws {
        if let minAccuracy, !(0...1).contains(minAccuracy) { throw ValidationError("--min-accuracy must be from 0 to 1") }
        if minAccuracy != nil, labelled == nil { throw ValidationError("--min-accuracy needs --labelled FILE") }
    }

    func run() throws {
        let catalog: IntentCatalog
        do {
            // No classifier cache: the check trains what it reads, and writes nothing.
            catalog = try IntentCatalog.load(from: URL(fileURLWithPath: directory), cache: nil)
        } catch {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            throw ExitCode(1)
        }
        let locales = catalog.locales.keys.sorted()
        let summary = locales.map { code in
            let locale = catalog.locales[code]!
            return "\(code) \(locale.intents.count) intents, \(locale.intents.values.reduce(0) { $0 + $1.examples.count }) examples"
        }
        print("OK \(directory): \(summary.joined(separator: "; "))")
        guard let labelled else { return }
        let lines = try EvalCommand.readLines(labelled)
        let engine: EngineSettings
        do {
            engine = try Settings.load(configFile: nil, environment: ProcessInfo.processInfo.environment).engineSettings()
        } catch {
            throw StartupFailure(error)
        }
        let (evaluation, _, wrong) = try EvalCommand.evaluateIntents(lines, file: labelled, catalog: catalog, engine: engine, listingErrors: errors)
        print(EvalCommand.report(evaluation, file: labelled))
        if errors, !wrong.isEmpty { print((["", "classified wrongly (expected → predicted  [classifier's top three]):"] + wrong).joined(separator: "\n")) }
        if let minAccuracy, evaluation.accuracy < minAccuracy {
            FileHandle.standardError.write(Data("accuracy \(EvalCommand.figure(evaluation.accuracy)) is below --min-accuracy \(minAccuracy)\n".utf8))
            throw ExitCode(1)
        }
    }
}
