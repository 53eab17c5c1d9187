import Assistant
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The turn locks of the processes sharing one SQLite file: one byte of `PATH.turns` per
/// conversation (by hash), write-locked for the turn with an open-file-description lock.
///
/// Why a kernel lock and not a lease row: the kernel drops the lock the moment its holder dies,
/// however it dies (`kill -9`, OOM killer, power to the container), so a worker waiting for a
/// dead worker's conversation gets it at its next try (milliseconds), with no lease length to
/// guess and no process ids to check (which PID namespaces and pid reuse would make unreliable).
/// Open-file-description locks (`F_OFD_SETLK`, Linux) belong to the descriptor, not the process:
/// every turn opens its own, so two turns of one process exclude each other like two processes
/// do, and closing the descriptor releases exactly that turn's lock. Two conversations hashing to
/// one byte (one in 2^24) only take turns; a turn holds one byte at a time, so nothing deadlocks.
/// Where OFD locks do not exist (macOS), each turn `flock`s the whole file instead: as safe (also
/// per descriptor, also dropped on death), but turns of different conversations take turns.
struct TurnLockFile: Sendable {
    let path: String
    static let slots: Int64 = 1 << 24

    /// Creates the file (owner-only, as the database).
    init(path: String) throws {
        self.path = path
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw TurnLockError.cannotOpen(path, errno) }
        close(descriptor)
    }

    /// Waits (polling, so that cancelling the waiting task stops it) until the conversation's byte
    /// is free, and returns the descriptor that holds it.
    func acquire(_ id: String) async throws -> Int32 {
        let descriptor = open(path, O_RDWR | O_CLOEXEC)
        guard descriptor >= 0 else { throw TurnLockError.cannotOpen(path, errno) }
        var delay: UInt64 = 1_000_000
        while true {
            if Self.tryLock(descriptor, slot: Self.slot(id)) { return descriptor }
            let code = errno
            guard code == EAGAIN || code == EACCES || code == EINTR else {
                close(descriptor)
                throw TurnLockError.cannotLock(path, code)
            }
            if code != EINTR { TurnLockWait.heldByAnother() }
            do {
                try await Task.sleep(nanoseconds: delay)
            } catch {
                close(descriptor)
                throw error
            }
            delay = min(delay * 2, 20_000_000)
        }
    }

    /// Closing the descriptor releases its lock.
    func release(_ descriptor: Int32) {
        close(descriptor)
    }

    static func tryLock(_ descriptor: Int32, slot: Int64) -> Bool {
        #if os(Linux)
        var lock = flock()
        lock.l_type = Int16(F_WRLCK)
        lock.l_whence = Int16(SEEK_SET)
        lock.l_start = off_t(slot)
        lock.l_len = 1
        return fcntl(descriptor, 37 /* F_OFD_SETLK, not exported by Glibc's Swift overlay */, &lock) == 0
        #else
        return flock(descriptor, LOCK_EX | LOCK_NB) == 0
        #endif
    }

    /// FNV-1a of the id, stable across processes.
    static func slot(_ id: String) -> Int64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in id.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return Int64(hash % UInt64(slots))
    }
}

enum TurnLockError: Error, CustomStringConvertible {
    case cannotOpen(String, Int32)
    case cannotLock(String, Int32)

    var description: String {
        switch self {
        case .cannotOpen(let path, let code): return "cannot open the turn lock file \(path): \(String(cString: strerror(code)))"
        case .cannotLock(let path, let code): return "cannot lock a conversation in \(path): \(String(cString: strerror(code)))"
        }
    }
}
