import ArgumentParser
import Foundation
import Logging
import MagentoWire

/// `--log-format`: human-readable lines or one JSON object per line, both on stderr.
enum LogFormat: String, ExpressibleByArgument, CaseIterable {
    case text
    case json
}

/// Points swift-log at stderr once per process, in the chosen format and level.
enum LogSetup {
    nonisolated(unsafe) private static var bootstrapped = false

    static func bootstrap(level: Logger.Level, format: LogFormat) {
        guard !bootstrapped else { return }
        bootstrapped = true
        LoggingSystem.bootstrap { label in
            var handler: any LogHandler
            switch format {
            case .text: handler = StreamLogHandler.standardError(label: label)
            case .json: handler = JSONLogHandler(label: label)
            }
            handler.logLevel = level
            return handler
        }
    }

    static func logger(_ label: String = "magedesk") -> Logger { Logger(label: label) }
}

/// One JSON object per log line on stderr: `{"time","level","label","message",…metadata}`.
struct JSONLogHandler: LogHandler {
    let label: String
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var object: [(String, String)] = [
            ("time", ISO8601DateFormatter().string(from: Date())), ("level", event.level.rawValue), ("label", label),
            ("message", event.message.description),
        ]
        for (key, value) in metadata.merging(event.metadata ?? [:], uniquingKeysWith: { $1 }).sorted(by: { $0.key < $1.key }) {
            object.append((key, value.description))
        }
        var line = "{"
        for (index, (key, value)) in object.enumerated() {
            if index > 0 { line += "," }
            line += JSONText.quote(key) + ":" + JSONText.quote(value)
        }
        line += "}\n"
        FileHandle.standardError.write(Data(line.utf8))
    }
}

enum JSONText {
    static func quote(_ text: String) -> String {
        var output = ""
        JSON.writeString(text, into: &output)
        return output
    }
}
