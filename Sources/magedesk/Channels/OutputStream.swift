import Foundation

/// stdout written one whole line at a time and flushed, so a helpdesk reading the pipe sees each
/// answer as soon as it exists.
enum StandardOutput {
    static func writeLine(_ line: String) {
        var text = line
        text.append("\n")
        FileOutput.writeAll(text, to: 1)
    }
}

/// A log file several workers may append to at once (`--audit-log`, `--transcript-log`): opened
/// with O_APPEND, so each whole write lands after the others, and readable by its owner only.
final class FileOutput: Sendable {
    private let descriptor: Int32

    /// `name` says which log it is in the error ("audit log").
    init(path: String, name: String) throws {
        descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw FileOutputError(name: name, path: path, reason: String(cString: strerror(errno))) }
    }

    deinit { close(descriptor) }

    func append(_ text: String) {
        FileOutput.writeAll(text, to: descriptor)
    }

    /// Writes all of `text`, resuming after partial writes and interruptions.
    static func writeAll(_ text: String, to descriptor: Int32) {
        var text = text
        text.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if written <= 0 {
                    if errno == EINTR { continue }
                    return
                }
                offset += written
            }
        }
    }
}

struct FileOutputError: Error, CustomStringConvertible {
    var name: String
    var path: String
    var reason: String
    var description: String { "cannot open the \(name) \(path): \(reason)" }
}
