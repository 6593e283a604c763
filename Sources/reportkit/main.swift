import ReportKitCLI
import ReportKitTransformers

ReportKitCommand.main(registry: BuiltinTransformers.registry)
