import Assistant
import Foundation
import Testing

@testable import magedesk

/// MAGEDESK_STATE_TIMEOUT and MAGEDESK_LOOKUP_DEADLINE: their defaults, the ways to write them,
/// and a message naming the setting for a value that is no deadline.
@Suite struct DeadlineSettingsTests {
    @Test func defaultsAreTwoSecondsForTheStoreAndEightForMagento() throws {
        let defaults = try Settings.load(configFile: nil, environment: [:]).engineSettings()
        #expect(defaults.stateTimeout == .seconds(2))
        #expect(defaults.lookupDeadline == .seconds(8))
    }

    @Test func secondsFractionsAndMillisecondsAreRead() throws {
        let settings = try Settings.load(
            configFile: nil, environment: ["MAGEDESK_STATE_TIMEOUT": "1.5s", "MAGEDESK_LOOKUP_DEADLINE": "750ms"]
        ).engineSettings()
        #expect(settings.stateTimeout == .milliseconds(1500))
        #expect(settings.lookupDeadline == .milliseconds(750))
        #expect(try Settings.load(configFile: nil, environment: ["MAGEDESK_STATE_TIMEOUT": "3"]).engineSettings().stateTimeout == .seconds(3))
    }

    @Test func aValueThatIsNoDeadlineIsRefusedByName() {
        for bad in ["0", "-1s", "soon", "2h", "0.2ms"] {
            do {
                _ = try Settings.load(configFile: nil, environment: ["MAGEDESK_LOOKUP_DEADLINE": bad]).engineSettings()
                Issue.record("accepted '\(bad)'")
            } catch {
                #expect("\(error)".hasPrefix("MAGEDESK_LOOKUP_DEADLINE must be a duration"), "\(error)")
            }
        }
    }
}
