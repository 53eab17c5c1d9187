import Assistant
import Crypto
import Foundation
import Logging
import MagentoWire
import Testing

@testable import magedesk

/// The identity tokens a storefront signs, checked as `serve` checks them (the HTTP-level tests
/// are in ServeIdentityTests).
@Suite struct IdentityTokenTests {
    static let secret = "storefront-identity-secret-0123456789"
    static let previous = "the-secret-before-the-rotation-0123456789"
    static let now = Date(timeIntervalSince1970: 1_750_000_000)
    static var moment: Int { Int(now.timeIntervalSince1970) }

    /// An HS256 token for `claims`, signed with `secret`.
    static func token(_ claims: WireValue, secret: String = secret) -> String {
        HS256JWT.sign(claims, key: SymmetricKey(data: Data(secret.utf8)))
    }

    static func claims(email: String = "jane.doe@example.com", issued: Int = moment - 60, lifetime: Int = 3600) -> WireValue {
        ["email": .string(email), "name": "Jane Doe", "iat": .int(issued), "exp": .int(issued + lifetime)]
    }

    let verifier = IdentityTokenVerifier(secrets: [Self.secret, Self.previous])

    func verify(_ token: String, at now: Date = Self.now) -> Result<IdentityTokenVerifier.Identity, IdentityTokenVerifier.Rejection> {
        verifier.verify(token, at: now)
    }

    @Test func aValidTokenNamesItsCustomer() throws {
        let identity = try verify(Self.token(Self.claims())).get()
        #expect(identity == .init(email: "jane.doe@example.com", name: "Jane Doe"))
        let nameless = try verify(Self.token(["email": "max@example.de", "iat": .int(Self.moment), "exp": .int(Self.moment + 60)])).get()
        #expect(nameless == .init(email: "max@example.de", name: nil))
    }

    @Test func thePreviousSecretWorksDuringARotationAndNoOtherDoes() throws {
        #expect(try verify(Self.token(Self.claims(), secret: Self.previous)).get().email == "jane.doe@example.com")
        #expect(verify(Self.token(Self.claims(), secret: "a-third-secret-nobody-configured-0123456")) == .failure(.token(.signature)))
        let afterRotation = IdentityTokenVerifier(secrets: [Self.secret])
        #expect(afterRotation.verify(Self.token(Self.claims(), secret: Self.previous), at: Self.now) == .failure(.token(.signature)))
    }

    @Test func expiryAndStartHaveAMinuteOfLeeway() throws {
        let expiredJustNow = Self.claims(issued: Self.moment - 3630, lifetime: 3600)
        #expect(throws: Never.self) { try verify(Self.token(expiredJustNow)).get() }
        let expired = Self.claims(issued: Self.moment - 3700, lifetime: 3600)
        #expect(verify(Self.token(expired)) == .failure(.expired(secondsAgo: 100)))
        let soon = Self.claims(issued: Self.moment + 30)
        #expect(throws: Never.self) { try verify(Self.token(soon)).get() }
        #expect(verify(Self.token(Self.claims(issued: Self.moment + 600))) == .failure(.issuedInTheFuture(inSeconds: 600)))
        var notYet = Self.claims()
        notYet = .object(notYet.members.merging(["nbf": .int(Self.moment + 300)]) { $1 })
        #expect(verify(Self.token(notYet)) == .failure(.notYetValid(inSeconds: 300)))
        var almost = Self.claims()
        almost = .object(almost.members.merging(["nbf": .int(Self.moment + 45)]) { $1 })
        #expect(throws: Never.self) { try verify(Self.token(almost)).get() }
    }

    @Test func aTokenValidForMoreThanADayIsRefused() throws {
        #expect(throws: Never.self) { try verify(Self.token(Self.claims(lifetime: 86400))).get() }
        #expect(verify(Self.token(Self.claims(lifetime: 86400 + 3600))) == .failure(.lifetimeTooLong(hours: 25)))
        #expect(verify(Self.token(Self.claims(lifetime: 0))) == .failure(.invalidClaim("exp", "is not after its 'iat'")))
    }

