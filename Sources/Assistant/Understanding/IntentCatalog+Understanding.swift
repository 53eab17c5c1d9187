extension IntentCatalog {
    /// The locale a message is read in: the one given, else detected from the text.
    public func localeCode(for text: String, given: String?) -> String {
        locale(given ?? LocaleDetection.detect(text, available: Set(locales.keys))).locale
    }

    /// This message's intent as the dialogue reads it: the locale's classifier, and anything it is
    /// less sure of than `threshold` (or the intent's own `confidence:`) is out_of_scope.
    /// `magedesk eval` measures exactly this.
    public func classify(_ text: String, subject: String? = nil, locale code: String?, threshold: Double) -> IntentPrediction {
        understand(EmailReading(text), subject: subject, locale: code, threshold: threshold).prediction
    }

    /// An email's intent, read from its new words and subject.
    public func classify(_ email: EmailReading, subject: String? = nil, locale code: String?, threshold: Double) -> IntentPrediction {
        understand(email, subject: subject, locale: code, threshold: threshold).prediction
    }

    /// The intent, and — when `clarification` applies — the two intents to ask the customer to
    /// choose between. One classifier pass serves both.
    public func understand(
        _ email: EmailReading, subject: String? = nil, locale code: String?, threshold: Double,
        clarification: ClarificationRule? = nil
    ) -> Understanding {
        let catalog = locale(code)
        // A reply's subject ("Re: Your refund has been processed") is the earlier mail's topic, not
        // the new ask: new words clear on their own are read alone — small talk ("Arrived safe and
        // sound, thank you!") or a whole sentence ("forget the address change, just cancel it") —
        // while a short follow-up ("any news on this?") leans on the subject.
        if let subject, MessageCleaning.isReply(subject) {
            let words = MessageCleaning.forClassification(email)
            let alone = catalog.understand(words, threshold: threshold, clarification: clarification)
            if alone.top.confidence >= MessageCleaning.clearWithoutSubject, alone.prediction == alone.top, alone.choices.isEmpty,
                MessageCleaning.smallTalk.contains(alone.top.name) || NameExtraction.words(words).count >= MessageCleaning.wordsWithoutSubject
            {
                return alone
            }
        }
        return catalog.understand(MessageCleaning.forClassification(email, subject: subject), threshold: threshold, clarification: clarification)
    }

    /// Every intent the locale's classifier knows, most likely first, before any threshold: what
    /// `magedesk eval --errors` shows beside a wrong answer.
    public func ranking(_ text: String, subject: String? = nil, locale code: String?) -> [IntentPrediction] {
        let classifier = locale(code).classifier
        let probabilities = classifier.probabilities(MessageCleaning.forClassification(text, subject: subject))
        return zip(classifier.labels, probabilities).map { IntentPrediction(name: $0, confidence: Double($1)) }
            .sorted { $0.confidence > $1.confidence }
    }
}

/// What one message is about, as the dialogue reads it.
public struct Understanding: Sendable, Equatable {
    /// The intent after thresholds (out_of_scope below them).
    public var prediction: IntentPrediction
    /// The classifier's own first guess, before thresholds.
    public var top: IntentPrediction
    /// Two intents to ask the customer to choose between, first the likelier; empty when the
    /// message is clear enough to answer.
    public var choices: [String]

    public init(prediction: IntentPrediction, top: IntentPrediction? = nil, choices: [String] = []) {
        self.prediction = prediction
        self.top = top ?? prediction
        self.choices = choices
    }
}

/// When to ask "is this about A, or about B?" instead of guessing: the classifier's first guess is
/// something magedesk serves but it is unsure of it (a middle band of confidence), or the two
/// likeliest are both things it serves and close. A wrong guess at an order question costs a
/// customer a wrong answer; one short question costs a turn.
public struct ClarificationRule: Sendable, Equatable {
    /// Below this the first guess is asked about (when the runner-up is also served).
    public var unsureBelow: Double
    /// The least likelihood of the first guess for asking at all (below it, the message is not understood).
    public var atLeast: Double
    /// The runner-up must be at least this likely to be offered.
    public var runnerUpAtLeast: Double
    /// Two served intents closer than this are asked about, however likely the first.
    public var closerThan: Double

    public init(unsureBelow: Double = 0.5, atLeast: Double = 0.2, runnerUpAtLeast: Double = 0.2, closerThan: Double = 0.15) {
        self.unsureBelow = unsureBelow
        self.atLeast = atLeast
        self.runnerUpAtLeast = runnerUpAtLeast
        self.closerThan = closerThan
    }

    /// The intents worth asking about: those answered from the store.
    public static let askable: Set<String> = [
        "order_status", "order_details", "invoice", "refund_status", "cancel_order", "change_address", "return_request", "account_lookup",
    ]

    func asks(top: IntentPrediction, runnerUp: IntentPrediction) -> Bool {
        guard ClarificationRule.askable.contains(top.name), ClarificationRule.askable.contains(runnerUp.name) else { return false }
        guard top.confidence >= atLeast, runnerUp.confidence >= runnerUpAtLeast else { return false }
        return top.confidence < unsureBelow || top.confidence - runnerUp.confidence < closerThan
    }
}

extension LocaleCatalog {
    /// The intent of text read for classification, after thresholds, and the two to ask about.
    func understand(_ text: String, threshold: Double, clarification: ClarificationRule?) -> Understanding {
        if let matched = patternIntent(text) { return Understanding(prediction: IntentPrediction(name: matched, confidence: 1)) }
        let probabilities = classifier.probabilities(text)
        let labels = classifier.labels
        guard !labels.isEmpty else { return Understanding(prediction: IntentPrediction(name: "out_of_scope", confidence: 0)) }
        var best = 0
        var second: Int?
        for index in probabilities.indices {
            if probabilities[index] > probabilities[best] {
                second = best
                best = index
            } else if index != best, second.map({ probabilities[index] > probabilities[$0] }) ?? true {
                second = index
            }
        }
        let top = IntentPrediction(name: labels[best], confidence: Double(probabilities[best]))
        let required = max(threshold, intents[top.name]?.minimumConfidence ?? 0)
        let prediction = top.confidence >= required ? top : IntentPrediction(name: "out_of_scope", confidence: top.confidence)
        var choices: [String] = []
        if let rule = clarification, let second {
            let runnerUp = IntentPrediction(name: labels[second], confidence: Double(probabilities[second]))
            if rule.asks(top: top, runnerUp: runnerUp) { choices = [top.name, runnerUp.name] }
        }
        return Understanding(prediction: prediction, top: top, choices: choices)
    }

    /// The intent whose `patterns:` match this whole message, if one does.
    func patternIntent(_ text: String) -> String? {
        text.utf8.count <= 80 ? patterns.intent(for: text) : nil
    }
}
