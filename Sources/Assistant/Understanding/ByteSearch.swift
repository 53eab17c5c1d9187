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

    static func isLetter(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || byte >= 0x80
    }
}
