import ArgumentParser
import Assistant
import ConversationStores

/// `--state memory|sqlite:PATH`: where conversations are kept between turns.
enum StateOption: ExpressibleByArgument, Equatable {
    case memory
    case sqlite(path: String)

    init?(argument: String) {
        if argument == "memory" {
            self = .memory
        } else if argument.hasPrefix("sqlite:"), argument.count > "sqlite:".count {
            self = .sqlite(path: String(argument.dropFirst("sqlite:".count)))
        } else {
            return nil
        }
    }

    static let help: ArgumentHelp = "Where conversations live: memory (default) or sqlite:PATH (shared by processes on this machine)."

    func makeStore() throws -> any ConversationStore {
        switch self {
        case .memory: return InMemoryConversationStore()
        case .sqlite(let path): return try SQLiteConversationStore(path: path)
        }
    }
}
