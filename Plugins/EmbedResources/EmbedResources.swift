import Foundation
import PackagePlugin

/// Compiles the files in a target's `Resources/` folder into the target as string constants, so a
/// copied or installed binary carries its data with it instead of looking for a resource bundle
/// beside the build (SwiftPM's `Bundle.module` falls back to the build folder's absolute path).
/// SwiftPM's own `.embedInCode` writes byte-array literals, which take minutes and gigabytes to
/// compile at the size of the Magento 1 WSDLs; a string literal compiles in a moment.
@main
struct EmbedResources: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: any Target) throws -> [Command] {
        let folder = target.directoryURL.appending(path: "Resources")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { !$0.hasPrefix(".") }.sorted()
        let inputs = names.map { folder.appending(path: $0) }
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedResources.swift")
        return [
            .buildCommand(
                displayName: "Embedding \(names.count) resources in \(target.name)",
                executable: try context.tool(named: "ResourceEmbedder").url,
                arguments: [output.path] + inputs.map(\.path),
                inputFiles: inputs,
                outputFiles: [output])
        ]
    }
}
