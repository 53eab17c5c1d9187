/// An open-addressing table from keys that are hashes already to small values: the lookups that
/// run for every word of every message (concept words, contractions), where a `Dictionary` would
/// hash the hash again, or hash a byte array with SipHash.
struct HashKeyTable: Sendable {
    /// Per slot, the key in the high 32 bits, bit 31 set if the slot is used, the value in bits 0–30.
    private var slots: [UInt64] = []
    private var count = 0
    private static let used: UInt64 = 1 << 31
    private static let valueBits: UInt64 = (1 << 31) - 1

    /// The value stored for `key`, or nil.
    func value(_ key: UInt32) -> UInt32? {
        slots.withUnsafeBufferPointer { slots in
            guard !slots.isEmpty else { return nil }
            let mask = slots.count - 1
            var slot = Int(key &* 0x9E37_79B1) & mask
            while true {
                let entry = slots[slot]
                guard entry & HashKeyTable.used != 0 else { return nil }
                if UInt32(truncatingIfNeeded: entry >> 32) == key { return UInt32(entry & HashKeyTable.valueBits) }
                slot = (slot + 1) & mask
            }
        }
    }

    /// Changes the value of `key` (0 for a key not stored yet); values must fit in 31 bits.
    mutating func update(_ key: UInt32, _ change: (inout UInt32) -> Void) {
        if (count + 1) * 2 > slots.count { grow() }
        let mask = slots.count - 1
        var slot = Int(key &* 0x9E37_79B1) & mask
        while slots[slot] & HashKeyTable.used != 0, UInt32(truncatingIfNeeded: slots[slot] >> 32) != key { slot = (slot + 1) & mask }
        if slots[slot] & HashKeyTable.used == 0 { count += 1 }
        var value = UInt32(slots[slot] & HashKeyTable.valueBits)
        change(&value)
        precondition(UInt64(value) <= HashKeyTable.valueBits, "HashKeyTable values have 31 bits")
        slots[slot] = UInt64(key) << 32 | HashKeyTable.used | UInt64(value)
    }

    private mutating func grow() {
        let old = slots.filter { $0 & HashKeyTable.used != 0 }
        slots = [UInt64](repeating: 0, count: max(16, slots.count * 2))
        count = 0
        for entry in old {
            let value = UInt32(entry & HashKeyTable.valueBits)
            update(UInt32(truncatingIfNeeded: entry >> 32)) { $0 = value }
        }
    }
}

/// Words (as bytes) with a value each, found by their FNV-1a hash in a `HashKeyTable` and confirmed
/// by their bytes: lookups that run on every word (contractions, function words), where a
/// `Dictionary` or `Set` keyed by byte arrays would hash each word with SipHash.
struct WordTable<Value: Sendable>: Sendable {
    /// Hash → index + 1 into `entries`.
    private var table = HashKeyTable()
    private var entries: [(word: [UInt8], value: Value)] = []

    init(_ pairs: some Sequence<([UInt8], Value)>) {
        for (word, value) in pairs {
            let index = UInt32(entries.count + 1)
            table.update(TextFeatures.fnv(word, seed: 0)) { stored in
                precondition(stored == 0, "two words share a hash; give WordTable probing by bytes")
                stored = index
            }
            entries.append((word, value))
        }
    }

    /// The value of `word`, whose FNV-1a hash (seed 0) is `hash` when the caller has it already.
    func value(_ word: [UInt8], hash: UInt32? = nil) -> Value? {
        guard let index = table.value(hash ?? TextFeatures.fnv(word, seed: 0)) else { return nil }
        let entry = entries[Int(index) - 1]
        return entry.word == word ? entry.value : nil
    }
}
