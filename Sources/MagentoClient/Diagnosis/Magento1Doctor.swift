import Foundation
public import Logging
import MagentoModel
import MagentoWire

/// `magedesk doctor` for Magento 1 / OpenMage: is the URL really the XML-RPC API, which protocols
/// answer, does the API user log in, and does its role hold every node the assistant's calls need?
public struct Magento1Doctor: Sendable {
    public let configuration: Magento1Configuration
    let logger: Logger

    public init(configuration: Magento1Configuration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
    }

    /// One probe per lookup: a call that matches nothing, so only the role decides the answer.
    static let probes: [(lookup: String, path: String, args: [WireValue])] = [
        ("orders", "sales_order.list", [["increment_id": ["eq": "0"]]]),
        ("shipments", "sales_order_shipment.list", [["order_id": ["eq": 0]]]),
        ("invoices", "sales_order_invoice.list", [["order_id": ["eq": 0]]]),
        ("credit memos", "sales_order_creditmemo.list", [["order_id": ["eq": 0]]]),
        ("customers", "customer.list", [["email": "magedesk-doctor@invalid"]]),
    ]

    public func run() async -> [DoctorCheck] {
        var probing = configuration
        probing.retry.maximumAttempts = 1
        let client = Magento1Client(configuration: probing, logger: logger)
        let checks = await run(with: client)
        await client.close()
        return checks
    }

    func run(with client: Magento1Client) async -> [DoctorCheck] {
        var checks = [DoctorCheck(.ok, "auth mode", "Magento 1 API user '\(configuration.apiUser)' over \(protocolName) (from the configured variables)")]
        // The first call logs in, so it tells reachability and credentials apart.
        let first = await attempt(Self.probes[0], with: client)
        let reachable = DoctorCheck(.ok, "store reachable", "Magento 1's \(protocolName) API answers at \(configuration.endpoint)")
        switch first {
        case .failure(let failure):
            switch failure {
            case .unreachable, .timedOut:
                return checks + [DoctorCheck(.fail, "store reachable", "\(configuration.endpoint) could not be reached: \(failure)")]
            case .malformedResponse, .storeError:
                return checks + [
                    DoctorCheck(
                        .fail, "store reachable",
                        "\(configuration.endpoint) is not Magento 1's \(protocolName) API (\(failure)): set MAGENTO_BASE_URL to the store "
                            + "root (add /index.php if the store has no URL rewrites)")
                ]
            case .authenticationFailed(let detail):
                return checks + [reachable, DoctorCheck(.fail, "credentials", detail + emailHint)]
            case .accessDenied, .rateLimited:
                break
            }
        case .success:
            break
        }
        checks += [reachable, await protocols(), DoctorCheck(.ok, "credentials", "the API user logs in")]
        var grantedNodes: Set<String> = []
        var deniedNodes: Set<String> = []
        for (index, probe) in Self.probes.enumerated() {
            let node = Magento1ACL.node(for: probe.path) ?? probe.path
            switch index == 0 ? first : await attempt(probe, with: client) {
            case .success:
                checks.append(DoctorCheck(.ok, probe.lookup, "allowed (\(node))"))
                grantedNodes.formUnion(Magento1ACL.nodesNeeded(for: node))
            case .failure(.accessDenied):
                deniedNodes.insert(node)
                checks.append(
                    DoctorCheck(
                        .fail, probe.lookup,
                        "not allowed: tick \(Magento1ACL.adminLabel(for: node)) (\(node)) in the API role (System > Web Services > "
                            + "SOAP/XML-RPC – Roles > Role Resources)"))
            case .failure(let failure):
                checks.append(DoctorCheck(.fail, probe.lookup, "\(failure)"))
            }
        }
        if !deniedNodes.isEmpty {
            let missing = Magento1ACL.minimalReadOnlySet.filter { !grantedNodes.contains($0) }
            checks.append(
                DoctorCheck(.warn, "role", "the minimal read-only role for magedesk also needs: \(missing.joined(separator: ", "))"))
        }
        return checks
    }

    func attempt(_ probe: (lookup: String, path: String, args: [WireValue]), with client: Magento1Client) async -> Result<Void, BackendError> {
        do {
            _ = try await client.call(probe.path, probe.args)
            return .success(())
        } catch {
            return .failure(error.backendError)
        }
    }

    var protocolName: String {
        switch configuration.protocolName {
        case .xmlrpc: return "XML-RPC"
        case .soap: return "SOAP v2"
        case .soapV1: return "SOAP v1"
        }
    }

    var emailHint: String {
        configuration.apiUser.contains("@")
            ? " MAGENTO_API_USER looks like an email address: it is the API user's name from System > Web Services > SOAP/XML-RPC – Users."
            : ""
    }

    /// Which of Magento 1's three APIs answer; only XML-RPC is needed.
    func protocols() async -> DoctorCheck {
        let transport = HTTPTransport(policy: RetryPolicy(maximumAttempts: 1, requestTimeout: .seconds(5), lookupDeadline: .seconds(5)), logger: logger)
        var soap: [String] = []
        for (name, path) in [("SOAP v2", "/api/v2_soap/?wsdl=1"), ("SOAP v1", "/api/soap/?wsdl=1")] {
            guard let url = URL(string: configuration.storeURL.root + path) else { continue }
            if let response = try? await transport.send(HTTPRequest(url: url), label: "doctor wsdl"), response.status == 200,
                String(decoding: response.body.prefix(2048), as: UTF8.self).contains("definitions")
            {
                soap.append(name)
            }
        }
        return DoctorCheck(
            .ok, "protocols",
            "\(protocolName) answers (magedesk uses it, MAGENTO1_PROTOCOL)"
                + (soap.isEmpty ? "; no SOAP WSDL answers" : "; the WSDL of \(soap.joined(separator: " and ")) answers too"))
    }
}
