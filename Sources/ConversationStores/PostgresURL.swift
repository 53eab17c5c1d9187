public import Foundation

/// A PostgreSQL connection URL as libpq reads it
/// (`postgres://[user[:password]@][host][:port][/dbname][?param=value&…]`), with libpq's defaults:
/// `PGHOST`, `PGPORT`, `PGUSER`, `PGPASSWORD`, `PGDATABASE`, `PGSSLMODE` from the environment, then
/// the local socket (or localhost), port 5432, the OS user, a database named after the user and
/// `sslmode=prefer`.
public struct PostgresURL: Sendable, Equatable {
    public enum SSLMode: String, Sendable {
        case disable, allow, prefer, require
        case verifyCA = "verify-ca"
        case verifyFull = "verify-full"
    }

    /// A host name, or a directory holding the server's Unix socket (starts with "/").
    public var host: String
    public var port: Int
    public var user: String
    public var password: String?
    public var database: String
    public var sslMode: SSLMode
    public var applicationName: String?
    public var connectTimeout: Int?

    public var usesUnixSocket: Bool { host.hasPrefix("/") }
    public var socketPath: String { "\(host)/.s.PGSQL.\(port)" }

    public init(_ text: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws(PostgresURLError) {
        guard text.hasPrefix("postgres://") || text.hasPrefix("postgresql://"), var components = URLComponents(string: text) else {
            throw PostgresURLError("expected postgres://[user[:password]@][host][:port][/dbname][?sslmode=…], got '\(PostgresURL.masked(text))'")
        }
        var parameters: [String: String] = [:]
        for item in components.queryItems ?? [] {
            guard let value = item.value else { throw PostgresURLError("parameter '\(item.name)' needs a value") }
            parameters[item.name] = value
        }
        components.query = nil
        let known: Set<String> = ["sslmode", "host", "port", "user", "password", "dbname", "application_name", "connect_timeout"]
        if let unknown = parameters.keys.sorted().first(where: { !known.contains($0) }) {
            throw PostgresURLError("unknown parameter '\(unknown)'; known: \(known.sorted().joined(separator: ", "))")
        }
        func nonEmpty(_ value: String?) -> String? { (value?.isEmpty ?? true) ? nil : value }

        let portText = parameters["port"] ?? components.port.map(String.init) ?? nonEmpty(environment["PGPORT"]) ?? "5432"
        guard let port = Int(portText), (1...65535).contains(port) else { throw PostgresURLError("port must be 1-65535, not '\(portText)'") }
        self.port = port
        let defaultHost = FileManager.default.fileExists(atPath: "/var/run/postgresql/.s.PGSQL.\(port)") ? "/var/run/postgresql" : "localhost"
        host = nonEmpty(parameters["host"]) ?? nonEmpty(components.percentEncodedHost?.removingPercentEncoding) ?? nonEmpty(environment["PGHOST"]) ?? defaultHost
        user = nonEmpty(parameters["user"]) ?? nonEmpty(components.user) ?? nonEmpty(environment["PGUSER"]) ?? PostgresURL.osUser()
        password = nonEmpty(parameters["password"]) ?? nonEmpty(components.password) ?? nonEmpty(environment["PGPASSWORD"])
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        database = nonEmpty(parameters["dbname"]) ?? nonEmpty(path) ?? nonEmpty(environment["PGDATABASE"]) ?? user
        let modeText = parameters["sslmode"] ?? nonEmpty(environment["PGSSLMODE"]) ?? "prefer"
        guard let mode = SSLMode(rawValue: modeText) else {
            throw PostgresURLError("sslmode must be disable, allow, prefer, require, verify-ca or verify-full, not '\(modeText)'")
        }
        sslMode = mode
        applicationName = parameters["application_name"]
        if let timeout = parameters["connect_timeout"] {
            guard let seconds = Int(timeout), seconds >= 0 else { throw PostgresURLError("connect_timeout must be whole seconds, not '\(timeout)'") }
            connectTimeout = seconds
        }
    }

    /// The URL with its password replaced, for logs and error messages.
    public static func masked(_ text: String) -> String {
        guard let at = text.lastIndex(of: "@"), let scheme = text.range(of: "://"), scheme.upperBound < at else { return text }
        let credentials = text[scheme.upperBound..<at]
        guard let colon = credentials.firstIndex(of: ":") else { return text }
        return String(text[..<colon]) + ":***" + String(text[at...])
    }

    static func osUser() -> String {
        if let name = ProcessInfo.processInfo.environment["USER"], !name.isEmpty { return name }
        return NSUserName()
    }
}

public struct PostgresURLError: Error, CustomStringConvertible, Equatable {
    public var description: String
    init(_ description: String) { self.description = "invalid PostgreSQL URL: \(description)" }
}
