#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads lines from a file descriptor without ever losing one: a last line without a newline is
/// still a line, a line longer than `maximumBytes` is reported (and skipped to its end) instead of
/// buffered, and bytes are handed over raw so invalid UTF-8 can be answered, not crashed on.
struct LineReader {
    enum Line {
        case bytes([UInt8])
        case tooLong(byteCount: Int)
    }

    let descriptor: Int32
    let maximumBytes: Int
    private var buffer: [UInt8] = []
    private var start = 0
    private var finished = false
    private var discarding = 0

    init(descriptor: Int32 = 0, maximumBytes: Int) {
        self.descriptor = descriptor
        self.maximumBytes = maximumBytes
        buffer.reserveCapacity(1 << 16)
    }

    /// The next line without its `\n` (and `\r`), or nil at end of input.
    mutating func next() -> Line? {
        while true {
            if let newline = buffer[start...].firstIndex(of: UInt8(ascii: "\n")) {
                var end = newline
                let lineStart = start
                start = newline + 1
                if discarding > 0 {
                    let total = discarding + (newline - lineStart)
                    discarding = 0
                    return .tooLong(byteCount: total)
                }
                if end > lineStart, buffer[end - 1] == UInt8(ascii: "\r") { end -= 1 }
                if end - lineStart > maximumBytes { return .tooLong(byteCount: end - lineStart) }
                return .bytes(Array(buffer[lineStart..<end]))
            }
            if buffer.count - start > maximumBytes {
                // Too long already: drop what we have and remember how much.
                discarding += buffer.count - start
                buffer.removeAll(keepingCapacity: true)
                start = 0
            }
            if finished {
                guard start < buffer.count || discarding > 0 else { return nil }
                let rest = Array(buffer[start...])
                buffer.removeAll()
                start = 0
                if discarding > 0 {
                    let total = discarding + rest.count
                    discarding = 0
                    return .tooLong(byteCount: total)
                }
                return rest.count > maximumBytes ? .tooLong(byteCount: rest.count) : .bytes(rest)
            }
            if start > 0 {
                buffer.removeFirst(start)
                start = 0
            }
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                buffer.append(contentsOf: chunk[0..<count])
            } else if count == 0 || errno != EINTR {
                finished = true
            }
        }
    }
}
