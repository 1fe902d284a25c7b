import ChopFormats

/// Where a job writes: text on standard output, or a file of some kind.
enum OutputTarget {
    case standardOutput
    case file(path: String, kind: ArrayFileKind)

    /// nil and `-` mean standard output; a path without an extension gets the input's kind.
    init(_ path: String?, input: String) throws(ChopIOError) {
        guard let path, path != "-" else {
            self = .standardOutput
            return
        }
        let name = path.split(separator: "/").last.map(String.init) ?? path
        if !name.contains("."), input != "-" {
            self = .file(path: path, kind: try ArrayFileKind(path: input))
        } else if !name.contains(".") {
            self = .file(path: path, kind: .text(nil))
        } else {
            self = .file(path: path, kind: try ArrayFileKind(path: path))
        }
    }

    var isText: Bool {
        switch self {
        case .standardOutput: true
        case .file(_, let kind): kind.isText
        }
    }
}
