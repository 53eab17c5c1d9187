import Foundation
import Testing

@testable import magedesk

/// What the package relies on: the installed layout's intents found by default, the shipped
/// settings template, `--version`, and `magedesk intents init|check` for merchants who edit wording.
@Suite struct PackagingTests {
    static let repository = FilterProcessTests.repository

    static func temporaryDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("magedesk-packaging-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    @Test func anInstalledBinaryFindsTheIntentsInShareBesideIt() throws {
        let prefix = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: prefix) }
        let intents = prefix.appendingPathComponent("usr/share/magedesk/intents/en")
        try FileManager.default.createDirectory(at: intents, withIntermediateDirectories: true)
        let found = IntentsLocator.bundled(executable: prefix.appendingPathComponent("usr/bin/magedesk"))
        #expect(found?.resolvingSymlinksInPath().path == intents.deletingLastPathComponent().resolvingSymlinksInPath().path)
    }

    @Test func aBuiltBinaryFindsTheCheckoutsIntents() throws {
        let found = IntentsLocator.bundled(executable: Self.repository.appendingPathComponent(".build/debug/magedesk"))
        #expect(found?.path == Self.repository.appendingPathComponent("intents").path)
    }

    @Test func theShippedSettingsTemplateSetsNothingAndNamesOnlyKnownSettings() throws {
        let template = Self.repository.appendingPathComponent("packaging/config.yaml")
        let settings = try Settings.load(configFile: template.path, environment: [:])
        #expect(settings.values.isEmpty)
        // Every commented-out setting would be accepted once uncommented.
        let text = try String(contentsOf: template, encoding: .utf8)
        let named = text.split(separator: "\n").compactMap { line -> String? in
            guard line.hasPrefix("# "), let colon = line.firstIndex(of: ":"), line[colon...].hasPrefix(": ") else { return nil }
            let name = line[line.index(line.startIndex, offsetBy: 2)..<colon]
            guard !name.isEmpty, name.allSatisfy({ $0.isLowercase || $0.isNumber || $0 == "_" }) else { return nil }
            return name.uppercased()
        }
        #expect(named.count >= 10)
        #expect(named.filter { !Settings.knownKeys.contains($0) } == [])
    }

    @Test func versionPrintsTheVersionFileAndTheCommit() throws {
        let expected = try String(contentsOf: Self.repository.appendingPathComponent("VERSION"), encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let (status, lines, _) = try FilterProcessTests.run(["--version"], stdin: Data())
        #expect(status == 0)
        #expect(lines.count == 1)
        let line = try #require(lines.first)
        #expect(line.hasPrefix("\(expected) (commit "))
        let commit = line.dropFirst("\(expected) (commit ".count).dropLast()
        #expect(line.hasSuffix(")") && (commit == "unknown" || commit.prefix(12).allSatisfy(\.isHexDigit)), "\(line)")
    }

    @Test func intentsInitCopiesTheBundledIntentsAndCheckAcceptsThem() throws {
        let scratch = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let copy = scratch.appendingPathComponent("mine")
        let (initStatus, initLines, initErrors) = try FilterProcessTests.run(["intents", "init", copy.path], stdin: Data())
        #expect(initStatus == 0, "\(initErrors)")
        #expect(initLines.first?.hasPrefix("copied ") == true)
        let original = try IntentsInitCommand.files(under: Self.repository.appendingPathComponent("intents"))
        #expect(try IntentsInitCommand.files(under: copy) == original)

        let labelled = Self.repository.appendingPathComponent("Tests/Fixtures/eval/intents-en.jsonl").path
        let (status, lines, errors) = try FilterProcessTests.run(["intents", "check", copy.path, "--labelled", labelled], stdin: Data())
        #expect(status == 0, "\(errors)")
        #expect(lines.first?.hasPrefix("OK \(copy.path): de ") == true)
        #expect(lines.contains { $0.hasPrefix("accuracy 0.9") })

        // A second init into the now non-empty directory overwrites nothing.
        let (again, _, againErrors) = try FilterProcessTests.run(["intents", "init", copy.path], stdin: Data())
        #expect(again != 0)
        #expect(againErrors.contains("already holds files"))
    }

    @Test func intentsCheckNamesTheFileAndLineOfAnErrorAndExitsOne() throws {
        let scratch = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let copy = scratch.appendingPathComponent("mine")
        #expect(try FilterProcessTests.run(["intents", "init", copy.path], stdin: Data()).0 == 0)
        let file = copy.appendingPathComponent("en/greeting.yaml")
        let text = try String(contentsOf: file, encoding: .utf8)
        try (text + "\nreplies: [unclosed\n").write(to: file, atomically: true, encoding: .utf8)
        let (status, _, errors) = try FilterProcessTests.run(["intents", "check", copy.path], stdin: Data())
        #expect(status == 1)
        #expect(errors.contains("/en/greeting.yaml:") && errors.split(separator: "greeting.yaml:").last?.first?.isNumber == true, "\(errors)")
    }

    @Test func intentsCheckFailsBelowTheRequiredAccuracy() throws {
        let labelled = Self.repository.appendingPathComponent("Tests/Fixtures/eval/intents-en.jsonl").path
        let (status, lines, errors) = try FilterProcessTests.run(
            ["intents", "check", "intents", "--labelled", labelled, "--min-accuracy", "0.999"], stdin: Data())
        #expect(status == 1)
        #expect(lines.contains { $0.hasPrefix("accuracy ") })
        #expect(errors.contains("below --min-accuracy 0.999"))
    }
}
