extension IntentCatalog {
    /// The locale a message is read in: the one given, else detected from the text.
    public func localeCode(for text: String, given: String?) -> String {
        locale(given ?? LocaleDetection.detect(text, available: Set(locales.keys))).locale
    }

    /// This message's intent as the dialogue reads it: the locale's classifier, and anything it is
    /// less sure of than `threshold` (or the intent's own `confidence:`) is out_of_scope.
    /// `magedesk eval` measures exactly this.
    public func classify(_ text: String, locale code: String?, threshold: Double) -> IntentPrediction {
        let catalog = locale(code)
        let text = MessageCleaning.forClassification(text)
        if let matched = catalog.patternIntent(text) { return IntentPrediction(name: matched, confidence: 1) }
        let classified = catalog.classifier.classify(text)
        let required = max(threshold, catalog.intents[classified.name]?.minimumConfidence ?? 0)
        return classified.confidence >= required ? classified : IntentPrediction(name: "out_of_scope", confidence: classified.confidence)
    }

    /// Every intent the locale's classifier knows, most likely first, before any threshold: what
    /// `magedesk eval --errors` shows beside a wrong answer.
    public func ranking(_ text: String, locale code: String?) -> [IntentPrediction] {
        let classifier = locale(code).classifier
        let probabilities = classifier.probabilities(MessageCleaning.forClassification(text))
        return zip(classifier.labels, probabilities).map { IntentPrediction(name: $0, confidence: Double($1)) }
            .sorted { $0.confidence > $1.confidence }
    }
}

extension LocaleCatalog {
    /// The intent whose `patterns:` match this whole message, if one does.
    func patternIntent(_ text: String) -> String? {
        text.utf8.count <= 80 ? patterns.intent(for: text) : nil
    }
}
