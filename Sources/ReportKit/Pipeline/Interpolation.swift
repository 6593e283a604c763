/// `${VAR}` and `${VAR:-default}` in pipeline scalars; `$$` stands for a literal `$`.
public enum Interpolation {
    public enum Failure: Error, Equatable {
        /// The variable is unset and has no default.
        case unset(name: String, column: Int)
        /// A `${` without its closing `}`.
        case unterminated(column: Int)
    }

    /// The text with every reference replaced from `environment`.
    public static func expand(_ text: String, environment: [String: String]) throws(Failure) -> String {
        guard text.utf8.contains(0x24) else { return text }  // no "$": nothing to do
        var out = ""
        var chars = Array(text)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == "$", i + 1 < chars.count, chars[i + 1] == "$" {
                out.append("$")
                i += 2
                continue
            }
            if c == "$", i + 1 < chars.count, chars[i + 1] == "{" {
                guard let close = chars[(i + 2)...].firstIndex(of: "}") else { throw .unterminated(column: i) }
                let inner = String(chars[(i + 2)..<close])
                let name: String
                var fallback: String?
                if let range = inner.range(of: ":-") {
                    name = String(inner[..<range.lowerBound])
                    fallback = String(inner[range.upperBound...])
                } else {
                    name = inner
                }
                if let value = environment[name], !(fallback != nil && value.isEmpty) {
                    out += value
                } else if let fallback {
                    out += fallback
                } else {
                    throw .unset(name: name, column: i)
                }
                i = close + 1
                continue
            }
            out.append(c)
            i += 1
        }
        chars.removeAll()
        return out
    }
}
