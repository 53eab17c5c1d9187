import ArgumentParser

/// `magedesk`: answers customers' questions about their Magento orders.
@main
struct Magedesk: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "magedesk",
        abstract: "Answers customer-support questions about Magento 1 and 2 orders.",
        discussion: """
            With no configuration, magedesk runs against a built-in demo store. Connect a real store \
            with MAGENTO_BASE_URL plus MAGENTO_ACCESS_TOKEN (Magento 2) or MAGENTO_API_USER and \
            MAGENTO_API_KEY (Magento 1). See README.md.
            """,
        version: "\(BuildInfo.version) (commit \(BuildInfo.commit))",
        subcommands: [
            ChatCommand.self, FilterCommand.self, ServeCommand.self, MailCommand.self, ReplayCommand.self, SimulateCommand.self, DoctorCommand.self, EvalCommand.self,
            PurgeCommand.self, ForgetCommand.self, IntentsCommand.self,
        ],
        defaultSubcommand: nil
    )
}
