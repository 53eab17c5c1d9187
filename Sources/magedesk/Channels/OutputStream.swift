import Foundation

/// stdout written one whole line at a time and flushed, so a helpdesk reading the pipe sees each
/// answer as soon as it exists.
enum StandardOutput {
    static func writeLine(_ line: String) {
        var text = line
        text.append("\n")
        text.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = write(1, bytes.baseAddress! + offset, bytes.count - offset)
                if written <= 0 {
                    if errno == EINTR { continue }
                    return
                }
                offset += written
            }
        }
    }
}
