import Foundation
import MagentoModel
import MagentoWire

/// One Magento 1 API request on the configured protocol: XML-RPC, or SOAP v2 in the style the
/// store's WSDL declares (fetched once and kept). Posts only to the configured endpoint, never to
/// the address a WSDL advertises (magento1-api.md, Endpoints).
final class Magento1Wire: Sendable {
    enum Request {
        case login(user: String, key: String)
        case endSession(String)
        case call(session: String, path: String, args: [WireValue])
        case multiCall(session: String, calls: [(String, [WireValue])])
    }

    let configuration: Magento1Configuration
    let transport: HTTPTransport
    private let style = StyleCache()

    init(configuration: Magento1Configuration, transport: HTTPTransport) {
        self.configuration = configuration
        self.transport = transport
    }

    func send(_ request: Request, label: String) async throws(Magento1Client.CallError) -> WireValue {
        // Read-only by construction: only *.info and *.list resource paths ever leave this process.
        let paths: [String]
        switch request {
        case .call(_, let path, _): paths = [path]
        case .multiCall(_, let calls): paths = calls.map(\.0)
        case .login, .endSession: paths = []
        }
        for path in paths where !(path.hasSuffix(".info") || path.hasSuffix(".list")) {
            throw .backend(.storeError("\(path) is not a read call; magedesk only reads"))
        }
        switch configuration.protocolName {
        case .xmlrpc: return try await sendXMLRPC(request, label: label)
        case .soap: return try await sendSOAP(request, label: label)
        case .soapV1: return try await sendSOAPv1(request, label: label)
        }
    }

    // MARK: SOAP v1

    /// `login` and `endSession` read the same in SOAP v1 and v2.
    static func sessionOperation(_ request: Request) -> (String, [(String, WireValue)]) {
        switch request {
        case .login(let user, let key): return ("login", [("username", .string(user)), ("apiKey", .string(key))])
        case .endSession(let id): return ("endSession", [("sessionId", .string(id))])
        case .call, .multiCall: preconditionFailure("not a session operation")
        }
    }

    private func sendSOAPv1(_ request: Request, label: String) async throws(Magento1Client.CallError) -> WireValue {
        let operation: String
        let parameters: [(String, WireValue)]
        switch request {
        case .login, .endSession: (operation, parameters) = Self.sessionOperation(request)
        case .call(let session, let path, let args):
            (operation, parameters) = ("call", [("sessionId", .string(session)), ("resourcePath", .string(path)), ("args", .array(args))])
        case .multiCall(let session, let calls):
            (operation, parameters) = ("multiCall", [("sessionId", .string(session)), ("calls", .array(calls.map { .array([.string($0.0), .array($0.1)]) }))])
        }
        let response = try await post(
            SOAP.encodeRequest(operation, parameters, style: .rpcEncoded, maps: true), to: configuration.soapV1Endpoint,
            soapAction: "urn:Mage_Api_Model_Server_HandlerAction", label: label)
        return try readSOAP(response)
    }

    // MARK: XML-RPC

    private func sendXMLRPC(_ request: Request, label: String) async throws(Magento1Client.CallError) -> WireValue {
        let method: String
        let params: [WireValue]
        switch request {
        case .login(let user, let key): (method, params) = ("login", [.string(user), .string(key)])
        case .endSession(let id): (method, params) = ("endSession", [.string(id)])
        case .call(let session, let path, let args): (method, params) = ("call", [.string(session), .string(path), .array(args)])
        case .multiCall(let session, let calls):
            (method, params) = ("multiCall", [.string(session), .array(calls.map { .array([.string($0.0), .array($0.1)]) })])
        }
        let response = try await post(XMLRPC.encodeCall(method, params), to: configuration.xmlrpcEndpoint, soapAction: nil, label: label)
        guard (200..<300).contains(response.status) else {
            throw .backend(.storeError("HTTP \(response.status) from the XML-RPC endpoint"))
        }
        do {
            return try XMLRPC.parseResponse(response.body)
        } catch let fault as XMLRPCFault {
            throw .fault(fault)
        } catch {
            throw .backend(.malformedResponse("not an XML-RPC answer (\(error)); check MAGENTO_BASE_URL"))
        }
    }

