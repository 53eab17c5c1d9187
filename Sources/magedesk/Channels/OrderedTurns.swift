import Assistant
import Foundation

/// Runs the turns of a line stream with lookups of different conversations in parallel, the turns
/// of one conversation strictly in order, and every answer written in input order.
///
/// At most `window` lines are between being read and being written, which bounds both the turns
/// in flight and the answers held back behind a slow one.
actor OrderedTurns {
    private let window: Int
    private let write: @Sendable (String) -> Void
    /// The last scheduled turn of each conversation with a turn still running.
    private var tails: [String: (serial: Int, task: Task<Void, Never>)] = [:]
    private var finished: [Int: String] = [:]
    private var nextToWrite = 0
    private var nextIndex = 0
    private var slotWaiters: [CheckedContinuation<Void, Never>] = []
    private var drainWaiters: [CheckedContinuation<Void, Never>] = []

    init(window: Int, write: @escaping @Sendable (String) -> Void) {
        self.window = max(1, window)
        self.write = write
    }

    /// Queues a line that needs no turn (an error answer).
    func submit(answer: String) async {
        let index = await reserve()
        deliver(index, answer)
    }

    /// Queues a turn of conversation `id`, after that conversation's previous turn.
    func submit(conversation id: String, turn: @escaping @Sendable () async -> String) async {
        let index = await reserve()
        let previous = tails[id]?.task
        let task = Task {
            await previous?.value
            let answer = await turn()
            self.completed(conversation: id, serial: index, index: index, answer: answer)
        }
        tails[id] = (index, task)
    }

    /// Returns once every queued line is written.
    func drain() async {
        if nextToWrite == nextIndex { return }
        await withCheckedContinuation { drainWaiters.append($0) }
    }

    private func reserve() async -> Int {
        while nextIndex - nextToWrite >= window {
            await withCheckedContinuation { slotWaiters.append($0) }
        }
        defer { nextIndex += 1 }
        return nextIndex
    }

    private func completed(conversation id: String, serial: Int, index: Int, answer: String) {
        if tails[id]?.serial == serial { tails[id] = nil }
        deliver(index, answer)
    }

    private func deliver(_ index: Int, _ answer: String) {
        finished[index] = answer
        while let line = finished.removeValue(forKey: nextToWrite) {
            write(line)
            nextToWrite += 1
            if !slotWaiters.isEmpty { slotWaiters.removeFirst().resume() }
        }
        if nextToWrite == nextIndex {
            for waiter in drainWaiters { waiter.resume() }
            drainWaiters = []
        }
    }
}
