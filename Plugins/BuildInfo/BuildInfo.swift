import Foundation
import PackagePlugin

/// Gives the target `BuildInfo.version` (from the package's `VERSION` file, the one place the
/// version is kept) and `BuildInfo.commit` (the checkout's git commit, `+dirty` with uncommitted
/// changes, `unknown` outside git), for `magedesk --version`. Runs before every build so the commit
/// is never stale; the file is only rewritten when it changes, so nothing recompiles needlessly.
@main
struct BuildInfo: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: any Target) throws -> [Command] {
        let output = context.pluginWorkDirectoryURL.appending(path: "BuildInfo")
        return [
            .prebuildCommand(
                displayName: "Recording the version and git commit for \(target.name)",
                executable: URL(fileURLWithPath: "/bin/sh"),
                arguments: [context.package.directoryURL.appending(path: "scripts/build-info.sh").path, context.package.directoryURL.path, output.path],
                outputFilesDirectory: output)
        ]
    }
}