    // MARK: SOAP v2

    private func sendSOAP(_ request: Request, label: String) async throws(Magento1Client.CallError) -> WireValue {
        let operation: String
        let parameters: [(String, WireValue)]
        switch request {
        case .login, .endSession: (operation, parameters) = Self.sessionOperation(request)
        case .call(let session, let path, let args):
            // Only the named read operations exist here: anything else cannot be sent at all.
            guard let mapped = Magento1Operations.soapV2[path] else {
                throw .backend(.storeError("\(path) has no SOAP v2 read operation"))
            }
            let argument = mapped.argument == "filters" ? Magento1Operations.soapFilters(args.first ?? [:]) : (args.first ?? .null)
            (operation, parameters) = (mapped.operation, [("sessionId", .string(session)), (mapped.argument, argument)])
        case .multiCall:
            throw .backend(.storeError("SOAP v2 has no multiCall"))
        }
        let style = try await currentStyle()
        let response = try await post(
            SOAP.encodeRequest(operation, parameters, style: style), to: configuration.soapV2Endpoint,
            soapAction: "urn:Action", label: label)
        return try readSOAP(response)
    }

    /// Faults come with HTTP 200; only the WSDL bootstrap failure comes with 500, as a fault too.
    private func readSOAP(_ response: HTTPResponse) throws(Magento1Client.CallError) -> WireValue {
        do {
            return try SOAP.parseResponse(response.body)
        } catch let fault as SOAPFault {
            if fault.code == "WSDL" || fault.message.contains("SOAP-ERROR: Parsing") {
                throw .backend(
                    .storeError(
                        "the store's SOAP server is misconfigured (\(fault.message)): it needs outbound HTTP and more than one PHP worker; "
                            + "use XML-RPC (MAGENTO1_PROTOCOL=xmlrpc) meanwhile"))
            }
            throw .fault(XMLRPCFault(code: fault.code, message: fault.message))
        } catch {
            if !(200..<300).contains(response.status) { throw .backend(.storeError("HTTP \(response.status) from the SOAP endpoint")) }
            throw .backend(.malformedResponse("not a SOAP answer (\(error)); check MAGENTO_BASE_URL"))
        }
    }

    /// rpc/encoded or WS-I, told apart from the WSDL once and kept.
    private func currentStyle() async throws(Magento1Client.CallError) -> SOAPStyle {
        if let known = await style.value { return known }
        guard let url = URL(string: configuration.soapV2Endpoint + "?wsdl=1") else { throw .backend(.malformedResponse("cannot build the WSDL URL")) }
        let response: HTTPResponse
        do {
            response = try await transport.send(HTTPRequest(url: url), label: "wsdl")
        } catch {
            throw .backend(error)
        }
        guard response.status == 200, let found = SOAPStyle(wsdl: response.body) else {
            throw .backend(
                .storeError(
                    "no SOAP v2 WSDL at \(configuration.soapV2Endpoint)?wsdl (HTTP \(response.status)): check MAGENTO_BASE_URL, or use "
                        + "MAGENTO1_PROTOCOL=xmlrpc"))
        }
        await style.set(found)
        return found
    }

    private func post(_ body: String, to endpoint: String, soapAction: String?, label: String) async throws(Magento1Client.CallError) -> HTTPResponse {
        guard let url = URL(string: endpoint) else { throw .backend(.malformedResponse("cannot build a URL from \(configuration.storeURL)")) }
        var request = HTTPRequest(url: url, method: "POST", headers: ["Content-Type": "text/xml; charset=utf-8"], body: Data(body.utf8))
        if let soapAction { request.headers["SOAPAction"] = soapAction }
        do {
            return try await transport.send(request, label: label)
        } catch {
            throw .backend(error)
        }
    }

    private actor StyleCache {
        var value: SOAPStyle?
        func set(_ style: SOAPStyle) { value = style }
    }
}