    @Test func missingOrMistypedClaimsAreRefused() {
        let iat = WireValue.int(Self.moment), exp = WireValue.int(Self.moment + 3600)
        #expect(verify(Self.token(["email": "jane.doe@example.com", "iat": iat])) == .failure(.missingClaim("exp")))
        #expect(verify(Self.token(["email": "jane.doe@example.com", "exp": exp])) == .failure(.missingClaim("iat")))
        #expect(verify(Self.token(["iat": iat, "exp": exp])) == .failure(.missingClaim("email")))
        #expect(verify(Self.token(["email": "jane", "iat": iat, "exp": exp])) == .failure(.invalidClaim("email", "is not an email address")))
        #expect(verify(Self.token(["email": ["jane.doe@example.com"], "iat": iat, "exp": exp])) == .failure(.invalidClaim("email", "is not a string")))
        #expect(
            verify(Self.token(["email": "jane.doe@example.com", "iat": iat, "exp": .string("\(Self.moment + 3600)")]))
                == .failure(.invalidClaim("exp", "is not a number of seconds since 1970")))
        #expect(verify(Self.token(["email": "jane.doe@example.com", "name": 7, "iat": iat, "exp": exp])) == .failure(.invalidClaim("name", "is not a string")))
    }

    @Test func secretsAreReadAndCheckedAtStart() throws {
        func secrets(_ environment: [String: String]) throws -> [String] {
            try Settings.load(configFile: nil, environment: environment).identitySecrets()
        }
        #expect(try secrets([:]).isEmpty)
        #expect(try secrets(["MAGEDESK_IDENTITY_SECRET": Self.secret]) == [Self.secret])
        #expect(
            try secrets(["MAGEDESK_IDENTITY_SECRET": Self.secret, "MAGEDESK_IDENTITY_SECRET_PREVIOUS": Self.previous]) == [Self.secret, Self.previous])
        #expect(throws: ConfigurationError.self) { try secrets(["MAGEDESK_IDENTITY_SECRET": "too-short"]) }
        #expect(throws: ConfigurationError.self) { try secrets(["MAGEDESK_IDENTITY_SECRET": Self.secret, "MAGEDESK_IDENTITY_SECRET_PREVIOUS": "short"]) }
        #expect(throws: ConfigurationError.self) { try secrets(["MAGEDESK_IDENTITY_SECRET_PREVIOUS": Self.previous]) }
        do {
            _ = try secrets(["MAGEDESK_IDENTITY_SECRET": "too-short"])
        } catch {
            #expect("\(error)" == "MAGEDESK_IDENTITY_SECRET is 9 bytes; it must be at least 32 (make one with: openssl rand -hex 32)")
        }
    }

    @Test func onlyLoopbackAddressesCountAsLoopback() {
        for host in ["127.0.0.1", "127.1.2.3", "localhost", "LOCALHOST", "::1", "[::1]", "0:0:0:0:0:0:0:1", "::ffff:127.0.0.1"] {
            #expect(ServeAccess.isLoopback(host), "\(host)")
        }
        for host in ["0.0.0.0", "::", "192.168.1.10", "10.0.0.1", "shop.example.com", "128.0.0.1", "::ffff:10.0.0.1", "", "127.0.0.1.example.com"] {
            #expect(!ServeAccess.isLoopback(host), "\(host)")
        }
    }

    @Test func aTrustedServeOffLoopbackNeedsALongAPIToken() throws {
        func access(_ host: String, isPublic: Bool = false, token: String? = nil) throws -> ServeAccess {
            try ServeAccess(host: host, isPublic: isPublic, settings: Settings(values: token.map { ["MAGEDESK_API_TOKEN": $0] } ?? [:]))
        }
        #expect(throws: Never.self) { try access("127.0.0.1") }
        #expect(throws: Never.self) { try access("0.0.0.0", isPublic: true) }
        #expect(throws: Never.self) { try access("0.0.0.0", token: String(repeating: "k", count: 32)) }
        #expect(throws: ServeAccessError.self) { try access("0.0.0.0") }
        #expect(throws: ServeAccessError.self) { try access("192.168.1.10", token: "short-token") }
        let message = "\(ServeAccessError.trustedWithoutToken(host: "0.0.0.0"))"
        #expect(message.contains("MAGEDESK_API_TOKEN") && message.contains("--public"))
    }

    /// The channel's rule, request by request.
    @Test func publicRequestsAreAnonymousUnlessATokenVouches() throws {
        let caller = CallerIdentity(isPublic: true, tokens: verifier, logger: Logger(label: "test"), now: { Self.now })
        let trusted = CallerIdentity(isPublic: false, tokens: verifier, logger: Logger(label: "test"), now: { Self.now })
        func request(_ body: String) throws -> FilterContract.Request {
            try FilterContract.decodeRequest(Array(body.utf8)).get()
        }
        let forged = try request(#"{"conversation_id":"c","text":"my orders","customer":{"email":"jane.doe@example.com","verified":true}}"#)
        #expect(forged.claimsIdentity)
        #expect(caller.customer(of: forged) == nil)
        #expect(trusted.customer(of: forged) == CustomerContext(email: "jane.doe@example.com", verified: true))
        let rasaForged = try request(#"{"sender":"c","message":"my orders","metadata":{"customer":{"email":"jane.doe@example.com","verified":true}}}"#)
        #expect(rasaForged.claimsIdentity)
        #expect(caller.customer(of: rasaForged) == nil)

        let token = Self.token(Self.claims(email: "chloe.zhang@example.com"))
        let vouched = try request(#"{"conversation_id":"c","text":"hi","customer":{"email":"jane.doe@example.com","verified":true,"token":"\#(token)"}}"#)
        let expected = CustomerContext(email: "chloe.zhang@example.com", verified: true, name: "Jane Doe")
        #expect(caller.customer(of: vouched) == expected, "the token decides, not the claims beside it")
        #expect(trusted.customer(of: vouched) == expected)
        let rasa = try request(#"{"sender":"c","message":"hi","metadata":{"customer_token":"\#(token)"}}"#)
        #expect(caller.customer(of: rasa) == expected)

        let bad = try request(#"{"conversation_id":"c","text":"hi","customer":{"email":"jane.doe@example.com","verified":true,"token":"x.y.z"}}"#)
        #expect(caller.customer(of: bad) == nil)
        #expect(trusted.customer(of: bad) == nil, "a token that does not verify makes even a trusted turn anonymous")
        let unconfigured = CallerIdentity(isPublic: true, tokens: nil, logger: Logger(label: "test"))
        #expect(unconfigured.customer(of: vouched) == nil)
    }
}
