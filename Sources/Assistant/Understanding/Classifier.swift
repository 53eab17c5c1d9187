/// A linear intent classifier over hashed word and character n-grams, trained at start-up.
///
/// The class of model the usual Python baseline uses (TF-IDF n-grams + logistic regression), built
/// for this job: features are hashed straight from the text's bytes into a fixed-size vector (no
/// vocabulary, no allocation per feature), training is a few epochs of softmax regression over the
/// examples in `intents/` (milliseconds), and classifying is one sparse dot product per intent.
/// Identifiers are masked first (`TextFeatures`), so an order number never sways the intent.
public struct Classifier: Sendable {
    public let labels: [String]
    /// Weights laid out feature-major (`weights[feature * stride + label]`) so that scoring one
    /// feature touches one cache line; rows are padded to 16 labels for one SIMD add per feature.
    let weights: [Float]
    let stride: Int
    let bias: [Float]
    let dimension: Int
    /// Synonyms read as one more feature each (`intents/<locale>/concepts.yaml`).
    public let concepts: Concepts

    public struct Example: Sendable {
        public var text: String
        public var label: String

        public init(text: String, label: String) {
            self.text = text
            self.label = label
        }
    }

    public struct Options: Sendable {
        public var dimension = 1 << 15
        public var epochs = 8
        public var learningRate: Float = 0.6
        public var l2: Float = 1e-5
        public init() {}
    }

    /// Trains on `examples`; deterministic for the same examples and options.
    public init(examples: [Example], concepts: Concepts = .none, options: Options = Options()) {
        var labels: [String] = []
        var labelIndex: [String: Int] = [:]
        for example in examples where labelIndex[example.label] == nil {
            labelIndex[example.label] = labels.count
            labels.append(example.label)
        }
        let classes = labels.count
        let stride = Classifier.stride(classes)
        let dimension = options.dimension
        var weights = [Float](repeating: 0, count: dimension * stride)
        var bias = [Float](repeating: 0, count: classes)
        let encoded: [(features: [Int32], label: Int)] = examples.map {
            (TextFeatures.extract($0.text, dimension: dimension, concepts: concepts), labelIndex[$0.label]!)
        }
        // An intent with many examples weighs less per example (by the square root of its share),
        // so a long out_of_scope list does not pull short small-talk messages its way, yet its
        // variety still counts: full balancing let stray business intents win on unrelated questions.
        var counts = [Float](repeating: 0, count: classes)
        for (_, label) in encoded { counts[label] += 1 }
        let classWeights = counts.map { $0 == 0 ? 1 : (Float(encoded.count) / Float(classes) / $0).squareRoot() }
        var order = Array(encoded.indices)
        var random = SplitMix64(seed: 0x6d61_6765_6465_736b)
        var probabilities = [Float](repeating: 0, count: classes)
        var gradients = [Float](repeating: 0, count: classes)
        let decayPerRate = options.l2
        weights.withUnsafeMutableBufferPointer { w in
            for epoch in 0..<options.epochs {
                order.shuffle(using: &random)
                let rate = options.learningRate / (1 + Float(epoch) * 0.15)
                let decay = rate * decayPerRate
                for index in order {
                    let (features, label) = encoded[index]
                    guard !features.isEmpty else { continue }
                    let value = 1 / Float(features.count).squareRoot()
                    let weight = classWeights[label]
                    Classifier.scores(
                        features, value: value, weights: UnsafeBufferPointer(w), stride: stride, bias: bias, classes: classes, into: &probabilities)
                    Classifier.softmax(&probabilities)
                    for c in 0..<classes {
                        gradients[c] = (probabilities[c] - (c == label ? 1 : 0)) * weight
                        bias[c] -= rate * gradients[c] * 0.1
                        gradients[c] *= rate * value
                    }
                    // Feature-major, as the weights are laid out; each weight sees the same updates
                    // in the same order as class by class would give.
                    if stride == 16 {
                        var step = SIMD16<Float>()
                        for c in 0..<classes { step[c] = gradients[c] }
                        let raw = UnsafeMutableRawPointer(w.baseAddress!)
                        for feature in features {
                            let offset = Int(feature) &* 64
                            let row = raw.loadUnaligned(fromByteOffset: offset, as: SIMD16<Float>.self)
                            raw.storeBytes(of: row - (step + decay * row), toByteOffset: offset, as: SIMD16<Float>.self)
                        }
                    } else {
                        for feature in features {
                            let base = Int(feature) * stride
                            for c in 0..<classes { w[base + c] -= gradients[c] + decay * w[base + c] }
                        }
                    }
                }
            }
        }
        self.labels = labels
        self.weights = weights
        self.stride = stride
        self.bias = bias
        self.dimension = dimension
        self.concepts = concepts
    }

    /// A classifier from weights trained before (`ClassifierCache`).
    init(labels: [String], weights: [Float], stride: Int, bias: [Float], dimension: Int, concepts: Concepts) {
        self.labels = labels
        self.weights = weights
        self.stride = stride
        self.bias = bias
        self.dimension = dimension
        self.concepts = concepts
    }

    /// Probabilities for every label, in `labels` order.
    public func probabilities(_ text: String) -> [Float] {
        let features = TextFeatures.extract(text, dimension: dimension, concepts: concepts)
        var output = [Float](repeating: 0, count: labels.count)
        let value = features.isEmpty ? 0 : 1 / Float(features.count).squareRoot()
        weights.withUnsafeBufferPointer { w in
            Classifier.scores(features, value: value, weights: w, stride: stride, bias: bias, classes: labels.count, into: &output)
        }
        Classifier.softmax(&output)
        return output
    }

    /// The most likely label and its probability.
    public func classify(_ text: String) -> IntentPrediction {
        let probabilities = probabilities(text)
        var best = 0
        for index in probabilities.indices where probabilities[index] > probabilities[best] { best = index }
        return IntentPrediction(name: labels.isEmpty ? "out_of_scope" : labels[best], confidence: Double(probabilities.isEmpty ? 0 : probabilities[best]))
    }

    /// Rows of 16 when the labels fit (one SIMD add per feature), else exactly the labels.
    static func stride(_ classes: Int) -> Int { classes <= 16 ? 16 : classes }

    static func scores(
        _ features: [Int32], value: Float, weights w: UnsafeBufferPointer<Float>, stride: Int, bias: [Float], classes: Int,
        into output: inout [Float]
    ) {
        if stride == 16 {
            // Sum the feature rows (one SIMD add each), scale once.
            var sum = SIMD16<Float>()
            let base = UnsafeRawPointer(w.baseAddress!)
            for feature in features {
                sum += base.loadUnaligned(fromByteOffset: Int(feature) &* 64, as: SIMD16<Float>.self)
            }
            for c in 0..<classes { output[c] = bias[c] + sum[c] * value }
            return
        }
        for c in 0..<classes { output[c] = bias[c] }
        output.withUnsafeMutableBufferPointer { out in
            for feature in features {
                let base = Int(feature) * stride
                for c in 0..<classes { out[c] += w[base + c] * value }
            }
        }
    }

    static func softmax(_ values: inout [Float]) {
        guard let maximum = values.max() else { return }
        var sum: Float = 0
        for index in values.indices {
            values[index] = exp(values[index] - maximum)
            sum += values[index]
        }
        for index in values.indices { values[index] /= sum }
    }
}

/// A small, fast, seedable generator so training is reproducible.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
