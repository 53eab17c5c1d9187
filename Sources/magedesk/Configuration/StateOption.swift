import ArgumentParser
import Assistant
import ConversationStores
import Logging

/// `--state memory|sqlite:PATH|postgres://…`: where conversations are kept between turns.
enum StateOption: ExpressibleByArgument, Equatable {
    case memory
    case sqlite(path: String)
    case postgres(url: String)

    init?(argument: String) {
        if argument == "memory" {
            self = .memory
        } else if argument.hasPrefix("sqlite:"), argument.count > "sqlite:".count {
            self = .sqlite(path: String(argument.dropFirst("sqlite:".count)))
        } else if argument.hasPrefix("postgres://") || argument.hasPrefix("postgresql://") {
            self = .postgres(url: argument)
        } else {
            return nil
        }
    }

    static let help: ArgumentHelp = """
        Where conversations live: memory (default), sqlite:PATH (processes on this machine share it) or \
        postgres://USER@HOST/DB (libpq URL; workers on many machines share it).
        """

    var isPersistent: Bool { self != .memory }

    func makeStore(logger: Logger) async throws -> any ConversationStore {
        switch self {
        case .memory: return InMemoryConversationStore()
        case .sqlite(let path): return try SQLiteConversationStore(path: path)
        case .postgres(let url): return try await PostgresConversationStore(url: url, logger: logger)
        }
    }
}

extension StateOption: CustomStringConvertible {
    /// The option as given, with any password masked.
    var description: String {
        switch self {
        case .memory: return "memory"
        case .sqlite(let path): return "sqlite:\(path)"
        case .postgres(let url): return PostgresURL.masked(url)
        }
    }
}
