import Foundation
import Testing

@testable import Assistant

/// Trained classifiers kept between processes: the same model training gives, and never a wrong one.
@Suite struct ClassifierCacheTests {
    static let examples = [
        Classifier.Example(text: "where is my order", label: "order_status"), Classifier.Example(text: "track my parcel", label: "order_status"),
        Classifier.Example(text: "hello there", label: "greeting"), Classifier.Example(text: "good morning", label: "greeting"),
        Classifier.Example(text: "thanks a lot", label: "thanks"),
    ]
    static let probes = ["where is my parcel", "hi", "thank you", "something else entirely"]

    static func temporaryCache() -> ClassifierCache {
        ClassifierCache(directory: FileManager.default.temporaryDirectory.appendingPathComponent("magedesk-cache-\(UUID().uuidString)"))
    }

    static func cachedFiles(_ cache: ClassifierCache) -> [URL] {
        ((try? FileManager.default.contentsOfDirectory(at: cache.directory, includingPropertiesForKeys: nil)) ?? [])
            .filter { $0.lastPathComponent.hasPrefix("classifier-") }
    }

    @Test func aCachedClassifierIsTheTrainedOne() throws {
        let cache = Self.temporaryCache()
        let trained = Classifier(examples: Self.examples)
        let first = cache.classifier(examples: Self.examples)
        #expect(Self.cachedFiles(cache).count == 1)
        let second = cache.classifier(examples: Self.examples)
        for probe in Self.probes {
            #expect(first.probabilities(probe) == trained.probabilities(probe))
            #expect(second.probabilities(probe) == trained.probabilities(probe))
        }
        #expect(second.labels == trained.labels)
    }

    @Test func theFileIsReadNotRetrained() throws {
        let cache = Self.temporaryCache()
        _ = cache.classifier(examples: Self.examples)
        let file = try #require(Self.cachedFiles(cache).first)
        // Change one bias in the file: a model read from it must show the change.
        var data = try Data(contentsOf: file)
        let key = ClassifierCache.key(examples: Self.examples, options: Classifier.Options())
        let original = try #require(Classifier(cacheData: data, key: key))
        let biasOffset = 4 + 4 + 8 + 4 + 4 + 4 + original.labels.reduce(0) { $0 + 4 + $1.utf8.count }
        data.replaceSubrange(biasOffset..<(biasOffset + 4), with: withUnsafeBytes(of: Float(9).bitPattern.littleEndian) { Data($0) })
        try data.write(to: file)
        let read = cache.classifier(examples: Self.examples)
        #expect(read.bias[0] == 9)
    }

    @Test func aDamagedOrForeignFileIsIgnoredAndReplaced() throws {
        let cache = Self.temporaryCache()
        let trained = cache.classifier(examples: Self.examples)
        let file = try #require(Self.cachedFiles(cache).first)
        let whole = try Data(contentsOf: file)
        let key = ClassifierCache.key(examples: Self.examples, options: Classifier.Options())
        #expect(Classifier(cacheData: whole.prefix(whole.count - 1), key: key) == nil, "cut short")
        #expect(Classifier(cacheData: whole, key: key &+ 1) == nil, "another model's key")
        #expect(Classifier(cacheData: Data("not a model".utf8), key: key) == nil)
        try whole.prefix(100).write(to: file)
        let retrained = cache.classifier(examples: Self.examples)
        #expect(retrained.probabilities("hi") == trained.probabilities("hi"))
        #expect(try Data(contentsOf: file) == whole, "the damaged file was written anew")
    }

    @Test func anEditedExampleIsAnotherModel() {
        var edited = Self.examples
        edited[0].text = "where's my order"
        #expect(ClassifierCache.key(examples: edited, options: Classifier.Options()) != ClassifierCache.key(examples: Self.examples, options: Classifier.Options()))
        var relabelled = Self.examples
        relabelled[4].label = "greeting"
        #expect(ClassifierCache.key(examples: relabelled, options: Classifier.Options()) != ClassifierCache.key(examples: Self.examples, options: Classifier.Options()))
    }

    @Test func anUnwritableDirectoryOnlyCostsTraining() {
        let cache = ClassifierCache(directory: URL(fileURLWithPath: "/proc/magedesk-cannot-write-here"))
        let classifier = cache.classifier(examples: Self.examples)
        #expect(classifier.classify("hello there").name == "greeting")
    }

    @Test func theCacheDirectoryFollowsTheEnvironment() {
        #expect(ClassifierCache.standard(environment: ["MAGEDESK_CACHE_DIR": "/var/cache/md"])?.directory.path == "/var/cache/md")
        #expect(ClassifierCache.standard(environment: ["MAGEDESK_CACHE_DIR": "off", "HOME": "/home/a"]) == nil)
        #expect(ClassifierCache.standard(environment: ["XDG_CACHE_HOME": "/x", "HOME": "/home/a"])?.directory.path == "/x/magedesk")
        #expect(ClassifierCache.standard(environment: ["HOME": "/home/a"])?.directory.path == "/home/a/.cache/magedesk")
        #expect(ClassifierCache.standard(environment: [:]) == nil)
    }
}
