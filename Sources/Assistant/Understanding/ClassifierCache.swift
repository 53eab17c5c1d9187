public import Foundation

/// Trained classifiers kept on disk, so a helpdesk that starts a process per ticket trains once per
/// change of `intents/`, not once per ticket.
///
/// A file is named by a hash of everything training reads (the examples in order, their labels and
/// the options), so an edited example simply misses the cache and trains afresh; training is
/// deterministic, so a cached model is the model training would give. A file that cannot be read,
/// is cut short or does not match is ignored, and a directory that cannot be written only costs the
/// time to train.
public struct ClassifierCache: Sendable {
    public let directory: URL

    public init(directory: URL) {
        self.directory = directory
    }

    /// `MAGEDESK_CACHE_DIR`, else `$XDG_CACHE_HOME/magedesk`, else `~/.cache/magedesk`.
    public static func standard(environment: [String: String]) -> ClassifierCache? {
        if let explicit = environment["MAGEDESK_CACHE_DIR"] {
            return explicit.isEmpty || explicit == "off" ? nil : ClassifierCache(directory: URL(fileURLWithPath: explicit))
        }
        if let xdg = environment["XDG_CACHE_HOME"], !xdg.isEmpty {
            return ClassifierCache(directory: URL(fileURLWithPath: xdg).appendingPathComponent("magedesk"))
        }
        guard let home = environment["HOME"], !home.isEmpty else { return nil }
        return ClassifierCache(directory: URL(fileURLWithPath: home).appendingPathComponent(".cache/magedesk"))
    }

    /// The cached classifier for these examples, or a newly trained one (then cached). `preparing`
    /// turns each example into what training reads; the cache is keyed by the examples as given, so a
    /// hit skips preparing them (a change to what `preparing` does must bump `Classifier.cacheFormat`).
    public func classifier(
        examples: [Classifier.Example], concepts: Concepts = .none, options: Classifier.Options = Classifier.Options(),
        preparing: (Classifier.Example) -> Classifier.Example = { $0 }
    ) -> Classifier {
        let key = ClassifierCache.key(examples: examples, concepts: concepts, options: options)
        let file = directory.appendingPathComponent("classifier-\(String(key, radix: 16)).bin")
        // Mapped, not read: the weights are copied once, from the page cache into the classifier.
        if let data = try? Data(contentsOf: file, options: .alwaysMapped), let cached = Classifier(cacheData: data, key: key, concepts: concepts) {
            return cached
        }
        let trained = Classifier(examples: examples.map(preparing), concepts: concepts, options: options)
        store(trained.cacheData(key: key), at: file)
        return trained
    }

    /// Written beside its final name and renamed into place, so a worker never reads half a file.
    private func store(_ data: Data, at file: URL) {
        let temporary = directory.appendingPathComponent(".\(file.lastPathComponent).\(getpid()).\(UInt32.random(in: 0...UInt32.max))")
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            try data.write(to: temporary)
            if rename(temporary.path, file.path) != 0 { try? FileManager.default.removeItem(at: temporary) }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
        }
    }

    /// FNV-1a over the format version, the options, every example with its label and every concept.
    static func key(examples: [Classifier.Example], concepts: Concepts = .none, options: Classifier.Options) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ bytes: UnsafeBufferPointer<UInt8>) {
            for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
            hash = (hash ^ 0xFF) &* 0x0000_0100_0000_01B3  // a separator no UTF-8 text contains
        }
        // Each text's bytes in place (a copy only for a string not stored as UTF-8): read through
        // the UTF-8 view, hashing ~6,000 examples was most of a cache hit's own time.
        func mix(_ text: String) {
            if text.utf8.withContiguousStorageIfAvailable(mix) == nil { Array(text.utf8).withUnsafeBufferPointer(mix) }
        }
        mix("format \(Classifier.cacheFormat) \(options.dimension) \(options.epochs) \(options.learningRate) \(options.l2)")
        for example in examples {
            mix(example.label)
            mix(example.text)
        }
        for group in concepts.groups {
            mix("concept \(group.name)")
            for entry in group.entries { mix(entry) }
        }
        return hash
    }
}

extension Classifier {
    /// Bumped whenever training, features or the reading of examples (`MessageCleaning`) change in a
    /// way the options do not show.
    static let cacheFormat = 7
    private static let magic: UInt32 = 0x4D44_434C  // "MDCL"

    /// magic, format, key, dimension, stride, label count, each label (length + UTF-8), the biases,
    /// then the weights, all little-endian.
    func cacheData(key: UInt64) -> Data {
        var data = Data()
        func append<T: FixedWidthInteger>(_ value: T) { withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) } }
        append(Classifier.magic)
        append(UInt32(Classifier.cacheFormat))
        append(key)
        append(UInt32(dimension))
        append(UInt32(stride))
        append(UInt32(labels.count))
        for label in labels {
            append(UInt32(label.utf8.count))
            data.append(contentsOf: label.utf8)
        }
        for value in bias { append(value.bitPattern) }
        weights.withUnsafeBufferPointer { data.append(UnsafeBufferPointer(start: UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: UInt8.self), count: $0.count * 4)) }
        return data
    }

    /// A classifier read back from `cacheData`, or nil if the data is not one for `key`.
    init?(cacheData data: Data, key: UInt64, concepts: Concepts = .none) {
        var offset = 0
        func read<T: FixedWidthInteger>(_: T.Type) -> T? {
            guard offset + MemoryLayout<T>.size <= data.count else { return nil }
            var value = T.zero
            _ = withUnsafeMutableBytes(of: &value) { data.copyBytes(to: $0, from: (data.startIndex + offset)..<(data.startIndex + offset + MemoryLayout<T>.size)) }
            offset += MemoryLayout<T>.size
            return T(littleEndian: value)
        }
        guard read(UInt32.self) == Classifier.magic, read(UInt32.self) == UInt32(Classifier.cacheFormat), read(UInt64.self) == key,
            let dimension = read(UInt32.self).map(Int.init), let stride = read(UInt32.self).map(Int.init),
            let count = read(UInt32.self).map(Int.init), count <= 1024, dimension > 0, dimension.nonzeroBitCount == 1,
            stride == Classifier.stride(count)
        else { return nil }
        var labels: [String] = []
        for _ in 0..<count {
            guard let length = read(UInt32.self).map(Int.init), offset + length <= data.count else { return nil }
            labels.append(String(decoding: data[(data.startIndex + offset)..<(data.startIndex + offset + length)], as: UTF8.self))
            offset += length
        }
        var bias: [Float] = []
        for _ in 0..<count {
            guard let bits = read(UInt32.self) else { return nil }
            bias.append(Float(bitPattern: bits))
        }
        let weightCount = dimension * stride
        guard data.count - offset == weightCount * 4 else { return nil }
        // Filled from the data without zeroing 2 MB first.
        let weights = [Float](unsafeUninitializedCapacity: weightCount) { buffer, initialized in
            initialized = data.copyBytes(to: UnsafeMutableRawBufferPointer(buffer), from: (data.startIndex + offset)..<data.endIndex) / 4
            #if _endian(big)
            for index in 0..<initialized { buffer[index] = Float(bitPattern: UInt32(littleEndian: buffer[index].bitPattern)) }
            #endif
        }
        self.init(labels: labels, weights: weights, stride: stride, bias: bias, dimension: dimension, concepts: concepts)
    }
}
