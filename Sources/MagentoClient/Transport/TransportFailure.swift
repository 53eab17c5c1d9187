import AsyncHTTPClient
import NIOCore
import NIOPosix
import NIOSSL

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What stopped one HTTP exchange, sorted into the three kinds `HTTPTransport.send` treats
/// differently, with a reason a merchant can act on ("connection refused", not an error code).
enum TransportFailure: Error, Equatable {
    case timedOut
    case cancelled
    case unreachable(String)

    init(_ error: any Error) {
        switch error {
        case is CancellationError:
            self = .cancelled
        case let error as HTTPClientError:
            self = TransportFailure(client: error)
        case let error as NIOConnectionError:
            if let first = error.connectionErrors.first?.error {
                self = TransportFailure(first)
            } else {
                self = .unreachable("host not found")
            }
        case let error as IOError:
            self = TransportFailure(errno: error.errnoCode)
        case ChannelError.connectTimeout:
            self = .timedOut
        case is NIOSSLError, is BoringSSLError, is NIOSSLExtraError:
            self = .unreachable("TLS handshake failed")
        default:
            self = .unreachable("network error")
        }
    }

    private init(client error: HTTPClientError) {
        switch error {
        case .cancelled, .requestStreamCancelled:
            self = .cancelled
        case .deadlineExceeded, .readTimeout, .writeTimeout, .connectTimeout, .tlsHandshakeTimeout,
            .getConnectionFromPoolTimeout, .httpProxyHandshakeTimeout, .socksHandshakeTimeout:
            self = .timedOut
        case .remoteConnectionClosed, .uncleanShutdown:
            self = .unreachable("connection dropped")
        case .invalidProxyResponse, .proxyAuthenticationRequired:
            self = .unreachable("the HTTP proxy refused the connection")
        case .redirectLimitReached, .redirectCycleDetected:
            self = .unreachable("too many redirects")
        default:
            self = .unreachable("HTTP error (\(error))")
        }
    }

    private init(errno code: Int32) {
        switch code {
        case ECONNREFUSED: self = .unreachable("connection refused")
        case ECONNRESET, EPIPE, ECONNABORTED: self = .unreachable("connection dropped")
        case ENETUNREACH, ENETDOWN: self = .unreachable("no network")
        case EHOSTUNREACH: self = .unreachable("host unreachable")
        case ETIMEDOUT: self = .timedOut
        default: self = .unreachable("network error \(code)")
        }
    }

    /// For the debug log: the kind, never a URL or a header.
    var summary: String {
        switch self {
        case .timedOut: "timed out"
        case .cancelled: "cancelled"
        case .unreachable(let reason): reason
        }
    }
}
