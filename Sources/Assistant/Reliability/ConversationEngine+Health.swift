import Foundation

extension ConversationEngine {
    /// For `/health`: the conversation store, asked for a real write within MAGEDESK_STATE_TIMEOUT
    /// (turns found it answering or failing within the last second count instead).
    public func checkStateStore() async -> DependencyHealth.Status {
        if let checked = stateHealth.lastChecked, Date().timeIntervalSince(checked) < 1 { return stateHealth.status }
        let state = TurnStateAccess(store: store, budget: settings.stateTimeout, health: stateHealth)
        let store = self.store
        if (try? await state.run(.save) { try await store.checkHealth() }) != nil { stateHealth.succeeded() }
        return stateHealth.status
    }

    /// For `/health`: Magento as the turns found it, asked again (one order lookup, within the
    /// lookup deadline) while it is failing or when no turn asked it for 30 s.
    public func checkMagento() async -> DependencyHealth.Status {
        let status = backendHealth.status
        if status == .ok, let checked = backendHealth.lastChecked, Date().timeIntervalSince(checked) < 30 { return status }
        if case .failing = status, let checked = backendHealth.lastChecked, Date().timeIntervalSince(checked) < 1 { return status }
        var lookups = LookupRunner(backend: backend, logger: logger, deadline: min(settings.lookupDeadline, .seconds(5)), health: backendHealth)
        _ = try? await lookups.order(number: "000000000")
        lookups.reportSuccess()
        return backendHealth.status
    }
}
