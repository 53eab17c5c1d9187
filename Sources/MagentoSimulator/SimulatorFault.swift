/// A way the simulated store misbehaves, for testing how magedesk copes.
public enum SimulatorFault: String, Sendable, CaseIterable {
    /// Every answer is late (300 ms).
    case slow
    /// Every other request is refused with 429 and `Retry-After: 0`, so a client that retries succeeds.
    case tooManyRequests = "429"
    /// Every request fails with HTTP 500 and Magento's JSON error body.
    case serverError = "500"
    /// Every request gets the 503 HTML maintenance page Magento shows while deploying.
    case maintenance = "503"
    /// Every answer is cut JSON / XML.
    case malformed
    /// No answer within any sane client timeout (the answer comes after 30 s).
    case timeout
    /// The connection is closed without an answer.
    case drop
    /// Magento 1's SOAP server cannot build itself from its own WSDL (no outbound HTTP, or a single
    /// PHP worker): every SOAP call gets HTTP 500 with a `WSDL` fault (magento1-api.md, Endpoints).
    case soapBootstrap = "soap_bootstrap"
}

/// A fault and the requests it applies to.
public struct FaultInjection: Sendable, Equatable {
    public var fault: SimulatorFault
    /// Only requests whose path (Magento 2) or resource path (Magento 1) contains this; nil: all.
    public var route: String?

    public init(_ fault: SimulatorFault, route: String? = nil) {
        self.fault = fault
        self.route = route
    }

    func applies(to operation: String) -> Bool { route.map { operation.contains($0) } ?? true }
}

/// One request the simulator answered, kept so tests can prove the client only reads.
public struct RecordedRequest: Sendable, Equatable {
    public enum Face: String, Sendable { case magento2, magento1 }
    public var face: Face
    public var method: String
    /// Path without the query (Magento 2), or the XML-RPC method and resource path (Magento 1),
    /// e.g. `call sales_order.info`.
    public var operation: String
}

/// What a face answers before it goes on the wire.
struct SimulatedResponse {
    var status: Int
    var contentType: String
    var body: String
    var headers: [(String, String)] = []

    static func json(_ status: Int, _ body: String) -> SimulatedResponse {
        SimulatedResponse(status: status, contentType: "application/json; charset=utf-8", body: body)
    }

    static func xml(_ body: String, status: Int = 200) -> SimulatedResponse {
        SimulatedResponse(status: status, contentType: "text/xml; charset=utf-8", body: body)
    }

    /// Magento's HTML error page, as seen where JSON was expected (magento2-captures 17g).
    static func htmlError(_ status: Int, title: String) -> SimulatedResponse {
        SimulatedResponse(
            status: status, contentType: "text/html; charset=UTF-8",
            body: "<!doctype html><html><head><title>\(title)</title></head><body><h1>\(title)</h1>"
                + "<p>Error log record number: 1f3a9c</p></body></html>")
    }
}
