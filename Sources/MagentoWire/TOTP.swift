import Crypto
public import Foundation

/// Time-based one-time passwords (RFC 6238: HMAC-SHA1, 30-second steps, 6 digits), as Google
/// Authenticator and Magento's two-factor module compute them from a base32 secret. The client
/// makes codes for admins under two-factor auth; the simulator checks them.
///
/// ```swift
/// let code = try TOTP(base32Secret: "JBSWY3DPEHPK3PXP").code(at: Date())   // "123456"
/// ```
public struct TOTP: Sendable {
    public enum Problem: Error, Equatable, CustomStringConvertible {
        case invalidSecret
        public var description: String {
            "MAGENTO_ADMIN_OTP_SECRET is not a base32 secret (letters A–Z and digits 2–7, as the admin's authenticator app was given)"
        }
    }

    let secret: Data
    public var digits: Int
    public var period: TimeInterval

    public init(secret: Data, digits: Int = 6, period: TimeInterval = 30) {
        self.secret = secret
        self.digits = digits
        self.period = period
    }

    public init(base32Secret: String, digits: Int = 6, period: TimeInterval = 30) throws(Problem) {
        guard let secret = TOTP.decodeBase32(base32Secret), !secret.isEmpty else { throw .invalidSecret }
        self.init(secret: secret, digits: digits, period: period)
    }

    public func code(at date: Date) -> String {
        code(counter: UInt64(max(0, date.timeIntervalSince1970) / period))
    }

    public func code(counter: UInt64) -> String {
        var bigEndian = counter.bigEndian
        let message = withUnsafeBytes(of: &bigEndian) { Data($0) }
        let mac = Array(HMAC<Insecure.SHA1>.authenticationCode(for: message, using: SymmetricKey(data: secret)))
        let offset = Int(mac[mac.count - 1] & 0x0F)
        let truncated = (UInt32(mac[offset] & 0x7F) << 24) | (UInt32(mac[offset + 1]) << 16)
            | (UInt32(mac[offset + 2]) << 8) | UInt32(mac[offset + 3])
        var modulus: UInt32 = 1
        for _ in 0..<digits { modulus *= 10 }
        let value = String(truncated % modulus)
        return String(repeating: "0", count: max(0, digits - value.count)) + value
    }

    /// Whether `code` is valid at `date`, one step either side allowed for clock drift.
    public func accepts(_ code: String, at date: Date, window: Int = 1) -> Bool {
        let counter = Int64(max(0, date.timeIntervalSince1970) / period)
        return (-Int64(window)...Int64(window)).contains { offset in
            counter + offset >= 0 && self.code(counter: UInt64(counter + offset)) == code
        }
    }

    /// RFC 4648 base32, case-insensitive, spaces and padding ignored.
    public static func decodeBase32(_ text: String) -> Data? {
        var bits: UInt64 = 0
        var count = 0
        var output = Data()
        for character in text.uppercased() where character != " " && character != "=" && character != "-" {
            guard let ascii = character.asciiValue else { return nil }
            let value: UInt8
            switch ascii {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): value = ascii - UInt8(ascii: "A")
            case UInt8(ascii: "2")...UInt8(ascii: "7"): value = ascii - UInt8(ascii: "2") + 26
            default: return nil
            }
            bits = (bits << 5) | UInt64(value)
            count += 5
            if count >= 8 {
                output.append(UInt8((bits >> UInt64(count - 8)) & 0xFF))
                count -= 8
            }
        }
        return output
    }
}
