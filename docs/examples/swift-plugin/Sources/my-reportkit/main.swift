import HeadlineCase
import ReportKitCLI
import ReportKitTransformers

// The same CLI as `reportkit`, with this package's transformers next to the built-ins.
ReportKitCommand.main(registry: BuiltinTransformers.registry.merging(HeadlineCasePlugin.registry))
