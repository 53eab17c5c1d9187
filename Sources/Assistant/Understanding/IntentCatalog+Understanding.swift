extension IntentCatalog {
    /// The locale a message is read in: the one given, else detected from the text.
    public func localeCode(for text: String, given: String?) -> String {
        locale(given ?? LocaleDetection.detect(text, available: Set(locales.keys))).locale
    }

    /// This message's intent as the dialogue reads it: the locale's classifier, and anything it is
    /// less sure of than `threshold` is out_of_scope. `magedesk eval` measures exactly this.
    public func classify(_ text: String, locale code: String?, threshold: Double) -> IntentPrediction {
        let classified = locale(code).classifier.classify(text)
        return classified.confidence >= threshold ? classified : IntentPrediction(name: "out_of_scope", confidence: classified.confidence)
    }
}
