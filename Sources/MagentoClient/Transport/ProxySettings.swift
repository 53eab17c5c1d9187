import AsyncHTTPClient
import Foundation

/// The HTTP proxy the environment names, read as curl reads it (`https_proxy`, then `http_proxy`,
/// either case, `http://[user:password@]host[:port]`), with the hosts `no_proxy` exempts (a name,
/// `.suffix` or `*`). Loopback never goes through a proxy, so the demo store and the simulator work
/// on a machine that has one.
struct ProxySettings: Sendable, Equatable {
    var host: String
    var port: Int
    var user: String?
    var password: String?
    var exempt: [String]

    static func fromEnvironment(_ environment: [String: String]) -> ProxySettings? {
        func value(_ name: String) -> String? {
            let found = environment[name] ?? environment[name.uppercased()]
            return found?.isEmpty == false ? found : nil
        }
        guard let text = value("https_proxy") ?? value("http_proxy") ?? value("all_proxy") else { return nil }
        guard let url = URL(string: text.contains("://") ? text : "http://" + text), let host = url.host, !host.isEmpty else { return nil }
        let exempt = (value("no_proxy") ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            .filter { !$0.isEmpty }
        return ProxySettings(
            host: host, port: url.port ?? (url.scheme == "https" ? 443 : 80), user: url.user?.removingPercentEncoding,
            password: url.password?.removingPercentEncoding, exempt: exempt)
    }

    /// Whether a request to `host` goes through the proxy.
    func applies(to host: String) -> Bool {
        let host = host.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        if host == "localhost" || host.hasPrefix("127.") || host == "::1" { return false }
        for rule in exempt {
            if rule == "*" { return false }
            let suffix = rule.hasPrefix(".") ? String(rule.dropFirst()) : rule
            if host == suffix || host.hasSuffix("." + suffix) { return false }
        }
        return true
    }

    var configuration: HTTPClient.Configuration.Proxy {
        if let user {
            return .server(host: host, port: port, authorization: .basic(username: user, password: password ?? ""))
        }
        return .server(host: host, port: port)
    }
}
