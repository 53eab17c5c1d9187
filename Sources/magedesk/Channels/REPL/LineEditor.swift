import Foundation

#if canImport(Glibc)
import Glibc
private func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int { Glibc.read(descriptor, buffer, count) }
#elseif canImport(Darwin)
import Darwin
private func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int { Darwin.read(descriptor, buffer, count) }
#endif

/// Reads a line at an interactive terminal with editing and history: ← → Home End, Backspace and
/// Delete, ↑ ↓ through earlier lines, Ctrl-A/E/U/K/W, Ctrl-C to drop the line and Ctrl-D to leave.
/// When stdin is not a terminal (piped input, scripts) it reads plain lines instead.
final class LineEditor {
    enum Input: Equatable {
        case line(String)
        /// Ctrl-C at the prompt: the line is dropped.
        case interrupted
        /// Ctrl-D on an empty line, or the end of piped input.
        case endOfInput
    }

    let isInteractive: Bool
    private var history: [String] = []
    private var pending: [UInt8] = []
    static let historyLimit = 500

    init(interactive: Bool = isatty(0) == 1 && isatty(1) == 1) {
        isInteractive = interactive
    }

    func read(prompt: String, promptWidth: Int) -> Input {
        guard isInteractive else {
            guard let line = readLine() else { return .endOfInput }
            return .line(line)
        }
        var original = termios()
        guard tcgetattr(0, &original) == 0 else {
            guard let line = readLine() else { return .endOfInput }
            return .line(line)
        }
        var raw = original
        raw.c_lflag &= ~tcflag_t(ECHO | ICANON | ISIG | IEXTEN)
        raw.c_iflag &= ~tcflag_t(IXON | ICRNL)
        tcsetattr(0, TCSAFLUSH, &raw)
        defer { tcsetattr(0, TCSAFLUSH, &original) }
        return edit(prompt: prompt, promptWidth: promptWidth)
    }

    private func edit(prompt: String, promptWidth: Int) -> Input {
        var line: [Character] = []
        var cursor = 0
        var historyIndex = history.count
        var draft: [Character] = []

        func redraw() {
            var text = "\r" + prompt + String(line) + "\u{1B}[K"
            let back = line.count - cursor
            if back > 0 { text += "\u{1B}[\(back)D" }
            emit(text)
        }
        emit(prompt)
        while let byte = nextByte() {
            switch byte {
            case 0x0D, 0x0A:
                emit("\r\n")
                let text = String(line)
                if !text.trimmingCharacters(in: .whitespaces).isEmpty, history.last != text {
                    history.append(text)
                    if history.count > Self.historyLimit { history.removeFirst() }
                }
                return .line(text)
            case 0x03:
                emit("^C\r\n")
                return .interrupted
            case 0x04:
                if line.isEmpty {
                    emit("\r\n")
                    return .endOfInput
                }
                if cursor < line.count { line.remove(at: cursor) }
            case 0x7F, 0x08:
                if cursor > 0 {
                    line.remove(at: cursor - 1)
                    cursor -= 1
                }
            case 0x01: cursor = 0
            case 0x05: cursor = line.count
            case 0x15:
                line.removeFirst(cursor)
                cursor = 0
            case 0x0B: line.removeLast(line.count - cursor)
            case 0x17:
                var start = cursor
                while start > 0, line[start - 1] == " " { start -= 1 }
                while start > 0, line[start - 1] != " " { start -= 1 }
                line.removeSubrange(start..<cursor)
                cursor = start
            case 0x1B:
                guard let kind = nextByte() else { continue }
                guard kind == UInt8(ascii: "[") || kind == UInt8(ascii: "O"), var code = nextByte() else { continue }
                var parameter: UInt8?
                if code >= UInt8(ascii: "0"), code <= UInt8(ascii: "9") {
                    parameter = code
                    while let next = nextByte() {
                        code = next
                        if next == UInt8(ascii: "~") || next >= 0x40 { break }
                    }
                }
                switch (code, parameter) {
                case (UInt8(ascii: "D"), _): cursor = max(0, cursor - 1)
                case (UInt8(ascii: "C"), _): cursor = min(line.count, cursor + 1)
                case (UInt8(ascii: "H"), _), (UInt8(ascii: "~"), UInt8(ascii: "1")), (UInt8(ascii: "~"), UInt8(ascii: "7")): cursor = 0
                case (UInt8(ascii: "F"), _), (UInt8(ascii: "~"), UInt8(ascii: "4")), (UInt8(ascii: "~"), UInt8(ascii: "8")): cursor = line.count
                case (UInt8(ascii: "~"), UInt8(ascii: "3")): if cursor < line.count { line.remove(at: cursor) }
                case (UInt8(ascii: "A"), _):
                    guard historyIndex > 0 else { continue }
                    if historyIndex == history.count { draft = line }
                    historyIndex -= 1
                    line = Array(history[historyIndex])
                    cursor = line.count
                case (UInt8(ascii: "B"), _):
                    guard historyIndex < history.count else { continue }
                    historyIndex += 1
                    line = historyIndex == history.count ? draft : Array(history[historyIndex])
                    cursor = line.count
                default: continue
                }
            default:
                guard byte >= 0x20 else { continue }
                guard let character = decodeCharacter(startingWith: byte) else { continue }
                line.insert(character, at: cursor)
                cursor += 1
            }
            redraw()
        }
        return .endOfInput
    }

    /// One UTF-8 character whose first byte is `first`.
    private func decodeCharacter(startingWith first: UInt8) -> Character? {
        var bytes = [first]
        let extra = first >= 0xF0 ? 3 : first >= 0xE0 ? 2 : first >= 0xC0 ? 1 : 0
        for _ in 0..<extra {
            guard let next = nextByte() else { break }
            bytes.append(next)
        }
        return String(validating: bytes, as: UTF8.self)?.first
    }

    private func nextByte() -> UInt8? {
        if !pending.isEmpty { return pending.removeFirst() }
        var buffer = [UInt8](repeating: 0, count: 64)
        while true {
            let count = buffer.withUnsafeMutableBytes { systemRead(0, $0.baseAddress, $0.count) }
            if count > 0 {
                pending = Array(buffer[1..<count])
                return buffer[0]
            }
            if count < 0, errno == EINTR { continue }
            return nil
        }
    }

    private func emit(_ text: String) {
        var copy = text
        copy.withUTF8 { bytes in _ = write(1, bytes.baseAddress, bytes.count) }
    }
}
