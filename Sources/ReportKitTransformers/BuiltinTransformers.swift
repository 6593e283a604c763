import ReportKit

/// The transformers that ship with reportkit.
public enum BuiltinTransformers {
    /// Every built-in, ready to pass to the CLI or to merge with a plugin package's own.
    public static let registry = TransformerRegistry([
        ExtractTransformer.registration,
        TranslateFixupsTransformer.registration,
        SummarizeTransformer.registration,
        ExportTransformer.registration,
        ExecPlugins.registration,
    ])
}
