import Crypto
import Foundation
import MagentoWire
import Testing

struct HS256JWTTests {
    let key = SymmetricKey(data: Data("a-secret-of-at-least-thirty-two-bytes".utf8))
    let claims: WireValue = ["email": "jane.doe@example.com", "iat": 1_700_000_000, "exp": 1_700_003_600]

    /// A token from a different `header.payload` and a signature made over it with `sign`.
    func token(header: String, payload: WireValue, signedWith signer: (Data) -> Data) -> String {
        let input = Base64URL.encode(Data(header.utf8)) + "." + Base64URL.encode(Data(JSON.serialize(payload).utf8))
        return input + "." + Base64URL.encode(signer(Data(input.utf8)))
    }

    func hs256(_ key: SymmetricKey) -> (Data) -> Data { { Data(HMAC<SHA256>.authenticationCode(for: $0, using: key)) } }

    @Test func aSignedTokenVerifiesToItsClaims() throws {
        let token = HS256JWT.sign(claims, key: key)
        #expect(token.split(separator: ".").count == 3)
        #expect(!token.contains("="))
        #expect(try HS256JWT.verify(token, keys: [key]).get() == claims)
    }

    @Test func aTokenMadeByPythonsHmacAndBase64Verifies() throws {
        // python3: base64.urlsafe_b64encode(...).rstrip(b"="), json.dumps (with its spaces),
        // hmac.new(secret, f"{header}.{payload}".encode(), hashlib.sha256): the README's example.
        let token =
            "eyJhbGciOiAiSFMyNTYiLCAidHlwIjogIkpXVCJ9.eyJlbWFpbCI6ICJqYW5lLmRvZUBleGFtcGxlLmNvbSIsICJuYW1lIjogIkphbmUgRG9lIiwgImlhdCI6IDE3MDAwMDAwMDAsICJleHAiOiAxNzAwMDAzNjAwfQ._RORBkna7GVTNnNp6t--_n8FYtre_KW80ODFV7uNWTI"
        let claims = try HS256JWT.verify(token, keys: [SymmetricKey(data: Data("python-made-secret-0123456789abcdef".utf8))]).get()
        #expect(claims["email"].string == "jane.doe@example.com")
        #expect(claims["name"].string == "Jane Doe")
        #expect(claims["exp"].int == 1_700_003_600)
    }

    @Test func anyOfSeveralKeysVerifiesForRotation() throws {
        let old = SymmetricKey(data: Data("the-previous-secret-also-32-bytes-long".utf8))
        #expect(throws: Never.self) { try HS256JWT.verify(HS256JWT.sign(claims, key: old), keys: [key, old]).get() }
        #expect(HS256JWT.verify(HS256JWT.sign(claims, key: old), keys: [key]) == .failure(.signature))
    }

    @Test func anotherSecretOrAChangedPayloadFailsTheSignature() {
        let other = SymmetricKey(data: Data("someone-elses-secret-of-32-bytes-or-more".utf8))
        #expect(HS256JWT.verify(HS256JWT.sign(claims, key: other), keys: [key]) == .failure(.signature))
        let parts = HS256JWT.sign(claims, key: key).split(separator: ".").map(String.init)
        let forged = Base64URL.encode(Data(JSON.serialize(["email": "chloe.zhang@example.com", "iat": 1_700_000_000, "exp": 1_700_003_600]).utf8))
        #expect(HS256JWT.verify([parts[0], forged, parts[2]].joined(separator: "."), keys: [key]) == .failure(.signature))
        // One character of the signature changed, and a signature cut short.
        let flipped = String(parts[2].dropLast()) + (parts[2].last == "A" ? "Q" : "A")
        #expect(HS256JWT.verify([parts[0], parts[1], flipped].joined(separator: "."), keys: [key]) == .failure(.signature))
        #expect(HS256JWT.verify([parts[0], parts[1], String(parts[2].prefix(20))].joined(separator: "."), keys: [key]) == .failure(.signature))
    }

