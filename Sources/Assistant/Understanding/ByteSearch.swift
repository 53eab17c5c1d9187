extension Array where Element == UInt8 {
    /// Whether `needle` occurs in these bytes. With `atWordStart` only where no letter precedes it
    /// ("here" in "Jane here", not in "where"); with `atWordEnd` only where no letter follows it.
    /// Bytes of multi-byte characters count as letters, so "ü" is never a word boundary.
    func containsSequence<Needle: Collection<UInt8>>(_ needle: Needle, atWordStart: Bool = false, atWordEnd: Bool = false) -> Bool {
        needle.isEmpty || rangeOfSequence(needle, atWordStart: atWordStart, atWordEnd: atWordEnd) != nil
    }

    /// Where `needle` first occurs, with the same word-edge rules as `containsSequence`.
    func rangeOfSequence<Needle: Collection<UInt8>>(_ needle: Needle, atWordStart: Bool = false, atWordEnd: Bool = false) -> Range<Int>? {
        guard let first = needle.first, needle.count <= count else { return nil }
        let length = needle.count
        var index = 0
        while index <= count - length {
            if self[index] == first, !atWordStart || index == 0 || !Self.isLetter(self[index - 1]),
                zip(self[index...], needle).allSatisfy({ $0 == $1 }),
                !atWordEnd || index + length == count || !Self.isLetter(self[index + length])
            {
                return index..<(index + length)
            }
            index += 1
        }
        return nil
    }

    /// Whether any of `needles` occurs (at a word start, with `atWordStart`): one pass over these
    /// bytes, trying only the needles whose first byte is the one at hand, instead of a pass per needle.
    func containsAny(_ needles: NeedleSet, atWordStart: Bool = false, atWordEnd: Bool = false) -> Bool {
        guard let shortest = needles.shortest, shortest <= count else { return false }
        for index in 0...(count - shortest) {
            let byte = self[index]
            guard needles.begins(byte), !atWordStart || index == 0 || !Self.isLetter(self[index - 1]) else { continue }
            for needle in needles.starting(with: byte) where index + needle.count <= count {
                let end = index + needle.count
                if self[index..<end].elementsEqual(needle), !atWordEnd || end == count || !Self.isLetter(self[end]) { return true }
            }
        }
        return false
    }

    static func isLetter(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || byte >= 0x80
    }
}

/// Byte strings searched for together (`containsAny`), with the set of their first bytes.
struct NeedleSet: Sendable {
    /// The needles in the order given (`EntityExtractor.corrected` tries them in that order).
    let needles: [[UInt8]]
    let shortest: Int?
    /// Which bytes begin a needle: 256 bits.
    private var starts: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
    /// The needles ordered by their first byte, and where each first byte's run begins in that order
    /// (257 offsets): a position tries only the needles that can match there, not every needle.
    private let byFirstByte: [[UInt8]]
    private let runStarts: [Int]

    init(_ strings: [String]) { self.init(bytes: strings.map { Array($0.utf8) }) }

    init(bytes: [[UInt8]]) {
        needles = bytes.filter { !$0.isEmpty }
        shortest = needles.map(\.count).min()
        byFirstByte = needles.enumerated().sorted { ($0.element[0], $0.offset) < ($1.element[0], $1.offset) }.map(\.element)
        var runStarts = Array(repeating: byFirstByte.count, count: 257)
        for (index, needle) in byFirstByte.enumerated().reversed() { runStarts[Int(needle[0])] = index }
        for byte in stride(from: 255, through: 0, by: -1) where runStarts[byte] > runStarts[byte + 1] { runStarts[byte] = runStarts[byte + 1] }
        self.runStarts = runStarts
        for needle in needles {
            let bit = UInt64(1) << UInt64(needle[0] & 63)
            switch needle[0] >> 6 {
            case 0: starts.0 |= bit
            case 1: starts.1 |= bit
            case 2: starts.2 |= bit
            default: starts.3 |= bit
            }
        }
    }

    /// The needles whose first byte is `byte`.
    @inline(__always)
    func starting(with byte: UInt8) -> ArraySlice<[UInt8]> { byFirstByte[runStarts[Int(byte)]..<runStarts[Int(byte) + 1]] }

    @inline(__always)
    func begins(_ byte: UInt8) -> Bool {
        let bit = UInt64(1) << UInt64(byte & 63)
        switch byte >> 6 {
        case 0: return starts.0 & bit != 0
        case 1: return starts.1 & bit != 0
        case 2: return starts.2 & bit != 0
        default: return starts.3 & bit != 0
        }
    }
}
