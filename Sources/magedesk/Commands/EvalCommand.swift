import ArgumentParser
import Assistant
import Foundation
import MagentoWire

/// `magedesk eval FILE.jsonl`: how well magedesk understands labelled messages, like `rasa test nlu`.
struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Measure intent classification (or, with --slots, slot extraction) on a labelled JSON-lines file.",
        discussion: """
            Intents: lines {"text", "intent", "also_acceptable"?, "locale"?, "subject"?}; prints accuracy, macro-F1, \
            per-intent precision/recall/F1 and the main confusions. Slots (--slots): lines {"text", "slots": {…}, "asked"?, \
            "subject"?}; prints exact match, false order numbers and per-slot precision/recall/F1. --coverage: at the \
            configured thresholds, the share of lines answered, asked to choose between two intents, and out of scope, \
            and the accuracy among those answered. --json prints the figures as JSON.
            """)

    @OptionGroup var options: GlobalOptions

    @Flag(help: "Evaluate slot extraction instead of intents.")
    var slots = false

    @Flag(help: "Print the figures as one JSON object.")
    var json = false

    @Flag(help: "Also list every message classified wrongly, with the classifier's three most likely intents.")
    var errors = false

    @Flag(help: "Report how many lines are answered, asked to choose between two intents, or out of scope, and the accuracy among those answered.")
    var coverage = false

    @Argument(help: "A JSON-lines file of labelled messages.")
    var file: String

    func run() throws {
        options.bootstrapLogging()
        let settings: Settings
        let catalog: IntentCatalog
        let extractor: EntityExtractor
        let lines: [(number: Int, value: WireValue)]
        do {
            settings = try options.settings()
            catalog = try IntentsLocator.loadCatalog(explicit: options.intents, settings: settings)
            extractor = try EntityExtractor(orderNumberPattern: settings.orderNumberPattern, storeAddresses: try settings.engineSettings().storeEmails)
            lines = try Self.readLines(file)
        } catch {
            throw StartupFailure(error)
        }
        if slots {
            var evaluation = SlotEvaluation()
            for (number, value) in lines {
                guard let text = value["text"].string, case .object(let gold) = value["slots"] else {
                    throw ValidationError("\(file):\(number): a slot line needs \"text\" and an object \"slots\"")
                }
                let asked = value["asked"].string.flatMap(Slot.init(rawValue:))
                let testCase = SlotEvaluation.Case(text: text, slots: Dictionary(uniqueKeysWithValues: gold.compactMap { key, value in value.string.map { (key, $0) } }), asked: asked)
                evaluation.record(testCase, extracted: extractor.extract(text, awaiting: asked, subject: value["subject"].string))
            }
            print(json ? Self.json(evaluation) : Self.report(evaluation, file: file))
        } else {
            let engine = try settings.engineSettings()
            let (evaluation, coverage, wrong) = try Self.evaluateIntents(lines, file: file, catalog: catalog, engine: engine, listingErrors: errors)
            if self.coverage {
                print(json ? Self.json(coverage) : Self.report(coverage, file: file))
            } else {
                print(json ? Self.json(evaluation) : Self.report(evaluation, file: file))
            }
            if errors, !json, !wrong.isEmpty { print((["", "classified wrongly (expected → predicted  [classifier's top three]):"] + wrong).joined(separator: "\n")) }
        }
    }

    static func report(_ coverage: CoverageEvaluation, file: String) -> String {
        [
            "Coverage of \(file): \(coverage.total) messages",
            "answered \(figure(coverage.answeredShare))   clarified \(figure(coverage.clarifiedShare))   out of scope \(figure(coverage.outOfScopeShare))",
            "accuracy among answered \(figure(coverage.accuracyAnswered))   right intent among the two offered \(figure(coverage.clarifiedContainsRight))",
        ].joined(separator: "\n")
    }

    static func json(_ coverage: CoverageEvaluation) -> String {
        JSON.serialize([
            "total": .int(coverage.total), "answered": .double(coverage.answeredShare), "clarified": .double(coverage.clarifiedShare),
            "out_of_scope": .double(coverage.outOfScopeShare), "accuracy_answered": .double(coverage.accuracyAnswered),
            "clarified_offers_right": .double(coverage.clarifiedContainsRight),
        ])
    }

    /// Classifies every labelled line as the dialogue reads it (an email's new words and subject,
    /// the configured thresholds and clarification); with `listingErrors`, also the lines classified
    /// wrongly, each with the classifier's three most likely intents.
    static func evaluateIntents(
        _ lines: [(number: Int, value: WireValue)], file: String, catalog: IntentCatalog, engine: EngineSettings, listingErrors: Bool
    ) throws -> (evaluation: IntentEvaluation, coverage: CoverageEvaluation, wrong: [String]) {
        var evaluation = IntentEvaluation()
        var coverage = CoverageEvaluation()
        var wrong: [String] = []
        for (number, value) in lines {
            guard let text = value["text"].string, let intent = value["intent"].string else {
                throw ValidationError("\(file):\(number): an intent line needs \"text\" and \"intent\"")
            }
            let subject = value["subject"].string
            let testCase = IntentEvaluation.Case(
                text: text, intent: intent, alsoAcceptable: value["also_acceptable"].elements.compactMap(\.string),
                locale: value["locale"].string)
            let email = EmailReading(text)
            let locale = catalog.localeCode(for: email.newWords, given: testCase.locale)
            let understanding = catalog.understand(
                email, subject: subject, locale: locale, threshold: engine.confidenceThreshold, clarification: engine.clarification)
            let predicted = understanding.prediction.name
            evaluation.record(testCase, predicted: predicted)
            coverage.record(testCase, understanding: understanding)
            if listingErrors, !testCase.accepts(predicted) {
                let top = catalog.ranking(text, subject: subject, locale: locale).prefix(3).map { "\($0.name) \(Self.figure($0.confidence))" }
                let shown = text.count > 90 ? text.prefix(87) + "..." : Substring(text)
                wrong.append("  \(file):\(number)  \(intent) → \(predicted)  [\(top.joined(separator: ", "))]\n    \(shown.replacingOccurrences(of: "\n", with: " ⏎ "))")
            }
        }
        return (evaluation, coverage, wrong)
    }

    static func readLines(_ path: String) throws -> [(number: Int, value: WireValue)] {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ValidationError("cannot read \(path): \(error.localizedDescription)")
        }
        var lines: [(Int, WireValue)] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            guard !line.trimmingCharacters(in: .whitespaces).isEmpty else { continue }
            do {
                lines.append((index + 1, try JSON.parse(Data(line.utf8))))
            } catch {
                throw ValidationError("\(path):\(index + 1): not JSON (\(error))")
            }
        }
        return lines
    }

    static func figure(_ value: Double) -> String { String(format: "%.3f", value) }

    static func report(_ evaluation: IntentEvaluation, file: String) -> String {
        var lines = [
            "Intent evaluation of \(file): \(evaluation.total) messages",
            "accuracy \(figure(evaluation.accuracy))   macro-F1 \(figure(evaluation.macroF1))", "",
            "intent".padding(toLength: 16, withPad: " ", startingAt: 0) + "precision  recall  f1      support",
        ]
        for intent in evaluation.intents {
            let score = evaluation.score(intent)
            lines.append(
                intent.padding(toLength: 16, withPad: " ", startingAt: 0) + figure(score.precision).padding(toLength: 11, withPad: " ", startingAt: 0)
                    + figure(score.recall).padding(toLength: 8, withPad: " ", startingAt: 0) + figure(score.f1).padding(toLength: 8, withPad: " ", startingAt: 0)
                    + "\(score.support)")
        }
        let confusions = evaluation.topConfusions()
        if !confusions.isEmpty {
            lines += ["", "most frequent confusions (expected → predicted):"]
            lines += confusions.map { "  \(String($0.count).padding(toLength: 4, withPad: " ", startingAt: 0)) \($0.gold) → \($0.predicted)" }
        }
        return lines.joined(separator: "\n")
    }

    static func json(_ evaluation: IntentEvaluation) -> String {
        var perIntent: [(String, WireValue)] = []
        for intent in evaluation.intents {
            let score = evaluation.score(intent)
            perIntent.append((intent, ["precision": .double(score.precision), "recall": .double(score.recall), "f1": .double(score.f1), "support": .int(score.support)]))
        }
        return JSON.serialize(["accuracy": .double(evaluation.accuracy), "macro_f1": .double(evaluation.macroF1), "per_intent": .object(.init(uniqueKeysWithValues: perIntent))])
    }

    static func report(_ evaluation: SlotEvaluation, file: String) -> String {
        var lines = [
            "Slot evaluation of \(file): \(evaluation.total) messages",
            "exact match \(figure(evaluation.exactMatch))   false order numbers \(evaluation.falseOrderNumbers)   false emails \(evaluation.falseEmails)", "",
            "slot            precision  recall  f1",
        ]
        for slot in SlotEvaluation.slotNames {
            let score = evaluation.score(slot)
            lines.append(
                slot.padding(toLength: 16, withPad: " ", startingAt: 0) + figure(score.precision).padding(toLength: 11, withPad: " ", startingAt: 0)
                    + figure(score.recall).padding(toLength: 8, withPad: " ", startingAt: 0) + figure(score.f1))
        }
        if !evaluation.failures.isEmpty {
            lines += ["", "not extracted exactly:"]
            lines += evaluation.failures.prefix(20).map { "  \($0.text.prefix(70))  expected \($0.expected)  got \($0.got)" }
        }
        return lines.joined(separator: "\n")
    }

    static func json(_ evaluation: SlotEvaluation) -> String {
        var perSlot: [(String, WireValue)] = []
        for slot in SlotEvaluation.slotNames {
            let score = evaluation.score(slot)
            perSlot.append((slot, ["precision": .double(score.precision), "recall": .double(score.recall), "f1": .double(score.f1)]))
        }
        return JSON.serialize([
            "exact_match": .double(evaluation.exactMatch), "false_positives": .int(evaluation.falseOrderNumbers),
            "false_emails": .int(evaluation.falseEmails),
            "per_slot": .object(.init(uniqueKeysWithValues: perSlot)),
        ])
    }
}