    @Test func onlyHS256IsAccepted() {
        // alg none: no signature at all, the classic forgery.
        let none = token(header: #"{"alg":"none","typ":"JWT"}"#, payload: claims) { _ in Data() }
        #expect(HS256JWT.verify(none, keys: [key]) == .failure(.algorithm("none")))
        // HS512 with the very same secret: a valid signature, but not the algorithm agreed.
        let hs512 = token(header: #"{"alg":"HS512","typ":"JWT"}"#, payload: claims) { Data(HMAC<SHA512>.authenticationCode(for: $0, using: key)) }
        #expect(HS256JWT.verify(hs512, keys: [key]) == .failure(.algorithm("HS512")))
        #expect(HS256JWT.verify(token(header: #"{"alg":"hs256"}"#, payload: claims, signedWith: hs256(key)), keys: [key]) == .failure(.algorithm("hs256")))
        #expect(HS256JWT.verify(token(header: #"{"typ":"JWT"}"#, payload: claims, signedWith: hs256(key)), keys: [key]) == .failure(.algorithm(nil)))
        #expect(HS256JWT.verify(token(header: #"{"alg":"HS256","typ":"JWE"}"#, payload: claims, signedWith: hs256(key)), keys: [key]) == .failure(.type("JWE")))
        #expect(
            HS256JWT.verify(token(header: #"{"alg":"HS256","crit":["exp"]}"#, payload: claims, signedWith: hs256(key)), keys: [key])
                == .failure(.criticalExtensions))
        // Without typ, and with Magento's own header, HS256 is fine.
        #expect(throws: Never.self) { try HS256JWT.verify(token(header: #"{"kid":"1","alg":"HS256"}"#, payload: claims, signedWith: hs256(key)), keys: [key]).get() }
    }

    @Test func malformedTokensAreRejectedBeforeAnyKeyIsTried() {
        let good = HS256JWT.sign(claims, key: key)
        let parts = good.split(separator: ".").map(String.init)
        #expect(HS256JWT.verify("", keys: [key]) == .failure(.malformed("it has 1 parts, not three")))
        #expect(HS256JWT.verify(parts[0] + "." + parts[1], keys: [key]) == .failure(.malformed("it has 2 parts, not three")))
        #expect(HS256JWT.verify(good + ".x", keys: [key]) == .failure(.malformed("it has 4 parts, not three")))
        #expect(HS256JWT.verify("e30=." + parts[1] + "." + parts[2], keys: [key]) == .failure(.malformed("the header is not base64url")))
        #expect(HS256JWT.verify(Base64URL.encode(Data("[1]".utf8)) + ".e30." + parts[2], keys: [key]) == .failure(.malformed("the header is not a JSON object")))
        let array = token(header: #"{"alg":"HS256"}"#, payload: [1, 2], signedWith: hs256(key))
        #expect(HS256JWT.verify(array, keys: [key]) == .failure(.malformed("the payload is not a JSON object")))
    }

    @Test func base64URLHasOneSpellingPerByteString() {
        #expect(Base64URL.encode(Data([0xFB, 0xFF])) == "-_8")
        #expect(Base64URL.decode("-_8") == Data([0xFB, 0xFF]))
        #expect(Base64URL.decode("-_8=") == nil)
        #expect(Base64URL.decode("+/8") == nil)
        #expect(Base64URL.decode("-_9") == nil, "unused low bits set")
        #expect(Base64URL.decode("A") == nil)
        #expect(Base64URL.decode("") == Data())
    }

    @Test func rejectionsNeverEchoMoreThanAShortPrintableHeaderValue() {
        let header = #"{"alg":"x\ny\u0000' and a very long tail that goes on"}"#
        let token = token(header: header, payload: claims, signedWith: hs256(key))
        guard case .failure(let rejection) = HS256JWT.verify(token, keys: [key]) else {
            Issue.record("accepted")
            return
        }
        #expect(!rejection.description.contains("\n"))
        #expect(rejection.description.contains("x?y??"))
        #expect(!rejection.description.contains("goes on"))
    }
}
